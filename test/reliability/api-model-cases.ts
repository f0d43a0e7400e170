// Fuzz cases for the model API: a random layer stack (valid most of the time, with hostile options now
// and then), compile with random losses, optimizers and metrics, then a few random calls among fit,
// evaluate, predict, trainOnBatch, summary, save/load and setWeights with random (often wrong) data.
// Sizes stay small and epochs few, so a valid call never runs long.
import {
  constraints,
  createJsBackend,
  initializers,
  layers,
  loadModel,
  losses,
  optimizers,
  regularizers,
  sequential,
  Tensor2D,
  tensor2d,
  type Layer,
  type Sequential,
} from '../../src/index.js';
import { arg, type Arg, type FuzzContext, NOT_NUMBERS, show } from './fuzz-context.js';

const ACTIVATIONS = ['linear', 'identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'gelu', 'softmax'];
const INITIALIZER_NAMES = [
  'zeros',
  'ones',
  'randomNormal',
  'randomUniform',
  'truncatedNormal',
  'glorotNormal',
  'glorotUniform',
  'heNormal',
  'heUniform',
  'lecunNormal',
  'lecunUniform',
  'he_normal',
  'glorot_uniform',
];
/** Names that are keys of every object's prototype: a lookup table that is a plain object finds them. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
];
const LOSS_NAMES = [
  'meanSquaredError',
  'sumSquaredError',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'mse',
];
const OPTIMIZER_NAMES = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'SGD', 'Adam'];
const BAD_COUNTS = [0, -1, 1.5, NaN, Infinity, -Infinity, ...NOT_NUMBERS];

// ------------------------------------------------------------------ small option drawers

function initializerArg(ctx: FuzzContext): Arg {
  const kind = ctx.int(0, 9);
  if (kind < 5) return arg(ctx.pick(INITIALIZER_NAMES));
  if (kind === 5)
    return arg(initializers.constant({ value: ctx.pick([0, 0.5, -1]) }), false, 'initializers.constant({ value })');
  if (kind === 6)
    return arg(
      initializers.randomNormal({ stddev: ctx.pick([0.01, 1]) }),
      false,
      'initializers.randomNormal({ stddev })',
    );
  if (kind === 7)
    return arg(ctx.pick(['constant', 'nope', 'GlorotUniform ', ...PROTOTYPE_NAMES, 3, {}, { fill: 5 }, []]), true);
  if (kind === 8)
    return arg(
      ctx.pick([initializers.heNormal(), initializers.lecunUniform(), initializers.ones()]),
      false,
      'initializers.<name>()',
    );
  return arg(undefined);
}

async function initializerFactory(ctx: FuzzContext): Promise<void> {
  const calls: [string, () => unknown, boolean][] = [
    ['initializers.constant({ value: NaN })', () => initializers.constant({ value: NaN }), true],
    ['initializers.constant(undefined)', () => initializers.constant(undefined as never), true],
    ['initializers.randomNormal({ stddev: -1 })', () => initializers.randomNormal({ stddev: -1 }), true],
    ['initializers.randomNormal({ mean: Infinity })', () => initializers.randomNormal({ mean: Infinity }), true],
    [
      'initializers.randomUniform({ minval: 2, maxval: 1 })',
      () => initializers.randomUniform({ minval: 2, maxval: 1 }),
      true,
    ],
    ['initializers.randomUniform({ minval: "0" })', () => initializers.randomUniform({ minval: '0' as never }), true],
    ['initializers.truncatedNormal({ stddev: NaN })', () => initializers.truncatedNormal({ stddev: NaN }), true],
    ['initializers.randomNormal(null)', () => initializers.randomNormal(null as never), false],
  ];
  const [text, fn, bad] = ctx.pick(calls);
  await ctx.call(text, fn, bad);
}

function regularizerArg(ctx: FuzzContext): Arg {
  const kind = ctx.int(0, 7);
  if (kind < 3) return arg(undefined);
  if (kind === 3) return arg(ctx.pick(['l1', 'l2', 'l1l2']));
  if (kind === 4)
    return arg(regularizers.l1l2({ l1: 1e-3, l2: 1e-3 }), false, 'regularizers.l1l2({ l1: 1e-3, l2: 1e-3 })');
  if (kind === 5) return arg(regularizers.l2({ l2: 0.01 }), false, 'regularizers.l2({ l2: 0.01 })');
  return arg(ctx.pick(['l3', '', 3, {}, [], true, ...PROTOTYPE_NAMES]), true);
}

async function regularizerFactory(ctx: FuzzContext): Promise<void> {
  const v = ctx.pick([-1, NaN, Infinity, '0.1', null, {}]);
  const which = ctx.pick(['l1', 'l2', 'l1l2'] as const);
  const args = which === 'l1l2' ? { l1: v, l2: 0 } : { [which]: v };
  await ctx.call(`regularizers.${which}(${show(args)})`, () => regularizers[which](args as never), v !== null);
  const maxValue = ctx.pick([0, -1, NaN, Infinity, '2', 2]);
  await ctx.call(
    `constraints.maxNorm({ maxValue: ${show(maxValue)} })`,
    () => constraints.maxNorm({ maxValue: maxValue as never }),
    maxValue !== 2,
  );
}

function constraintArg(ctx: FuzzContext): Arg {
  const kind = ctx.int(0, 5);
  if (kind < 3) return arg(undefined);
  if (kind === 3)
    return arg(constraints.maxNorm({ maxValue: ctx.pick([1, 3]) }), false, 'constraints.maxNorm({ maxValue })');
  if (kind === 4) return arg(ctx.pick(['maxNorm', 'nope', 3, {}, ...PROTOTYPE_NAMES]), false);
  return arg(ctx.pick([3, true, []]), true);
}

function activationArg(ctx: FuzzContext): Arg {
  return ctx.draw(
    () => ctx.pick(ACTIVATIONS),
    ['relu6', '', 'RELU', 3, {}, true, [], ...PROTOTYPE_NAMES],
    [null, undefined],
  );
}

function nameArg(ctx: FuzzContext): Arg {
  if (ctx.chance(0.8)) return arg(undefined);
  return ctx.draw(
    () => `l${ctx.caseIndex}_${ctx.int(0, 1e6)}`,
    ['', 3, {}, true],
    [...PROTOTYPE_NAMES, 'x'.repeat(5000)],
    0.6,
  );
}

function inputShapeArg(ctx: FuzzContext, features: number): Arg {
  return ctx.draw(
    () => [features],
    [[0], [-1], [1.5], [NaN], [Infinity], ['4'], [], features, '4', {}, [[features]]],
    // A sample shape of rank 2: layers that take any shape accept it, dense refuses it when built.
    [null, [features, 2]],
    0.1,
  );
}

// ------------------------------------------------------------------ layers

interface Built {
  layer: Layer;
  text: string;
}

async function makeLayer(ctx: FuzzContext, first: boolean, features: number, depth = 0): Promise<Built | undefined> {
  const kind = ctx.pick(
    depth < 2
      ? ['dense', 'dense', 'dense', 'activation', 'batchNormalization', 'dropout', 'residual', 'hostile']
      : ['dense', 'activation', 'batchNormalization', 'dropout'],
  );
  const common: Record<string, Arg> = { name: nameArg(ctx) };
  if (first) {
    if (ctx.chance(0.9)) common.inputShape = inputShapeArg(ctx, features);
    else
      common.batchInputShape = ctx.draw(
        () => [null, features],
        [[features], [null, 0], [null, 'x'], 'x'],
        [[1, features]],
      );
  }
  let text: string;
  let make: () => Layer;
  let bad: boolean;
  if (kind === 'dense') {
    const o = ctx.options({
      ...common,
      units: ctx.draw(() => ctx.int(1, 6), BAD_COUNTS, [2 ** 31, 1e12, 2 ** 53]),
      activation: activationArg(ctx),
      activationAlpha: ctx.chance(0.15)
        ? ctx.draw(() => ctx.pick([0, 0.1, 2]), [NaN, Infinity, '0.1', {}], [-1])
        : arg(undefined),
      useBias: ctx.chance(0.2) ? arg(ctx.pick([true, false])) : arg(undefined),
      kernelInitializer: initializerArg(ctx),
      biasInitializer: ctx.chance(0.3) ? initializerArg(ctx) : arg(undefined),
      kernelRegularizer: regularizerArg(ctx),
      biasRegularizer: ctx.chance(0.2) ? regularizerArg(ctx) : arg(undefined),
      kernelConstraint: constraintArg(ctx),
    });
    ({ text, bad } = { text: `layers.dense(${o.text})`, bad: o.bad });
    make = () => layers.dense(o.value as never);
  } else if (kind === 'activation') {
    const o = ctx.options({
      ...common,
      activation: activationArg(ctx),
      alpha: ctx.chance(0.1) ? ctx.draw(() => 0.2, [NaN, '1']) : arg(undefined),
    });
    ({ text, bad } = { text: `layers.activation(${o.text})`, bad: o.bad });
    make = () => layers.activation(o.value as never);
  } else if (kind === 'batchNormalization') {
    const o = ctx.options({
      ...common,
      momentum: ctx.chance(0.5)
        ? ctx.draw(() => ctx.pick([0, 0.5, 0.99]), [-0.1, 1.5, NaN, Infinity, ...NOT_NUMBERS])
        : arg(undefined),
      epsilon: ctx.chance(0.3)
        ? ctx.draw(() => ctx.pick([1e-5, 1e-3, 1]), [0, -1, NaN, Infinity, ...NOT_NUMBERS])
        : arg(undefined),
      gammaInitializer: ctx.chance(0.2) ? initializerArg(ctx) : arg(undefined),
      movingVarianceInitializer: ctx.chance(0.1) ? initializerArg(ctx) : arg(undefined),
    });
    ({ text, bad } = { text: `layers.batchNormalization(${o.text})`, bad: o.bad });
    make = () => layers.batchNormalization(o.value as never);
  } else if (kind === 'dropout') {
    const o = ctx.options({
      ...common,
      rate: ctx.draw(() => ctx.pick([0, 0.2, 0.5, 0.9]), [1, -0.1, 1.5, NaN, Infinity, undefined, ...NOT_NUMBERS]),
    });
    ({ text, bad } = { text: `layers.dropout(${o.text})`, bad: o.bad });
    make = () => layers.dropout(o.value as never);
  } else if (kind === 'residual') {
    const inner: Built[] = [];
    for (let i = ctx.int(1, 2); i > 0; i--) {
      const b = await makeLayer(ctx, false, features, depth + 1);
      if (!b) return undefined;
      inner.push(b);
    }
    const innerArg: Arg = ctx.chance(0.9)
      ? arg(
          inner.map((b) => b.layer),
          false,
          `[${inner.map((b) => b.text).join(', ')}]`,
        )
      : arg(ctx.pick([[], 'x', [null], [{}], undefined, [inner[0].text]]), true);
    const o = ctx.options({
      ...common,
      layers: innerArg,
      activation: ctx.chance(0.5) ? activationArg(ctx) : arg(undefined),
      projectionInitializer: ctx.chance(0.2) ? initializerArg(ctx) : arg(undefined),
    });
    ({ text, bad } = { text: `layers.residual(${o.text})`, bad: o.bad });
    make = () => layers.residual(o.value as never);
  } else {
    // A factory given no options object at all.
    const factory = ctx.pick(['dense', 'activation', 'dropout', 'residual', 'batchNormalization'] as const);
    const value = ctx.pick([null, 3, 'x', true, [], Symbol('s'), () => 1]);
    // batchNormalization's options are optional, so only the others certainly need an object.
    await ctx.call(
      `layers.${factory}(${show(value)})`,
      () => (layers[factory] as (a: unknown) => Layer)(value),
      factory !== 'batchNormalization',
    );
    return undefined;
  }
  const r = await ctx.call(text, make, bad);
  return r.ok ? { layer: r.value, text } : undefined;
}

// ------------------------------------------------------------------ data

interface Data {
  x: Arg;
  y: Arg;
  rows: number;
}

function matrix(ctx: FuzzContext, rows: number, cols: number, labels?: number): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => (labels ? ctx.int(0, labels - 1) : ctx.rng.uniform(-2, 2))),
  );
}

/** x (rows x features) as number[][] or a tensor2d, sometimes broken in one way. */
function features(ctx: FuzzContext, rows: number, cols: number): Arg {
  const m = matrix(ctx, rows, cols);
  const asTensor = ctx.chance(0.5);
  const wrap = (v: number[][]): unknown =>
    asTensor && v.length > 0 && v.every((r) => r.length === v[0].length) ? tensor2d(v) : v;
  if (!ctx.chance(0.15)) return arg(wrap(m), false, `x[${rows}x${cols}]`);
  const breakage = ctx.int(0, 10);
  switch (breakage) {
    case 0:
      return arg(wrap(matrix(ctx, rows, cols + 1)), true, `x[${rows}x${cols + 1}]`);
    case 1:
      return arg(asTensor ? new Tensor2D(new Float32Array(0), [0, cols]) : [], true, `x[0x${cols}]`);
    case 2:
      m[ctx.int(0, rows - 1)][ctx.int(0, cols - 1)] = ctx.pick([NaN, Infinity, -Infinity]);
      return arg(wrap(m), true, `x[${rows}x${cols}] with a non-finite value`);
    case 3:
      (m[ctx.int(0, rows - 1)] as unknown[])[ctx.int(0, cols - 1)] = ctx.pick(['1', null, undefined, {}, true]);
      return arg(m, true, `x[${rows}x${cols}] with a non-number`);
    case 4:
      return arg(m.flat(), true, `x as a flat array of ${rows * cols}`);
    case 5:
      m[rows - 1] = m[rows - 1].slice(1);
      return arg(m, rows > 1 || cols > 1, `x[${rows}x${cols}] with a short last row`);
    case 6:
      return arg(ctx.pick([null, undefined, 'x', 3, {}, true, new Float32Array(rows * cols)]), true);
    case 7:
      return arg([...m, 'row' as unknown as number[]], true, `x[${rows}x${cols}] plus a string row`);
    case 8:
      m[ctx.int(0, rows - 1)][ctx.int(0, cols - 1)] = ctx.pick([1e38, -3e38, 1e-45]);
      return arg(wrap(m), false, `x[${rows}x${cols}] with a huge or tiny value`);
    case 9:
      return arg(
        { data: new Float32Array(rows * cols), shape: [rows, cols] },
        true,
        `a Tensor2D look-alike {data, shape}`,
      );
    default:
      return arg(
        m.map((r) => new Float32Array(r)),
        true,
        `x as Float32Array rows`,
      );
  }
}

/** y for the loss: class indices (sparse) or rows x units, sometimes broken. */
function targets(ctx: FuzzContext, rows: number, units: number, sparse: boolean): Arg {
  let good: unknown;
  let text: string;
  if (sparse) {
    const labels = Array.from({ length: rows }, () => ctx.int(0, units - 1));
    good = ctx.chance(0.5) ? labels : labels.map((l) => [l]);
    text = `labels[${rows}] in [0, ${units})`;
  } else {
    good = matrix(ctx, rows, units).map((r) => r.map((v) => Math.abs(v) / 2));
    text = `y[${rows}x${units}]`;
  }
  if (!ctx.chance(0.2)) return arg(good, false, text);
  if (sparse) {
    const labels = Array.from({ length: rows }, () => ctx.int(0, units - 1));
    const i = ctx.int(0, rows - 1);
    const bad = ctx.pick([-1, units, units + 100, 0.5, NaN, Infinity, '1', null]);
    labels[i] = bad as number;
    return arg(labels, true, `labels[${rows}] with ${show(bad)} at ${i}`);
  }
  const breakage = ctx.int(0, 5);
  switch (breakage) {
    case 0:
      return arg(matrix(ctx, rows + 1, units), true, `y[${rows + 1}x${units}]`);
    case 1:
      return arg(matrix(ctx, rows, units + 1), true, `y[${rows}x${units + 1}]`);
    case 2:
      return arg(
        Array.from({ length: rows }, () => ctx.int(0, units - 1)),
        true,
        `flat labels for a non-sparse loss`,
      );
    case 3: {
      const m = matrix(ctx, rows, units);
      m[0][0] = NaN;
      return arg(m, true, `y[${rows}x${units}] with NaN`);
    }
    case 4:
      return arg([], true, 'y = []');
    default:
      return arg(ctx.pick([null, undefined, 'y', 5, {}]), true);
  }
}

function data(ctx: FuzzContext, inputs: number, outputs: number, sparse: boolean): Data {
  const rows = ctx.int(1, 9);
  return { x: features(ctx, rows, inputs), y: targets(ctx, rows, outputs, sparse), rows };
}

// ------------------------------------------------------------------ compile

async function optimizerArg(
  ctx: FuzzContext,
): Promise<{ make: () => unknown; text: string; bad: boolean; compileBad?: boolean }> {
  const kind = ctx.int(0, 5);
  if (kind <= 1) {
    // A name is only checked by compile, so the "making" returns it as is and compile is judged.
    const name = ctx.draw(() => ctx.pick(OPTIMIZER_NAMES), ['adamx', '', 3, null, {}, undefined, ...PROTOTYPE_NAMES]);
    return { make: () => name.value, text: name.text, bad: false, compileBad: name.bad };
  }
  const lr = ctx.draw(() => ctx.pick([1e-3, 0.01, 0.1, 0]), [-1, NaN, Infinity, '0.1', {}, true], [1e6]);
  const clip = ctx.chance(0.2) ? ctx.draw(() => 1, [0, -1, NaN, '1']) : arg(undefined);
  const clipValue = ctx.chance(0.2) ? ctx.draw(() => 0.5, [0, -1, NaN]) : arg(undefined);
  const factory = ctx.pick(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const);
  const extra: Record<string, Arg> = {};
  if (factory === 'sgd') {
    extra.momentum = ctx.chance(0.5) ? ctx.draw(() => ctx.pick([0, 0.9]), [-0.1, 1.5, NaN, '0.9']) : arg(undefined);
    extra.nesterov = ctx.chance(0.3) ? arg(ctx.pick([true, false])) : arg(undefined);
    extra.weightDecay = ctx.chance(0.2) ? ctx.draw(() => 1e-4, [-1, NaN, Infinity]) : arg(undefined);
  } else if (factory === 'adam' || factory === 'adamw') {
    extra.beta1 = ctx.chance(0.3) ? ctx.draw(() => 0.5, [1, -0.1, NaN, '0.9']) : arg(undefined);
    extra.beta2 = ctx.chance(0.3) ? ctx.draw(() => 0.99, [1.5, NaN]) : arg(undefined);
    extra.epsilon = ctx.chance(0.2) ? ctx.draw(() => 1e-8, [-1, NaN, Infinity]) : arg(undefined);
  } else if (factory === 'rmsprop') {
    extra.rho = ctx.chance(0.3) ? ctx.draw(() => 0.9, [1.5, -1, NaN]) : arg(undefined);
  } else {
    extra.initialAccumulatorValue = ctx.chance(0.3) ? ctx.draw(() => 0.1, [-1, NaN, Infinity]) : arg(undefined);
  }
  let learningRate = lr;
  if (ctx.chance(0.15)) {
    const schedule = ctx.pick(['exponentialDecay', 'stepDecay', 'cosineDecay'] as const);
    const sargs =
      schedule === 'exponentialDecay'
        ? { initialLearningRate: 0.01, decaySteps: ctx.pick([10, 0, -1, NaN]), decayRate: 0.9 }
        : schedule === 'stepDecay'
          ? { initialLearningRate: ctx.pick([0.01, -1, NaN]), stepSize: 5 }
          : { initialLearningRate: 0.01, decaySteps: ctx.pick([100, 0, '10']) };
    const bad = Object.values(sargs).some((v) => typeof v !== 'number' || !(v > 0));
    const text = `optimizers.schedules.${schedule}(${show(sargs)})`;
    const made = await ctx.call(text, () => optimizers.schedules[schedule](sargs as never), bad);
    if (made.ok) learningRate = arg(made.value, false, text);
  }
  const o = ctx.options({ learningRate, clipNorm: clip, clipValue, ...extra });
  const text = `optimizers.${factory}(${o.text})`;
  return { make: () => optimizers[factory](o.value as never), text, bad: o.bad };
}

function lossArg(ctx: FuzzContext, lastActivation: string, units: number): { loss: Arg; sparse: boolean } {
  // Mostly a loss that fits the output, so the model gets to fit and predict.
  const fitting =
    lastActivation === 'softmax'
      ? ['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError']
      : lastActivation === 'sigmoid'
        ? ['binaryCrossentropy', 'meanSquaredError']
        : ['meanSquaredError', 'sumSquaredError'];
  const kind = ctx.int(0, 9);
  let loss: Arg;
  if (kind < 6) loss = arg(ctx.pick(fitting));
  else if (kind === 6) loss = arg(ctx.pick(LOSS_NAMES));
  else if (kind === 7)
    loss = arg(
      losses.categoricalCrossentropy({ fromLogits: true }),
      false,
      'losses.categoricalCrossentropy({ fromLogits: true })',
    );
  else
    loss = arg(
      ctx.pick([
        'nope',
        '',
        3,
        null,
        {},
        { name: 'x' },
        { name: 3 },
        { name: 'meanSquaredError', fromLogits: 'yes' },
        ...PROTOTYPE_NAMES,
      ]),
      true,
    );
  const name = typeof loss.value === 'string' ? loss.value : (loss.value as { name?: string } | null)?.name;
  return { loss, sparse: name === 'sparseCategoricalCrossentropy' && units >= 2 };
}

function metricsArg(ctx: FuzzContext): Arg {
  return ctx.draw(
    () => ctx.pick([[], ['accuracy'], ['mse', 'mae'], ['acc'], undefined]),
    [['nope'], 'accuracy', [3], [null], [{}], {}, [...PROTOTYPE_NAMES]],
    [],
    0.1,
  );
}

// ------------------------------------------------------------------ operations on a built model

async function fitCall(
  ctx: FuzzContext,
  model: Sequential,
  d: Data,
  inputs: number,
  outputs: number,
  sparse: boolean,
): Promise<void> {
  const epochs = ctx.draw(() => ctx.int(0, 2), [-1, 1.5, NaN, Infinity, '2', {}, true]);
  const batchSize = ctx.draw(() => ctx.int(1, 12), BAD_COUNTS, [2 ** 31, 1e15]);
  const fields: Record<string, Arg> = { epochs, batchSize, verbose: arg(0) };
  if (ctx.chance(0.3))
    fields.validationSplit = ctx.draw(() => ctx.pick([0.2, 0.5]), [1, -0.1, 1.5, NaN, '0.2', {}], [0.99, 0.01]);
  else if (ctx.chance(0.15)) {
    const v = data(ctx, inputs, outputs, sparse);
    fields.validationData = ctx.chance(0.8)
      ? arg([v.x.value, v.y.value], v.x.bad || v.y.bad, `[${v.x.text}, ${v.y.text}]`)
      : arg(ctx.pick([[v.x.value], 'v', {}, [null, null]]), true);
  }
  if (ctx.chance(0.2)) fields.shuffle = arg(ctx.pick([true, false]));
  if (ctx.chance(0.2)) fields.seed = ctx.draw(() => ctx.int(0, 100), [NaN, Infinity, '1', {}]);
  if (ctx.chance(0.1)) fields.initialEpoch = ctx.draw(() => ctx.int(0, 3), [-1, 0.5, NaN, '1']);
  if (ctx.chance(0.15))
    fields.callbacks = ctx.draw(
      () => [{ onEpochEnd: () => undefined }],
      ['x', [null], [3], {}],
      [[{ onEpochEnd: 5 }], [{}]],
    );
  if (ctx.chance(0.1)) fields.batchTransform = ctx.draw(() => (x: Float32Array) => x.fill(0), ['x', 3, {}]);
  if (ctx.chance(0.1)) fields.recordGradientNorms = arg(true);
  const o = ctx.options(fields);
  const bad = o.bad || d.x.bad || d.y.bad;
  const r = await ctx.call(
    `model.fit(${d.x.text}, ${d.y.text}, ${o.text})`,
    () => model.fit(d.x.value as never, d.y.value as never, o.value),
    bad,
  );
  if (r.ok) ctx.expect('fit history', typeof r.value === 'object' && r.value !== null, 'fit returned no History');
}

async function predictCall(ctx: FuzzContext, model: Sequential, inputs: number, outputs: number): Promise<void> {
  const rows = ctx.int(1, 9);
  const x = features(ctx, rows, inputs);
  const batchSize = ctx.chance(0.3) ? ctx.draw(() => ctx.int(1, 4), BAD_COUNTS) : arg(undefined);
  const o = ctx.options({ batchSize });
  const text = `model.predict(${x.text}, ${o.text})`;
  const r = await ctx.call(text, () => model.predict(x.value as never, o.value), x.bad || o.bad);
  if (r.ok) {
    const out = r.value;
    ctx.expect(
      text,
      out instanceof Tensor2D && out.shape[0] === rows && out.shape[1] === outputs,
      `predict returned shape ${out instanceof Tensor2D ? `[${out.shape.join(', ')}]` : typeof out}; expected [${rows}, ${outputs}]`,
    );
  }
}

async function saveLoadCall(ctx: FuzzContext, model: Sequential, inputs: number): Promise<void> {
  const includeOptimizer = ctx.chance(0.5);
  const compiled = model.optimizer !== undefined;
  const saved = await ctx.call(
    `model.save(undefined, { includeOptimizer: ${includeOptimizer} })`,
    () => model.save(undefined, { includeOptimizer }),
    includeOptimizer && !compiled,
  );
  if (!saved.ok) return;
  if (ctx.chance(0.1)) {
    // A backend option that is not a backend object.
    const backend = ctx.pick(['js', 'native', 3, {}, { name: 'js' }, true]);
    const r = await ctx.call(
      `loadModel(artifacts, { backend: ${show(backend)} })`,
      () => loadModel(saved.value, { backend: backend as never }),
      true,
    );
    if (r.ok) r.value.dispose?.();
  }
  if (ctx.chance(0.15)) {
    // Onto the js backend: the same model, predictions equal up to float rounding.
    const other = await ctx.call('loadModel(artifacts, { backend: createJsBackend() })', () =>
      loadModel(saved.value, { backend: createJsBackend() }),
    );
    if (other.ok) {
      const x = matrix(ctx, 2, inputs);
      const a = await ctx.call('model.predict(x[2])', () => model.predict(x));
      const b = await ctx.call('onJs.predict(x[2])', () => other.value.predict(x));
      if (a.ok && b.ok) {
        const close = a.value.data.every(
          (v, i) =>
            Math.abs(v - b.value.data[i]) <= 1e-3 + 1e-3 * Math.abs(v) ||
            (Number.isNaN(v) && Number.isNaN(b.value.data[i])),
        );
        ctx.expect(
          'loadModel(artifacts, { backend: createJsBackend() }).predict(x)',
          close,
          `predictions on js differ from ${model.backend.name}: ${Array.from(a.value.data).join(', ')} vs ${Array.from(b.value.data).join(', ')}`,
        );
      }
      other.value.dispose?.();
    }
  }
  const loaded = await ctx.call('loadModel(artifacts)', () => loadModel(saved.value));
  if (!loaded.ok) {
    // A model whose weights went non-finite during training saves them as they are; loading refuses them.
    return;
  }
  const x = matrix(ctx, 3, inputs);
  const a = await ctx.call('model.predict(x[3])', () => model.predict(x));
  const b = await ctx.call('loaded.predict(x[3])', () => loaded.value.predict(x));
  if (a.ok && b.ok) {
    const same = a.value.data.every((v, i) => Object.is(v, b.value.data[i]));
    ctx.expect(
      'loadModel(await model.save()).predict(x)',
      same,
      'the loaded model predicts differently from the saved one',
    );
  }
  loaded.value.dispose?.();
}

async function miscCall(ctx: FuzzContext, model: Sequential): Promise<void> {
  const which = ctx.int(0, 5);
  if (which === 0) {
    const lines: string[] = [];
    const width = ctx.draw(() => undefined, [-5, NaN, 'x', {}], [0, 10, 1e6]);
    const r = await ctx.call(`model.summary(${width.text})`, () =>
      model.summary(width.value as never, undefined, (l) => lines.push(l)),
    );
    if (r.ok)
      ctx.expect(
        'model.summary()',
        typeof r.value === 'string' && r.value.length > 0 && lines.length > 0,
        'summary returned or printed nothing',
      );
  } else if (which === 1) {
    const got = await ctx.call('model.getWeights()', () => model.getWeights());
    if (!got.ok) return;
    const weights = got.value;
    const i = ctx.int(0, Math.max(0, weights.length - 1));
    const breakage = ctx.int(0, 4);
    const given: unknown[] = weights.map((w) => w.values);
    let text: string;
    if (breakage === 0 && weights.length > 0) {
      given.pop();
      text = `model.setWeights(${weights.length - 1} weights)`;
    } else if (breakage === 1 && weights.length > 0) {
      given[i] = new Float32Array(weights[i].values.length + 1);
      text = `model.setWeights(weight ${i} one value too long)`;
    } else if (breakage === 2 && weights.length > 0) {
      const v = weights[i].values.slice();
      v[0] = NaN;
      given[i] = v;
      text = `model.setWeights(weight ${i} with NaN)`;
    } else if (breakage === 3 && weights.length > 0) {
      given[i] = ctx.pick([null, 'w', 3, {}]);
      text = `model.setWeights(weight ${i} = ${show(given[i])})`;
    } else {
      await ctx.call('model.setWeights("w")', () => model.setWeights('w' as never), true);
      return;
    }
    await ctx.call(text, () => model.setWeights(given as never), true);
  } else if (which === 2) {
    const lr = ctx.pick([-1, NaN, Infinity, '0.1', null]);
    await ctx.call(`model.setLearningRate(${show(lr)})`, () => model.setLearningRate(lr as never), true);
  } else if (which === 3) {
    const target = ctx.pick([3, {}, true, null]);
    await ctx.call(`model.save(${show(target)})`, () => model.save(target as never), target !== null);
  } else if (which === 4) {
    const extra = await makeLayer(ctx, false, 2);
    if (extra) await ctx.call(`model.add(${extra.text}) on a model in use`, () => model.add(extra.layer));
  } else {
    const v = ctx.pick([null, 3, 'layer', {}]);
    await ctx.call(`model.add(${show(v)})`, () => model.add(v as never), true);
  }
}

// ------------------------------------------------------------------ the case

export async function modelCase(ctx: FuzzContext): Promise<void> {
  if (ctx.chance(0.05)) await initializerFactory(ctx);
  if (ctx.chance(0.05)) await regularizerFactory(ctx);
  const inputs = ctx.int(1, 5);
  const stack: Built[] = [];
  for (let i = ctx.int(1, 4); i > 0; i--) {
    const b = await makeLayer(ctx, stack.length === 0, inputs);
    if (!b) return;
    stack.push(b);
  }
  const form = ctx.int(0, 9);
  const seed = ctx.draw(() => ctx.int(0, 1000), [NaN, Infinity, '7', {}], [-5, 2 ** 40, 0.5], 0.08);
  const listText = `[${stack.map((s) => s.text).join(', ')}]`;
  if (ctx.chance(0.02)) {
    const backend = ctx.pick(['js', 3, {}, { name: 'wasm' }]);
    await ctx.call(
      `sequential({ layers, backend: ${show(backend)} }) then predict`,
      () => {
        const m = sequential({ layers: stack.map((s) => s.layer), backend: backend as never });
        return m.predict(matrix(ctx, 1, inputs));
      },
      true,
    );
    return;
  }
  const built = await ctx.call(
    form < 5 ? `sequential(${listText})` : `sequential({ layers: ${listText}, seed: ${seed.text} })`,
    () =>
      form < 5
        ? sequential(stack.map((s) => s.layer))
        : sequential({ layers: stack.map((s) => s.layer), seed: seed.value as number }),
    form >= 5 && seed.bad,
  );
  if (!built.ok) return;
  const model = built.value;
  try {
    const outputs = model.outputShape[1];
    // A valid but huge width (units: 2 ** 31) is refused when the model is built; data that wide is not drawn.
    if (outputs > 64) {
      await ctx.call(
        `model.compile({ optimizer: "sgd", loss: "mse" }) with ${outputs} outputs`,
        () => model.compile({ optimizer: 'sgd', loss: 'mse' }),
        true,
      );
      return;
    }
    const last = model.layers[model.layers.length - 1] as Layer & { activation?: { name: string } };
    const { loss, sparse } = lossArg(ctx, last.activation?.name ?? 'linear', outputs);
    const opt = await optimizerArg(ctx);
    const metrics = metricsArg(ctx);
    let optimizer: unknown;
    const made = await ctx.call(opt.text, opt.make, opt.bad);
    if (made.ok) optimizer = made.value;
    const compileArgs = ctx.chance(0.03)
      ? arg(ctx.pick([null, 'adam', 3, {}]), true)
      : ctx.options({ optimizer: arg(optimizer, !made.ok || opt.compileBad === true, opt.text), loss, metrics });
    if (ctx.chance(0.1)) await predictCall(ctx, model, inputs, outputs);
    const compiled = await ctx.call(
      `model.compile(${compileArgs.text})`,
      () => model.compile(compileArgs.value as never),
      compileArgs.bad,
    );
    for (let op = ctx.int(1, 4); op > 0; op--) {
      // model.add on a model that was never built (its compile failed) succeeds and changes the output width.
      const outputs = model.outputShape[1];
      if (outputs > 64) return;
      const which = ctx.int(0, 9);
      if (which <= 2) await fitCall(ctx, model, data(ctx, inputs, outputs, sparse), inputs, outputs, sparse);
      else if (which === 3) {
        const d = data(ctx, inputs, outputs, sparse);
        const o = ctx.options({
          batchSize: ctx.chance(0.3) ? ctx.draw(() => ctx.int(1, 4), BAD_COUNTS) : arg(undefined),
        });
        await ctx.call(
          `model.evaluate(${d.x.text}, ${d.y.text}, ${o.text})`,
          () => model.evaluate(d.x.value as never, d.y.value as never, o.value),
          d.x.bad || d.y.bad || o.bad || !compiled.ok,
        );
      } else if (which === 4) {
        const d = data(ctx, inputs, outputs, sparse);
        await ctx.call(
          `model.trainOnBatch(${d.x.text}, ${d.y.text})`,
          () => model.trainOnBatch(d.x.value as never, d.y.value as never),
          d.x.bad || d.y.bad || !compiled.ok,
        );
      } else if (which <= 6) await predictCall(ctx, model, inputs, outputs);
      else if (which === 7) await saveLoadCall(ctx, model, inputs);
      else await miscCall(ctx, model);
    }
  } finally {
    model.dispose?.();
  }
}
