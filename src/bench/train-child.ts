/**
 * One backend's run of the train suite, in its own process so its peak RSS is its own:
 *   node dist/src/bench/train-child.js --backend native|wasm|js --batches N [--batch-size 128]
 * Follows train-protocol.ts with the public API, as a user would write it: the data set by name (bytes),
 * a reused float32 batch buffer, model.trainOnBatch. Prints one JSON line.
 */
import { gatherBatch, initBackend, layers, loadDataset, optimizers, Random, sequential, tensor2d } from '../index.js';
import {
  BATCH_SIZE,
  DEFAULT_BATCHES,
  LAYERS,
  childArgs,
  peakRssMb,
  timeTraining,
  type TrainResult,
} from './train-protocol.js';

const args = childArgs(process.argv.slice(2));
const backend = args.backend;
if (backend !== 'native' && backend !== 'wasm' && backend !== 'js')
  throw new Error(`train-child: --backend must be native, wasm or js; got ${backend}`);
const batches = Number(args.batches ?? DEFAULT_BATCHES);
const batchSize = Number(args['batch-size'] ?? BATCH_SIZE);
if (!Number.isInteger(batchSize) || batchSize < 1)
  throw new Error(`train-child: --batch-size must be a positive integer; got ${args['batch-size']}`);
const info = await initBackend({ backend });

const { train } = loadDataset('fashion-mnist');
const model = sequential({
  seed: 1,
  layers: [
    layers.dense({ inputShape: [LAYERS[0]], units: LAYERS[1], activation: 'relu' }),
    layers.dense({ units: LAYERS[2], activation: 'relu' }),
    layers.dense({ units: LAYERS[3], activation: 'softmax' }),
  ],
});
model.compile({ optimizer: optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });

const order = new Random(1).permutation(train.rows);
const perEpoch = Math.floor(train.rows / batchSize);
const x = tensor2d(new Float32Array(batchSize * LAYERS[0]), [batchSize, LAYERS[0]]);
const y = tensor2d(new Float32Array(batchSize), [batchSize, 1]);
const timing = await timeTraining(
  batches,
  (i) => {
    gatherBatch(train, order, (i % perEpoch) * batchSize, batchSize, x.data, y.data, { scale: 1 / 255 });
    const loss = model.trainOnBatch(x, y);
    return Array.isArray(loss) ? loss[0] : loss;
  },
  batchSize,
);
const threads = typeof info.details.threads === 'number' ? info.details.threads : 1;
const result: TrainResult = {
  suite: 'train',
  backend,
  threads,
  batchSize,
  ...timing,
  peakRssMb: peakRssMb(),
  batches,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
