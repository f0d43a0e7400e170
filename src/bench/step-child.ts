/**
 * One backend's run of the step suite (step.ts), in its own process:
 *   node dist/src/bench/step-child.js --backend native|wasm|js
 * Prints one JSON line: {"suite":"step","backend":...,"threads":...,"batchSize":1,"usPerStep":...,
 * "fastUsPerStep":...}: the median window and the fastest (steadyStepTimes in timing.ts).
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
import { steadyStepTimes } from './timing.js';
import { STEP_LAYERS, STEP_TIMING } from './step.js';
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

// One row per step, in order, each row a tensor made once (as a custom loop over prepared rows would): the
// loop itself allocates nothing, so what is timed is trainOnBatch alone.
const [inputs, outputs] = [STEP_LAYERS[0], STEP_LAYERS[3]];
const xs = Array.from({ length: train.rows }, (_, r) =>
  tensor2d(features.slice(r * inputs, (r + 1) * inputs), [1, inputs]),
);
const ys = Array.from({ length: train.rows }, (_, r) =>
  tensor2d(targets.slice(r * outputs, (r + 1) * outputs), [1, outputs]),
);
let row = 0;
const step = (): void => {
  model.trainOnBatch(xs[row], ys[row]);
  row = row + 1 === train.rows ? 0 : row + 1;
};
const times = steadyStepTimes(step, STEP_TIMING);
const threads = typeof info.details.threads === 'number' ? info.details.threads : 1;
const result = {
  suite: 'step',
  backend,
  threads,
  batchSize: 1,
  network: STEP_LAYERS.join('-'),
  usPerStep: Math.round(times.median * 1e6 * 100) / 100,
  fastUsPerStep: Math.round(times.fastest * 1e6 * 100) / 100,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
