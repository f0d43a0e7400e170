/**
 * One backend's run of the cnn suite, in its own process so its peak RSS is its own:
 *   node dist/src/bench/cnn-child.js --backend native|wasm|js --batches N
 * Follows cnn-protocol.ts with the public API, as a user would write it (time-fit.ts): the network of
 * `backprop train --model cnn` without its batch norms (src/cli/models.ts). Prints one JSON line.
 */
import { cnnLayers } from '../cli/models.js';
import { initBackend, loadDatasetAsync, optimizers, sequential } from '../index.js';
import { CLASSES, CNN_BATCH_SIZE, CNN_DEFAULT_BATCHES, CNN_WARMUP_BATCHES, IMAGE_SHAPE } from './cnn-protocol.js';
import { timeFit } from './time-fit.js';
import { childArgs, peakRssMb, type TrainResult } from './train-protocol.js';

const args = childArgs(process.argv.slice(2));
const backend = args.backend;
if (backend !== 'native' && backend !== 'wasm' && backend !== 'js')
  throw new Error(`cnn-child: --backend must be native, wasm or js; got ${backend}`);
const batches = Number(args.batches ?? CNN_DEFAULT_BATCHES);
if (!Number.isInteger(batches) || batches < 1)
  throw new Error(`cnn-child: --batches must be an integer >= 1; got ${args.batches}`);
const info = await initBackend({ backend });

const { train } = await loadDatasetAsync('fashion-mnist');
const model = sequential({ seed: 1, layers: cnnLayers(IMAGE_SHAPE, CLASSES) });
model.compile({ optimizer: optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });

const timing = await timeFit(model, train, { batchSize: CNN_BATCH_SIZE, warmUp: CNN_WARMUP_BATCHES, batches });
const result: TrainResult = {
  suite: 'cnn',
  backend,
  threads: typeof info.details.threads === 'number' ? info.details.threads : 1,
  batchSize: CNN_BATCH_SIZE,
  ...timing,
  peakRssMb: peakRssMb(),
  batches,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
