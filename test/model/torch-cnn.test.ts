// Numerical truth for convolutional networks: a CNN (convolutions with 'same' padding, dilation and stride,
// batch normalisation over channels, max and average pooling, flatten, dense softmax) trained with SGD and
// with Adam on every backend matches float64 PyTorch step by step. Both start from the same weights (the
// model's initial ones, exported in Keras' layout) and see the same batches in the same order; each step's
// loss (before its update) must agree within 1e-4 relative over 100 steps. The PyTorch side is
// test/torch/cnn_reference.py under /usr/bin/python3 (Debian's python3-torch, which CI installs): without
// it this test fails and says so.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/contract.js';
import { type Layer, layers, optimizers, sequential, tensor } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { backendsUnderTest } from '../harness.js';

const PYTHON = '/usr/bin/python3';
const REFERENCE = fileURLToPath(new URL('../torch/cnn_reference.py', import.meta.url));
const STEPS = 100;
const RELATIVE = 1e-4;
const [HEIGHT, WIDTH, CHANNELS] = [10, 10, 2];
const CLASSES = 3;
const SAMPLES = 32;
const BATCH = 8;

type Padding = 'valid' | 'same';
/** One layer of the network, as both sides build it (Keras' names and options). */
type LayerSpec =
  | {
      type: 'conv2d';
      filters: number;
      kernelSize: [number, number];
      strides: [number, number];
      padding: Padding;
      dilationRate: [number, number];
      activation: 'relu' | 'tanh';
    }
  | { type: 'batchNormalization'; epsilon: number }
  | {
      type: 'maxPooling2d' | 'averagePooling2d';
      poolSize: [number, number];
      strides: [number, number];
      padding: Padding;
    }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation: 'softmax' };

// 10x10x2 -> conv 3x3 'same' relu -> 10x10x4 -> batch norm -> max pool 2x2 -> 5x5x4 -> conv 3x3 dilation 2
// 'same' tanh -> 5x5x6 -> average pool 3x3 stride 2 'same' (a cell of padding at each end, not counted) ->
// 3x3x6 -> conv 2x2 stride 2 'same' relu (TensorFlow's odd padding: one cell, at the end) -> 2x2x5 -> flatten
// -> dense 3 softmax.
const NETWORK: LayerSpec[] = [
  {
    type: 'conv2d',
    filters: 4,
    kernelSize: [3, 3],
    strides: [1, 1],
    padding: 'same',
    dilationRate: [1, 1],
    activation: 'relu',
  },
  { type: 'batchNormalization', epsilon: 1e-3 },
  { type: 'maxPooling2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  {
    type: 'conv2d',
    filters: 6,
    kernelSize: [3, 3],
    strides: [1, 1],
    padding: 'same',
    dilationRate: [2, 2],
    activation: 'tanh',
  },
  { type: 'averagePooling2d', poolSize: [3, 3], strides: [2, 2], padding: 'same' },
  {
    type: 'conv2d',
    filters: 5,
    kernelSize: [2, 2],
    strides: [2, 2],
    padding: 'same',
    dilationRate: [1, 1],
    activation: 'relu',
  },
  { type: 'flatten' },
  { type: 'dense', units: CLASSES, activation: 'softmax' },
];

function buildLayer(spec: LayerSpec, first: boolean): Layer {
  const inputShape = first ? { inputShape: [HEIGHT, WIDTH, CHANNELS] } : {};
  switch (spec.type) {
    case 'conv2d': {
      const { type: _, ...options } = spec;
      return layers.conv2d({ ...options, ...inputShape });
    }
    case 'batchNormalization':
      return layers.batchNormalization({ epsilon: spec.epsilon });
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const { type, ...options } = spec;
      return layers[type](options);
    }
    case 'flatten':
      return layers.flatten();
    case 'dense':
      return layers.dense({ units: spec.units, activation: spec.activation });
  }
}

/** Images of uniform noise; the class is the third of rows (top, middle, bottom) brightest in channel 0. */
function trainingData(): { x: Float32Array; y: number[] } {
  const rng = new Random(14);
  const x = rng.fillUniform(new Float32Array(SAMPLES * HEIGHT * WIDTH * CHANNELS), 0, 1);
  const y = Array.from({ length: SAMPLES }, (_, s) => {
    const sums = [0, 0, 0];
    for (let row = 0; row < HEIGHT; row++) {
      for (let col = 0; col < WIDTH; col++) {
        sums[Math.min(Math.floor((row * 3) / HEIGHT), 2)] += x[((s * HEIGHT + row) * WIDTH + col) * CHANNELS];
      }
    }
    return sums.indexOf(Math.max(...sums));
  });
  return { x, y };
}

type OptimizerSpec =
  | { name: 'sgd'; learningRate: number }
  | { name: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number };
const OPTIMIZERS: OptimizerSpec[] = [
  { name: 'sgd', learningRate: 0.05 },
  { name: 'adam', learningRate: 0.005, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
];

const DATA = trainingData();

function buildModel(backend: Backend) {
  return sequential({ seed: 5, backend, layers: NETWORK.map((spec, i) => buildLayer(spec, i === 0)) });
}

/** The problem as cnn_reference.py reads it: the network with the model's initial weights, data, optimizer. */
function problem(
  weights: { name: string; shape: number[]; values: Float32Array }[],
  names: string[],
  optimizer: OptimizerSpec,
) {
  const weight = (layer: string, name: string) => {
    const found = weights.find((w) => w.name === `${layer}/${name}`);
    if (!found) throw new Error(`no weight ${layer}/${name} in ${weights.map((w) => w.name).join(', ')}`);
    return found;
  };
  return {
    inputShape: [HEIGHT, WIDTH, CHANNELS],
    layers: NETWORK.map((spec, i) => {
      if (spec.type === 'conv2d' || spec.type === 'dense') {
        const kernel = weight(names[i], 'kernel');
        return {
          ...spec,
          kernel: Array.from(kernel.values),
          kernelShape: kernel.shape,
          bias: Array.from(weight(names[i], 'bias').values),
        };
      }
      if (spec.type === 'batchNormalization') {
        return {
          ...spec,
          gamma: Array.from(weight(names[i], 'gamma').values),
          beta: Array.from(weight(names[i], 'beta').values),
        };
      }
      return spec;
    }),
    x: Array.from(DATA.x),
    y: DATA.y,
    batchSize: BATCH,
    optimizer,
    steps: STEPS,
  };
}

/** Runs the PyTorch reference on each problem (one process); a missing python3 or torch fails with what to install. */
function torchLosses(problems: unknown[]): number[][] {
  const run = spawnSync(PYTHON, [REFERENCE], { input: JSON.stringify(problems), encoding: 'utf8', timeout: 120_000 });
  if (run.error || run.status !== 0) {
    throw new Error(
      `the PyTorch reference (${PYTHON} ${REFERENCE}) failed: ${run.error?.message ?? run.stderr.trim()}. ` +
        'It needs Python 3 with PyTorch: apt-get install python3-torch (Debian), as .ci/run does.',
    );
  }
  return (JSON.parse(run.stdout) as { losses: number[] }[]).map((result) => result.losses);
}

/** Our model's loss at each step on the same batches (step t trains on samples t * BATCH mod SAMPLES on). */
function ourLosses(backend: Backend, optimizer: OptimizerSpec, initial: Float32Array): number[] {
  const model = buildModel(backend);
  try {
    model.restoreWeights(initial);
    const { name, ...options } = optimizer;
    model.compile({ optimizer: optimizers[name](options), loss: 'sparseCategoricalCrossentropy' });
    const sample = HEIGHT * WIDTH * CHANNELS;
    return Array.from({ length: STEPS }, (_, step) => {
      const start = (step * BATCH) % SAMPLES;
      const x = tensor(DATA.x.slice(start * sample, (start + BATCH) * sample), [BATCH, HEIGHT, WIDTH, CHANNELS]);
      return model.trainOnBatch(x, DATA.y.slice(start, start + BATCH)) as number;
    });
  } finally {
    model.dispose();
  }
}

const backends = await backendsUnderTest();
// One set of initial weights, the first backend's model's, given to every backend's model and to PyTorch.
const first = buildModel(backends[0]);
const initial = first.snapshotWeights();
const initialWeights = first.getWeights(),
  layerNames = first.layers.map((l) => l.name);
first.dispose();

/** PyTorch's losses for each optimizer, all from one run when first asked (a run starts Python and imports torch). */
let torchRuns: Map<string, number[]> | undefined;
function torchFor(optimizer: OptimizerSpec): number[] {
  if (!torchRuns) {
    const losses = torchLosses(OPTIMIZERS.map((o) => problem(initialWeights, layerNames, o)));
    torchRuns = new Map(OPTIMIZERS.map((o, i) => [o.name, losses[i]]));
  }
  return torchRuns.get(optimizer.name)!;
}

describe.each(backends.map((b) => [b.name, b] as const))('%s: a CNN matches float64 PyTorch', (_, backend) => {
  it.each(OPTIMIZERS.map((o) => [o.name, o] as const))(
    `%s: ${STEPS} steps, each loss within ${RELATIVE} relative`,
    (__, optimizer) => {
      const theirs = torchFor(optimizer);
      const ours = ourLosses(backend, optimizer, initial);
      expect(theirs).toHaveLength(STEPS);
      const worst = ours
        .map((loss, step) => ({
          step,
          ours: loss,
          theirs: theirs[step],
          error: Math.abs(loss - theirs[step]) / Math.abs(theirs[step]),
        }))
        .reduce((a, b) => (b.error > a.error || Number.isNaN(b.error) ? b : a));
      expect(worst.error, `step ${worst.step}: ${worst.ours} here, ${worst.theirs} in PyTorch`).toBeLessThanOrEqual(
        RELATIVE,
      );
      // The network learns: the last epoch's mean loss is well below the first's.
      const epoch = SAMPLES / BATCH;
      const mean = (from: number) => ours.slice(from, from + epoch).reduce((s, v) => s + v, 0) / epoch;
      expect(mean(STEPS - epoch)).toBeLessThan(0.7 * mean(0));
    },
  );
});
