// The child process of zero-allocation.test.ts, run with a young generation large enough that no scavenge
// happens while it measures (--min-semi-space-size and --max-semi-space-size) and --expose-gc.
//
// It builds a small MLP (dense + relu with an L1/L2 regularizer, batch norm, dropout, a second regularized
// dense, softmax cross-entropy, Adam, accuracy) and measures, over STEPS steps after a warm-up, how much the
// young generation (where every new object is allocated) grows:
//   step:    fit's inner step (engine trainBatch: gather the shuffled batch, forward, loss, backward,
//            regularizer gradients, clipping, the optimizer kernel, metrics);
//   kernels: the kernel calls of one step, recorded once by wrapping the backend's kernels, replayed as
//            many times: what the kernels allocate themselves;
//   model:   step - kernels, what the model layer allocates.
// With `object` as the last argument every step also allocates one small object (the check that the
// measurement sees it). Prints one JSON line: { step, kernels, model, collections }, collections listing
// the garbage collections that ran during a measurement (any one of them invalidates it).
// Usage: node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 zero-allocation-child.mjs
//        <dist/src URL> <backend> <kernel names, comma-separated> <steps> <none|object>
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const [root, backendName, kernelList, stepsArg, extraArg] = process.argv.slice(2);
const STEPS = Number(stepsArg);
const WARM_UP = 500;
const ROWS = 64;
const BATCH = 16;
const { layers } = await import(`${root}/layers/index.js`);
const { sequential } = await import(`${root}/model/sequential.js`);
const { epochRandom, trainBatch } = await import(`${root}/model/fit.js`);
const { optimizers } = await import(`${root}/optimizers/index.js`);
const { regularizers } = await import(`${root}/regularizers.js`);
const { Random } = await import(`${root}/random.js`);
const { Tensor2D } = await import(`${root}/tensor.js`);
const { loadBackend } = await import(`${root}/backends/node.js`);
const backend = await loadBackend(backendName);

const model = sequential({
  backend, seed: 7, layers: [
    layers.dense({ inputShape: [12], units: 32, activation: 'relu', kernelRegularizer: regularizers.l1l2({ l1: 1e-4, l2: 1e-3 }) }),
    layers.batchNormalization(),
    layers.dropout({ rate: 0.25 }),
    layers.dense({ units: 16, activation: 'relu', kernelRegularizer: regularizers.l2({ l2: 1e-3 }) }),
    layers.dense({ units: 4, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: optimizers.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const random = new Random(3);
const x = new Tensor2D(random.fillUniform(new Float32Array(ROWS * 12), -1, 1), [ROWS, 12]);
const labels = new Float32Array(ROWS * 4);
for (let r = 0; r < ROWS; r++) labels[r * 4 + (r % 4)] = 1;
const y = new Tensor2D(labels, [ROWS, 4]);
// gradientProbe() hands out the model's engine itself, the object fit drives.
const engine = model.gradientProbe();
engine.ensureCapacity(BATCH);
const rt = engine.runtime(epochRandom(7, 0));
const order = rt.random.permutation(ROWS);
const sums = new Float64Array(1);
let start = 0;
const train = () => {
  trainBatch(engine, rt, x, y, order, start, start + BATCH, undefined, undefined, sums);
  start = (start + BATCH) % ROWS;
};
const kept = [];
let n = 0;
const step = extraArg === 'object' ? () => { train(); kept.push({ step: n++ }); kept.pop(); } : train;

/** The kernel calls of one run of `run`, recorded by wrapping each kernel of the backend for that run. */
function recordKernelCalls(run) {
  const kernels = [];
  const args = [];
  const saved = new Map();
  for (const name of kernelList.split(',')) {
    const original = backend[name];
    saved.set(name, Object.getOwnPropertyDescriptor(backend, name));
    backend[name] = function (...given) {
      kernels.push(original);
      args.push(given);
      return original.apply(this, given);
    };
  }
  try {
    run();
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(backend, name, descriptor);
      else delete backend[name];
    }
  }
  return { kernels, args };
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

for (let i = 0; i < WARM_UP; i++) step();
const { kernels, args } = recordKernelCalls(train);
const replay = () => {
  for (let k = 0; k < kernels.length; k++) Reflect.apply(kernels[k], backend, args[k]);
};
for (let i = 0; i < WARM_UP; i++) replay();
for (let i = 0; i < WARM_UP; i++) step();
const whole = measure(step, STEPS);
const kernelOnly = measure(replay, STEPS);
// gc entries arrive asynchronously: give them a turn, then keep those inside a measurement.
await new Promise((resolve) => setTimeout(resolve, 50));
const inside = (e, m) => e.startTime > m.from && e.startTime < m.to;
const collections = gcEntries.filter((e) => inside(e, whole) || inside(e, kernelOnly)).map((e) => `${e.name} at ${e.startTime.toFixed(1)} ms`);
process.stdout.write(`${JSON.stringify({ step: whole.growth, kernels: kernelOnly.growth, model: whole.growth - kernelOnly.growth, kernelCalls: kernels.length, collections })}\n`);
