/**
 * One backend's run of the train suite, in its own process so its peak RSS is its own:
 *   node dist/src/bench/train-child.js --backend native|wasm|js --batches N [--batch-size 128]
 * Follows train-protocol.ts with the public API, as a user would write it (time-fit.ts). Prints one JSON line.
 */
import { initBackend, layers, loadDatasetAsync, optimizers, sequential } from '../index.js';
import { timeFit } from './time-fit.js';
import {
  BATCH_SIZE,
  DEFAULT_BATCHES,
  LAYERS,
  WARMUP_BATCHES,
  childArgs,
  peakRssMb,
  type TrainResult,
} from './train-protocol.js';

const args = childArgs(process.argv.slice(2));
const backend = args.backend;
if (backend !== 'native' && backend !== 'wasm' && backend !== 'js')
  throw new Error(`train-child: --backend must be native, wasm or js; got ${backend}`);
const batches = Number(args.batches ?? DEFAULT_BATCHES);
if (!Number.isInteger(batches) || batches < 1)
  throw new Error(`train-child: --batches must be an integer >= 1; got ${args.batches}`);
const batchSize = Number(args['batch-size'] ?? BATCH_SIZE);
if (!Number.isInteger(batchSize) || batchSize < 1)
  throw new Error(`train-child: --batch-size must be a positive integer; got ${args['batch-size']}`);
const info = await initBackend({ backend });

const { train } = await loadDatasetAsync('fashion-mnist');
const model = sequential({
  seed: 1,
  layers: [
    layers.dense({ inputShape: [LAYERS[0]], units: LAYERS[1], activation: 'relu' }),
    layers.dense({ units: LAYERS[2], activation: 'relu' }),
    layers.dense({ units: LAYERS[3], activation: 'softmax' }),
  ],
});
model.compile({ optimizer: optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });

const timing = await timeFit(model, train, { batchSize, warmUp: WARMUP_BATCHES, batches });
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
