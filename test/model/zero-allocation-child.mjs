// The child process of zero-allocation.test.ts, run with a young generation large enough that no scavenge
// happens while it measures (--min-semi-space-size and --max-semi-space-size) and --expose-gc.
//
// It builds a small MLP (dense + relu with an L1/L2 regularizer, batch norm, dropout, a second regularized
// dense, softmax cross-entropy, Adam, accuracy) and measures, over STEPS runs after a warm-up, how much the
// young generation (where every new object is allocated) grows while it runs one of:
//   step:         fit's inner step (engine trainBatch: gather the shuffled batch, forward, loss, backward,
//                 regularizer gradients, clipping, the optimizer kernel, metrics);
//   step+object:  the same, plus one small object per step (the check that the measurement sees it);
//   dataset-step: fit's inner step on a Dataset of bytes: each batch's features scaled by 1/255 and its
//                 labels made one-hot as they are gathered into the model;
//   kernels:      the kernel calls of one step, recorded once through a stand-in for the backend and
//                 replayed: what the kernels allocate themselves;
//   predictInto:  model.predictInto on one row into the same output buffer.
// Each runs in a process of its own, so that recording the kernels cannot change how the step is compiled.
// The runs are measured in <windows> consecutive windows of <steps> runs each, each window starting after a
// full garbage collection: an allocation per run shows in every window, while a one-off (a function
// optimized late because another process loads the machine runs unoptimized code, which boxes its
// numbers, a little longer) shows in one.
// Prints one JSON line: { growths, collections, numberResults }: growths the young generation's growth in
// each window less what measuring adds, collections the garbage collections that ran inside a window (any
// one of them invalidates the measurement), numberResults (kernels only) how many of the step's kernel
// calls return a number.
// Usage: node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 zero-allocation-child.mjs
//        <dist/src URL> <backend> <step|step+object|dataset-step|kernels|predictInto> <kernel names, comma-separated> <steps> <windows>
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const [root, backendName, what, kernelList, stepsArg, windowsArg] = process.argv.slice(2);
const STEPS = Number(stepsArg);
const WINDOWS = Number(windowsArg);
const WARM_UP = 5000;
const ROWS = 64;
const BATCH = 16;
const { layers } = await import(`${root}/layers/index.js`);
const { sequential } = await import(`${root}/model/sequential.js`);
const { epochRandom, trainBatch } = await import(`${root}/model/fit.js`);
const { datasetBatches, TensorBatches } = await import(`${root}/model/batch-source.js`);
const { optimizers } = await import(`${root}/optimizers/index.js`);
const { regularizers } = await import(`${root}/regularizers.js`);
const { Random } = await import(`${root}/random.js`);
const { Tensor2D } = await import(`${root}/tensor.js`);
const { loadBackend } = await import(`${root}/backends/node.js`);
const { KERNELS } = await import(`${root}/backends/manifest.js`);
const backend = await loadBackend(backendName);

/** The model: dense + relu with an L1/L2 regularizer, batch norm, dropout, softmax cross-entropy, Adam. */
function buildModel(on) {
  const model = sequential({
    backend: on,
    seed: 7,
    layers: [
      layers.dense({
        inputShape: [12],
        units: 32,
        activation: 'relu',
        kernelRegularizer: regularizers.l1l2({ l1: 1e-4, l2: 1e-3 }),
      }),
      layers.batchNormalization(),
      layers.dropout({ rate: 0.25 }),
      layers.dense({ units: 16, activation: 'relu', kernelRegularizer: regularizers.l2({ l2: 1e-3 }) }),
      layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: optimizers.adam({ learningRate: 1e-3 }),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

const random = new Random(3);
const x = new Tensor2D(random.fillUniform(new Float32Array(ROWS * 12), -1, 1), [ROWS, 12]);
const labels = new Float32Array(ROWS * 4);
for (let r = 0; r < ROWS; r++) labels[r * 4 + (r % 4)] = 1;
const y = new Tensor2D(labels, [ROWS, 4]);
const bytes = {
  x: Uint8Array.from(x.data, (v) => Math.round((v + 1) * 127.5)),
  y: Float32Array.from({ length: ROWS }, (_, r) => r % 4),
  rows: ROWS,
  features: 12,
  classes: 4,
};
const shape = { inputUnits: 12, inputShape: [12], outputUnits: 4, first: { name: 'dense' }, last: { name: 'dense_2' } };
/** The rows fit loads: the tensors, or (dataset-step) the Dataset of bytes. */
const source =
  what === 'dataset-step'
    ? datasetBatches(bytes, { scale: 1 / 255, scaler: undefined }, shape, false, 'x')
    : new TensorBatches(x, y);

/** fit's inner step on a model built on `on`: one shuffled batch of BATCH rows per call. */
function fitStep(on) {
  // gradientProbe() hands out the model's engine itself, the object fit drives.
  const engine = buildModel(on).gradientProbe();
  engine.ensureCapacity(BATCH);
  const rt = engine.runtime(epochRandom(7, 0));
  const order = rt.random.permutation(ROWS);
  const sums = new Float64Array(1);
  let start = 0;
  return () => {
    trainBatch(engine, rt, source, order, start, start + BATCH, undefined, undefined, sums);
    start = (start + BATCH) % ROWS;
  };
}

/**
 * The kernel calls of one step of an identical model built on a stand-in for the backend (an object whose
 * prototype is the backend, with each kernel wrapped to record its arguments), so the measured model and
 * the backend itself are never touched by the recording.
 */
function recordKernelCalls() {
  const kernels = [];
  const names = [];
  const args = [];
  let recording = false;
  const standIn = Object.create(backend);
  for (const name of kernelList.split(',')) {
    const original = backend[name];
    standIn[name] = (...given) => {
      if (recording) {
        kernels.push(original);
        names.push(name);
        args.push(given);
      }
      return original.apply(backend, given);
    };
  }
  const recorded = fitStep(standIn);
  for (let i = 0; i < ROWS / BATCH; i++) recorded();
  recording = true;
  recorded();
  return { kernels, names, args };
}

function youngBytes() {
  let used = 0;
  for (const space of getHeapSpaceStatistics()) if (space.space_name.startsWith('new_')) used += space.space_used_size;
  return used;
}

const gcEntries = [];
new PerformanceObserver((list) => gcEntries.push(...list.getEntries())).observe({ entryTypes: ['gc'] });

/** Young-generation growth over `count` runs of `run`, starting from an empty young generation. */
function measure(run, count) {
  globalThis.gc();
  const from = performance.now();
  const before = youngBytes();
  for (let i = 0; i < count; i++) run();
  const growth = youngBytes() - before;
  return { growth, from, to: performance.now() };
}

let run;
let numberResults;
if (what === 'kernels') {
  const { kernels, names, args } = recordKernelCalls();
  numberResults = names.filter((name) => KERNELS[name].returns === 'number').length;
  run = () => {
    for (let k = 0; k < kernels.length; k++) Reflect.apply(kernels[k], backend, args[k]);
  };
} else if (what === 'predictInto') {
  const model = buildModel(backend);
  const one = new Tensor2D(x.data.slice(0, 12), [1, 12]);
  const out = new Float32Array(4);
  run = () => model.predictInto(one, out);
} else {
  const train = fitStep(backend);
  const kept = [];
  let n = 0;
  run =
    what === 'step+object'
      ? () => {
          train();
          kept.push({ step: n++ });
          kept.pop();
        }
      : train;
}
for (let i = 0; i < WARM_UP; i++) run();
const windows = Array.from({ length: WINDOWS }, () => measure(run, STEPS));
// gc entries arrive asynchronously: give them a turn, then keep those inside a window.
await new Promise((resolve) => setTimeout(resolve, 50));
const collections = gcEntries
  .filter((e) => windows.some((w) => e.startTime > w.from && e.startTime < w.to))
  .map((e) => `${e.name} at ${e.startTime.toFixed(1)} ms`);
// What measuring itself adds (the heap statistics' objects), measured around a loop that allocates nothing.
const overhead = measure(() => {}, STEPS).growth;
const growths = windows.map((w) => w.growth - overhead);
process.stdout.write(`${JSON.stringify({ growths, collections, numberResults })}\n`);
