/**
 * The cnn suite's TensorFlow.js peer, run in its own process by bench/peers.ts:
 *   node dist/bench/peers/tfjs-cnn.js --backend cpu|wasm --batches N
 * prints one JSON line (the same fields as our backends) following src/bench/cnn-protocol.ts, with the
 * network built from tfjs-layers' own conv2d, maxPooling2d, flatten and dense.
 */
import {
  CLASSES,
  CNN_BATCH_SIZE,
  CNN_DEFAULT_BATCHES,
  CNN_WARMUP_BATCHES,
  IMAGE_SHAPE,
} from '../../src/bench/cnn-protocol.js';
import { childArgs, peakRssMb, timeTraining, type TrainResult } from '../../src/bench/train-protocol.js';
import { gatherBatch } from '../../src/data/batches.js';
import { loadDataset } from '../../src/data/datasets.js';
import { oneHot } from '../../src/data/one-hot.js';
import { Random } from '../../src/random.js';
import { tfjsOn } from './tfjs-backend.js';

const args = childArgs(process.argv.slice(2));
const which = args.backend;
const batches = Number(args.batches ?? CNN_DEFAULT_BATCHES);
const { tf, tfl } = await tfjsOn(which, 'tfjs-cnn');

const { train } = loadDataset('fashion-mnist');
const model = tfl.sequential({
  layers: [
    tfl.layers.conv2d({ inputShape: [...IMAGE_SHAPE], filters: 32, kernelSize: 3, activation: 'relu' }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 128, activation: 'relu' }),
    tfl.layers.dense({ units: CLASSES, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });

const pixels = IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * IMAGE_SHAPE[2];
const order = new Random(1).permutation(train.rows);
const perEpoch = Math.floor(train.rows / CNN_BATCH_SIZE);
const xBatch = new Float32Array(CNN_BATCH_SIZE * pixels);
const yBatch = new Float32Array(CNN_BATCH_SIZE);
// tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter kernel, so it cannot train a convolution: say so
// in one line, which the bench shows as the reason the row is absent.
const timing = await timeTraining(
  batches,
  async (i) => {
    gatherBatch(train, order, (i % perEpoch) * CNN_BATCH_SIZE, CNN_BATCH_SIZE, xBatch, yBatch, { scale: 1 / 255 });
    const x = tf.tensor4d(xBatch, [CNN_BATCH_SIZE, ...IMAGE_SHAPE]);
    const y = tf.tensor2d(oneHot(yBatch, CLASSES), [CNN_BATCH_SIZE, CLASSES]);
    const loss = await model.trainOnBatch(x, y);
    x.dispose();
    y.dispose();
    return Array.isArray(loss) ? loss[0] : loss;
  },
  CNN_BATCH_SIZE,
  CNN_WARMUP_BATCHES,
).catch((error: unknown) => {
  process.stderr.write(`tfjs-${which} cannot train the CNN: ${(error as Error).message}\n`);
  process.exit(1);
});
const result: TrainResult = {
  suite: 'cnn',
  backend: `tfjs-${which}`,
  threads: 1,
  batchSize: CNN_BATCH_SIZE,
  ...timing,
  peakRssMb: peakRssMb(),
  batches,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
