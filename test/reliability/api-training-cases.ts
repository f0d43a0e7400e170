// Fuzz cases for the training helpers around a model: callbacks (earlyStopping, reduceLROnPlateau,
// learningRateScheduler, modelCheckpoint, terminateOnNaN) with hostile options and hostile behaviour during
// fit, gradientCheck, the numerical differences and the perceptron, each with one argument broken now and then.
import {
  backwardDifference,
  callbacks,
  centralDifference,
  forwardDifference,
  gradientCheck,
  layers,
  perceptron,
  sequential,
  type Sequential,
} from '../../src/index.js';
import { arg, type Arg, type FuzzContext, NOT_NUMBERS, show } from './fuzz-context.js';
import { UserError } from './verdict.js';

function smallModel(): Sequential {
  const model = sequential({
    seed: 1,
    layers: [
      layers.dense({ inputShape: [2], units: 3, activation: 'tanh' }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const Y = [
  [1, 0],
  [0, 1],
  [0, 1],
  [1, 0],
];
const MONITORS = ['loss', 'val_loss', 'accuracy', 'val_accuracy'];

async function callbackCase(ctx: FuzzContext): Promise<void> {
  const kind = ctx.int(0, 4);
  let text: string;
  let make: () => unknown;
  let bad: boolean;
  if (kind === 0) {
    const o = ctx.options({
      monitor: ctx.draw(() => ctx.pick(MONITORS), [3, {}], ['nope', '', 'constructor', null], 0.2),
      patience: ctx.draw(() => ctx.int(0, 2), [-1, 1.5, NaN, ...NOT_NUMBERS], [1e9], 0.2),
      minDelta: ctx.chance(0.3) ? ctx.draw(() => 0.01, [NaN, -Infinity, '0.1']) : arg(undefined),
      mode: ctx.chance(0.3) ? ctx.draw(() => ctx.pick(['min', 'max', 'auto']), ['minimum', 3, {}]) : arg(undefined),
      baseline: ctx.chance(0.2) ? ctx.draw(() => 0.5, [NaN, '1']) : arg(undefined),
      restoreBestWeights: ctx.chance(0.3) ? arg(ctx.pick([true, false])) : arg(undefined),
    });
    ({ text, bad } = { text: `callbacks.earlyStopping(${o.text})`, bad: o.bad });
    make = () => callbacks.earlyStopping(o.value as never);
  } else if (kind === 1) {
    const o = ctx.options({
      monitor: ctx.draw(() => ctx.pick(MONITORS), [3, {}], ['nope', null]),
      factor: ctx.draw(() => ctx.pick([0.1, 0.5]), [0, 1, 1.5, -0.5, NaN, ...NOT_NUMBERS], [], 0.2),
      patience: ctx.chance(0.5) ? ctx.draw(() => ctx.int(0, 2), [-1, 1.5, NaN]) : arg(undefined),
      cooldown: ctx.chance(0.2) ? ctx.draw(() => 1, [-1, 0.5, NaN]) : arg(undefined),
      minLr: ctx.chance(0.2) ? ctx.draw(() => 1e-5, [-1, NaN, Infinity]) : arg(undefined),
    });
    ({ text, bad } = { text: `callbacks.reduceLROnPlateau(${o.text})`, bad: o.bad });
    make = () => callbacks.reduceLROnPlateau(o.value as never);
  } else if (kind === 2) {
    // A schedule that misbehaves: returns NaN, a negative rate, a string, or throws.
    const returns = ctx.pick<[string, unknown, boolean]>([
      ['0.01', 0.01, false],
      ['NaN', NaN, true],
      ['-1', -1, true],
      ['"0.1"', '0.1', true],
      ['Infinity', Infinity, true],
      ['undefined', undefined, true],
    ]);
    const schedule = ctx.chance(0.85)
      ? arg(() => returns[1], false, `() => ${returns[0]}`)
      : arg(ctx.pick([null, 3, 'x', {}]), true);
    text = `callbacks.learningRateScheduler(${schedule.text})`;
    bad = schedule.bad;
    make = () => callbacks.learningRateScheduler(schedule.value as never);
    const made = await ctx.call(text, make, bad);
    if (made.ok) await fitWith(ctx, made.value, text, returns[2]);
    return;
  } else if (kind === 3) {
    // '/dev/null/{epoch}' cannot be created (its parent is a device); '/proc/...' neither (procfs answers ENOENT
    // for a new directory, on which Node's recursive mkdir retries forever, so a save there once never settled).
    const filepath: Arg = ctx.draw(
      () => () => undefined,
      [3, null, {}, undefined, ''],
      [
        '/dev/null/{epoch}',
        '/proc/backprop-{epoch}',
        () => {
          throw new UserError('disk full');
        },
      ],
      0.4,
    );
    const o = ctx.options({
      filepath,
      monitor: ctx.chance(0.3) ? arg(ctx.pick(MONITORS)) : arg(undefined),
      saveBestOnly: ctx.chance(0.3) ? arg(true) : arg(undefined),
    });
    ({ text, bad } = { text: `callbacks.modelCheckpoint(${o.text})`, bad: o.bad });
    make = () => callbacks.modelCheckpoint(o.value as never);
  } else {
    ({ text, bad } = { text: 'callbacks.terminateOnNaN()', bad: false });
    make = () => callbacks.terminateOnNaN();
  }
  const made = await ctx.call(text, make, bad);
  if (made.ok) await fitWith(ctx, made.value, text, false);
}

async function fitWith(ctx: FuzzContext, callback: unknown, text: string, mustThrow: boolean): Promise<void> {
  const model = smallModel();
  try {
    const validationSplit = ctx.chance(0.5) ? 0.25 : undefined;
    await ctx.call(
      `model.fit(x, y, { epochs: 3, callbacks: [${text}]${validationSplit ? ', validationSplit: 0.25' : ''} })`,
      () => model.fit(X, Y, { epochs: 3, batchSize: 2, verbose: 0, validationSplit, callbacks: [callback as never] }),
      mustThrow,
    );
  } finally {
    model.dispose?.();
  }
}

async function numericCase(ctx: FuzzContext): Promise<void> {
  const which = ctx.pick([forwardDifference, backwardDifference, centralDifference]);
  const f: Arg = ctx.draw(
    () => (x: number) => x * x,
    [null, 3, 'f', {}],
    [
      () => NaN,
      () => 'x',
      () => {
        throw new UserError('f failed');
      },
    ],
    0.3,
  );
  const x = ctx.draw(() => ctx.rng.uniform(-2, 2), [NaN, Infinity, '1', {}], [1e308]);
  const h = ctx.chance(0.3) ? ctx.draw(() => 1e-3, [0, -1, NaN, Infinity, '0.1']) : arg(undefined);
  await ctx.call(
    `${which.name}(${f.text}, ${x.text}, ${h.text})`,
    () => which(f.value as never, x.value as number, h.value as number),
    f.bad || x.bad || h.bad,
  );
}

async function gradientCheckCase(ctx: FuzzContext): Promise<void> {
  const model = smallModel();
  try {
    const o = ctx.options({
      epsilon: ctx.chance(0.5) ? ctx.draw(() => 1e-2, [0, -1, NaN, '0.01', {}]) : arg(undefined),
      maxPerWeight: ctx.chance(0.5) ? ctx.draw(() => ctx.int(1, 3), [0, -1, 1.5, NaN, 'x']) : arg(3),
    });
    const x: Arg = ctx.draw(() => X, [[], [[1]], 'x', null, [[NaN, 0]]]);
    await ctx.call(
      `gradientCheck(model, ${x.text}, y, ${o.text})`,
      () => gradientCheck(model, x.value as never, Y, o.value as never),
      x.bad || o.bad,
    );
    const other: unknown = ctx.pick([null, {}, 'model', sequential()]);
    await ctx.call(`gradientCheck(${show(other)}, x, y)`, () => gradientCheck(other as never, X, Y), true);
  } finally {
    model.dispose?.();
  }
}

async function perceptronCase(ctx: FuzzContext): Promise<void> {
  const o = ctx.options({
    inputs: ctx.draw(() => 2, [0, -1, 1.5, NaN, ...NOT_NUMBERS], [], 0.2),
    learningRate: ctx.chance(0.3) ? ctx.draw(() => 0.1, [0, -1, NaN, '0.1']) : arg(undefined),
    maxEpochs: ctx.chance(0.3) ? ctx.draw(() => ctx.int(1, 20), [-1, 1.5, NaN, 'x']) : arg(undefined),
  });
  const made = await ctx.call(`perceptron(${o.text})`, () => perceptron(o.value as never), o.bad);
  if (!made.ok) return;
  const p = made.value as unknown as Record<string, (...a: unknown[]) => unknown>;
  const x: Arg = ctx.draw(
    () => [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    [[[0]], [[NaN, 0]], 'x', null, []],
  );
  const y: Arg = ctx.draw(() => [-1, 1, 1, 1], [[1], [0, 2, 1, 1], 'y', null, [NaN, 1, 1, 1]]);
  const method = typeof p.train === 'function' ? 'train' : 'fit';
  if (typeof p[method] === 'function') {
    await ctx.call(`perceptron.${method}(${x.text}, ${y.text})`, () => p[method](x.value, y.value), x.bad || y.bad);
  }
}

export async function trainingCase(ctx: FuzzContext): Promise<void> {
  const which = ctx.int(0, 9);
  if (which < 5) await callbackCase(ctx);
  else if (which < 7) await numericCase(ctx);
  else if (which < 8) await gradientCheckCase(ctx);
  else await perceptronCase(ctx);
}
