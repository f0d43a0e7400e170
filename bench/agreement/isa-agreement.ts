/**
 * How closely every backend, and the native one at every instruction-set level this CPU supports,
 * agrees with the js reference on the values that decide training: each loss's value (worst relative
 * difference from js over seeded inputs of several shapes) and the model gradient checks of
 * test/model/gradients.test.ts (worst relative error between the backpropagated and the
 * central-difference gradient; the test's tolerance is 0.02).
 *
 *   npm run build:bench && node dist/bench/agreement/isa-agreement.js [--json]
 */
import type { Backend } from '../../src/backends/contract.js';
import type { NativeBackend } from '../../src/backends/native/index.js';
import { initBackend, loadBackend } from '../../src/backends/node.js';
import { gradientCheck, type Layer, layers, losses, sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';

interface Target {
  name: string;
  backend: Backend;
  select(): Promise<void>;
}

const json = process.argv.includes('--json');

async function targets(): Promise<Target[]> {
  const found: Target[] = [];
  for (const name of ['js', 'wasm'] as const) {
    try {
      const backend = await loadBackend(name);
      found.push({
        name,
        backend,
        select: async () => {
          await initBackend({ backend: name });
        },
      });
    } catch (error) {
      console.error(`${name}: not available (${(error as Error).message})`);
    }
  }
  try {
    const native = (await loadBackend('native')) as NativeBackend;
    for (const level of native.addon.isaSupported().split(',')) {
      found.push({
        name: `native ${level}`,
        backend: native,
        select: async () => {
          await initBackend({ backend: 'native' });
          if (native.addon.selectIsa(level) !== level) throw new Error(`selectIsa(${level}) failed`);
        },
      });
    }
  } catch (error) {
    console.error(`native: not available (${(error as Error).message})`);
  }
  return found;
}

// ------------------------------------------------------------------------------------------- losses
/** inputs as from LossCase.inputs, then two rows x cols scratch buffers (grad, probs), all on b. */
type LossCall = (b: Backend, rows: number, cols: number, buffers: Float32Array[]) => number;

interface LossCase {
  name: string;
  /** Seeded inputs (prediction or logits, then target or labels) for rows x cols. */
  inputs(random: Random, rows: number, cols: number): Float32Array[];
  call: LossCall;
}

const uniform = (random: Random, n: number, lo: number, hi: number): Float32Array =>
  random.fillUniform(new Float32Array(n), lo, hi);
const binary = (random: Random, n: number): Float32Array =>
  Float32Array.from({ length: n }, () => (random.uniform(0, 1) < 0.5 ? 0 : 1));
const oneHot = (random: Random, rows: number, cols: number): Float32Array => {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) t[r * cols + random.int(cols)] = 1;
  return t;
};

const LOSSES: LossCase[] = [
  {
    name: 'mse',
    inputs: (r, m, n) => [uniform(r, m * n, -2, 2), uniform(r, m * n, -2, 2)],
    call: (b, m, n, [p, t, g]) => b.mseLoss(m, n, p, t, g),
  },
  {
    name: 'sse',
    inputs: (r, m, n) => [uniform(r, m * n, -2, 2), uniform(r, m * n, -2, 2)],
    call: (b, m, n, [p, t, g]) => b.sseLoss(m, n, p, t, g),
  },
  {
    name: 'bce',
    inputs: (r, m, n) => [uniform(r, m * n, 0.001, 0.999), binary(r, m * n)],
    call: (b, m, n, [p, t, g]) => b.bceLoss(m, n, p, t, g),
  },
  {
    name: 'bce-logits',
    inputs: (r, m, n) => [uniform(r, m * n, -8, 8), binary(r, m * n)],
    call: (b, m, n, [z, t, g]) => b.bceLogitsLoss(m, n, z, t, g),
  },
  {
    name: 'softmax CE',
    inputs: (r, m, n) => [uniform(r, m * n, -6, 6), oneHot(r, m, n)],
    call: (b, m, n, [z, t, g, p]) => b.softmaxCrossEntropy(m, n, z, t, p, g),
  },
  {
    name: 'sparse softmax CE',
    inputs: (r, m, n) => [uniform(r, m * n, -6, 6), Float32Array.from({ length: m }, () => r.int(n))],
    call: (b, m, n, [z, l, g, p]) => b.sparseSoftmaxCrossEntropy(m, n, z, l, p, g),
  },
];

const SHAPES: [number, number][] = [
  [1, 1],
  [7, 3],
  [33, 10],
  [128, 10],
  [257, 17],
  [64, 1000],
  [1031, 64],
];

/** Runs the loss on b with the inputs copied into b's buffers (read after every allocation: wasm memory may grow). */
function run(b: Backend, loss: LossCase, rows: number, cols: number, inputs: Float32Array[]): number {
  const buffers = [...inputs.map((x) => x.length), rows * cols, rows * cols].map((n) => b.allocate(n));
  const views = buffers.map((buffer) => buffer.data);
  inputs.forEach((x, i) => views[i].set(x));
  const value = loss.call(b, rows, cols, views);
  for (const buffer of buffers) buffer.free();
  return value;
}

function relative(actual: number, expected: number): number {
  return actual === expected ? 0 : Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-30);
}

function lossDisagreement(js: Backend, target: Backend, loss: LossCase): number {
  let worst = 0;
  SHAPES.forEach(([rows, cols], k) => {
    const inputs = loss.inputs(new Random(100 + k), rows, cols);
    const expected = run(js, loss, rows, cols, inputs);
    const actual = run(target, loss, rows, cols, inputs);
    worst = Math.max(worst, relative(actual, expected));
  });
  return worst;
}

// ------------------------------------------------------------------------------------------- gradient checks
function data(rows: number, cols: number, seed: number, low = -1, high = 1): number[][] {
  const r = new Random(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => r.uniform(low, high)));
}

type LossSpec = Parameters<ReturnType<typeof sequential>['compile']>[0]['loss'];
interface ModelCase {
  name: string;
  stack: () => Layer[];
  loss: LossSpec;
  y: number[][] | number[];
  rows?: number;
}

const ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'gelu', 'softmax'] as const;
const binaryTargets = data(6, 2, 5, 0, 1).map((r) => r.map((v) => (v > 0.5 ? 1 : 0)));
const oneHotTargets = ((): number[][] => {
  const r = new Random(9);
  return Array.from({ length: 6 }, () => {
    const c = r.int(4);
    return Array.from({ length: 4 }, (_, k) => (k === c ? 1 : 0));
  });
})();

const MODELS: ModelCase[] = [
  ...ACTIVATIONS.flatMap((activation): ModelCase[] => [
    {
      name: `dense ${activation}`,
      stack: () => [layers.dense({ inputShape: [3], units: 4, activation }), layers.dense({ units: 2 })],
      loss: 'meanSquaredError',
      y: data(6, 2, 5),
    },
    {
      name: `activation ${activation}`,
      stack: () => [
        layers.dense({ inputShape: [3], units: 4 }),
        layers.activation({ activation }),
        layers.dense({ units: 2 }),
      ],
      loss: 'meanSquaredError',
      y: data(6, 2, 5),
    },
  ]),
  {
    name: 'sse',
    stack: () => [layers.dense({ inputShape: [3], units: 3, activation: 'tanh' })],
    loss: 'sumSquaredError',
    y: data(6, 3, 5),
  },
  {
    name: 'bce',
    stack: () => [layers.dense({ inputShape: [3], units: 2, activation: 'sigmoid' })],
    loss: 'binaryCrossentropy',
    y: binaryTargets,
  },
  {
    name: 'bce logits',
    stack: () => [layers.dense({ inputShape: [3], units: 2 })],
    loss: losses.binaryCrossentropy({ fromLogits: true }),
    y: binaryTargets,
  },
  {
    name: 'categorical CE',
    stack: () => [layers.dense({ inputShape: [3], units: 4, activation: 'softmax' })],
    loss: 'categoricalCrossentropy',
    y: oneHotTargets,
  },
  {
    name: 'categorical CE logits',
    stack: () => [layers.dense({ inputShape: [3], units: 4 })],
    loss: losses.categoricalCrossentropy({ fromLogits: true }),
    y: oneHotTargets,
  },
  {
    name: 'sparse CE logits',
    stack: () => [layers.dense({ inputShape: [3], units: 4 })],
    loss: losses.sparseCategoricalCrossentropy({ fromLogits: true }),
    y: [0, 3, 1, 2, 2, 0],
  },
  {
    name: 'batch norm',
    stack: () => [
      layers.dense({ inputShape: [3], units: 4 }),
      layers.batchNormalization({ gammaInitializer: 'randomUniform' }),
      layers.dense({ units: 2, activation: 'tanh' }),
    ],
    loss: 'meanSquaredError',
    y: data(8, 2, 5),
    rows: 8,
  },
];

function gradientError(model: ModelCase): number {
  const rows = model.rows ?? 6;
  const m = sequential({ seed: 3, layers: model.stack() });
  m.compile({ optimizer: 'sgd', loss: model.loss });
  return gradientCheck(m, data(rows, 3, 11), model.y, { epsilon: 1e-3 }).maxRelativeError;
}

// ------------------------------------------------------------------------------------------- report
const all = await targets();
const js = all.find((t) => t.name === 'js');
if (!js) throw new Error('the js backend must load');
const table: Record<string, Record<string, number>> = {};
for (const target of all) {
  await target.select();
  const column: Record<string, number> = {};
  for (const loss of LOSSES) column[`${loss.name} value vs js`] = lossDisagreement(js.backend, target.backend, loss);
  let worstCheck = 0,
    worstName = '';
  for (const model of MODELS) {
    const error = gradientError(model);
    if (error > worstCheck) {
      worstCheck = error;
      worstName = model.name;
    }
  }
  column['gradient check (worst)'] = worstCheck;
  table[target.name] = column;
  if (json) console.log(JSON.stringify({ target: target.name, ...column, worstGradientCheck: worstName }));
  else console.error(`${target.name}: worst gradient check ${worstCheck.toExponential(2)} (${worstName})`);
}
if (!json) {
  const names = Object.keys(table);
  const rowsOut = Object.keys(table[names[0]]);
  const width = Math.max(...rowsOut.map((r) => r.length));
  console.log(`${''.padEnd(width)}  ${names.map((n) => n.padStart(13)).join('  ')}`);
  for (const row of rowsOut)
    console.log(`${row.padEnd(width)}  ${names.map((n) => table[n][row].toExponential(2).padStart(13)).join('  ')}`);
}
