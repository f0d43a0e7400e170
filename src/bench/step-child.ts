/**
 * One backend's run of the step suite (step.ts), in its own process:
 *   node dist/src/bench/step-child.js --backend native|wasm|js
 * Prints one JSON line: {"suite":"step","backend":...,"threads":...,"batchSize":1,"usPerStep":...}.
 */
import {
  initBackend,
  layers,
  loadDataset,
  oneHot,
  optimizers,
  sequential,
  standardScaler,
  tensor2d,
} from '../index.js';
import { bestSecondsPerCall } from './timing.js';
import { STEP_LAYERS, STEP_MIN_SECONDS, STEP_WARMUP } from './step.js';
import { childArgs } from './train-protocol.js';

const { backend } = childArgs(process.argv.slice(2));
if (backend !== 'native' && backend !== 'wasm' && backend !== 'js')
  throw new Error(`step-child: --backend must be native, wasm or js; got ${backend}`);
const info = await initBackend({ backend });

const { train } = loadDataset('iris');
const features = standardScaler().fit(train.x, train.features).transform(train.x);
const targets = oneHot(train.y, STEP_LAYERS[3]);
const model = sequential({
  seed: 7,
  layers: [
    layers.dense({ inputShape: [STEP_LAYERS[0]], units: STEP_LAYERS[1], activation: 'relu' }),
    layers.dense({ units: STEP_LAYERS[2], activation: 'relu' }),
    layers.dense({ units: STEP_LAYERS[3], activation: 'softmax' }),
  ],
});
model.compile({ optimizer: optimizers.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });

// One row per step, in order, copied into tensors made once (as a custom loop would).
const x = tensor2d(new Float32Array(STEP_LAYERS[0]), [1, STEP_LAYERS[0]]);
const y = tensor2d(new Float32Array(STEP_LAYERS[3]), [1, STEP_LAYERS[3]]);
let row = 0;
const step = (): void => {
  x.data.set(features.subarray(row * STEP_LAYERS[0], (row + 1) * STEP_LAYERS[0]));
  y.data.set(targets.subarray(row * STEP_LAYERS[3], (row + 1) * STEP_LAYERS[3]));
  model.trainOnBatch(x, y);
  row = (row + 1) % train.rows;
};
for (let i = 0; i < STEP_WARMUP; i++) step();
const [seconds] = bestSecondsPerCall([step], { minSeconds: STEP_MIN_SECONDS, warmUp: false });
const threads = typeof info.details.threads === 'number' ? info.details.threads : 1;
const result = {
  suite: 'step',
  backend,
  threads,
  batchSize: 1,
  network: STEP_LAYERS.join('-'),
  usPerStep: Math.round(seconds * 1e6 * 100) / 100,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
