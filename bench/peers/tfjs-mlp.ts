/**
 * The train suite's TensorFlow.js peer, run in its own process by bench/peers.ts:
 *   node dist/bench/peers/tfjs-mlp.js --backend cpu|wasm --batches N
 * prints one JSON line (the same fields as our backends) following src/bench/train-protocol.ts.
 */
import { gatherBatch } from '../../src/data/batches.js';
import { loadDataset } from '../../src/data/datasets.js';
import { oneHot } from '../../src/data/one-hot.js';
import { Random } from '../../src/random.js';
import { tfjsOn } from './tfjs-backend.js';
import {
  BATCH_SIZE,
  DEFAULT_BATCHES,
  LAYERS,
  childArgs,
  peakRssMb,
  timeTraining,
  type TrainResult,
} from '../../src/bench/train-protocol.js';

const args = childArgs(process.argv.slice(2));
const which = args.backend;
const batches = Number(args.batches ?? DEFAULT_BATCHES);
const { tf, tfl } = await tfjsOn(which, 'tfjs-mlp');

const { train } = loadDataset('fashion-mnist');
const model = tfl.sequential({
  layers: [
    tfl.layers.dense({ inputShape: [LAYERS[0]], units: LAYERS[1], activation: 'relu' }),
    tfl.layers.dense({ units: LAYERS[2], activation: 'relu' }),
    tfl.layers.dense({ units: LAYERS[3], activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });

const order = new Random(1).permutation(train.rows);
const perEpoch = Math.floor(train.rows / BATCH_SIZE);
const xBatch = new Float32Array(BATCH_SIZE * LAYERS[0]);
const yBatch = new Float32Array(BATCH_SIZE);
const timing = await timeTraining(batches, async (i) => {
  gatherBatch(train, order, (i % perEpoch) * BATCH_SIZE, BATCH_SIZE, xBatch, yBatch, { scale: 1 / 255 });
  const x = tf.tensor2d(xBatch, [BATCH_SIZE, LAYERS[0]]);
  const y = tf.tensor2d(oneHot(yBatch, 10), [BATCH_SIZE, 10]);
  const loss = await model.trainOnBatch(x, y);
  x.dispose();
  y.dispose();
  return Array.isArray(loss) ? loss[0] : loss;
});
const result: TrainResult = {
  suite: 'train',
  backend: `tfjs-${which}`,
  threads: 1,
  batchSize: BATCH_SIZE,
  ...timing,
  peakRssMb: peakRssMb(),
  batches,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
