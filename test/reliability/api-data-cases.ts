// Fuzz cases for the data helpers and tensor2d: each draws one call with valid arguments or one argument
// broken (wrong type, wrong length, non-finite or out-of-range values, hostile objects).
import {
  argMax,
  datasetFromArrays,
  gatherBatch,
  imageAugmenter,
  minMaxScaler,
  oneHot,
  parseCsv,
  parseIdx,
  scalerFromJSON,
  shuffle,
  standardScaler,
  tensor2d,
  trainTestSplit,
  type Dataset,
} from '../../src/index.js';
import { arg, type Arg, type FuzzContext, NOT_NUMBERS, show } from './fuzz-context.js';
import { PROTOTYPE_NAMES } from './api-model-cases.js';

const NON_FINITE = [NaN, Infinity, -Infinity];

function floats(ctx: FuzzContext, n: number): number[] {
  return Array.from({ length: n }, () => ctx.rng.uniform(-3, 3));
}

function dataset(ctx: FuzzContext): Arg<Dataset> {
  const rows = ctx.int(2, 12),
    features = ctx.int(1, 4),
    classes = ctx.int(0, 3);
  const x = new Float32Array(floats(ctx, rows * features));
  const y = new Float32Array(
    Array.from({ length: rows }, () => (classes > 0 ? ctx.int(0, classes - 1) : ctx.rng.uniform(-1, 1))),
  );
  const good: Dataset = { x, y, rows, features, classes };
  if (!ctx.chance(0.3)) return arg(good, false, `dataset(${rows}x${features}, ${classes} classes)`);
  const broken = ctx.pick<[string, Dataset | unknown]>([
    ['rows too large', { ...good, rows: rows + 5 }],
    ['rows NaN', { ...good, rows: NaN }],
    ['features 0', { ...good, features: 0 }],
    ['y too short', { ...good, y: y.subarray(1) }],
    ['label out of range', { ...good, classes: 1, y: new Float32Array(rows).fill(3) }],
    ['x a string', { ...good, x: 'x' }],
    ['x missing', { ...good, x: undefined }],
    ['null', null],
    ['a number', 3],
    ['an empty object', {}],
  ]);
  return arg(broken[1] as Dataset, true, `dataset with ${broken[0]}`);
}

type DataCall = (ctx: FuzzContext) => Promise<void>;

const CALLS: DataCall[] = [
  async (ctx) => {
    const classes = ctx.draw(() => ctx.int(1, 5), [0, -1, 1.5, NaN, Infinity, ...NOT_NUMBERS]);
    const n = ctx.int(0, 6);
    const top = classes.bad || typeof classes.value !== 'number' ? 0 : classes.value - 1;
    const labels = Array.from({ length: n }, () => ctx.int(0, top));
    let bad = classes.bad;
    let labelsArg: unknown = labels;
    if (ctx.chance(0.3) && n > 0) {
      labels[ctx.int(0, n - 1)] = ctx.pick([-1, 99, 0.5, NaN, Infinity]);
      bad = true;
    } else if (ctx.chance(0.1)) {
      labelsArg = ctx.pick([null, undefined, 3, {}, ['a']]);
      bad = true;
    }
    await ctx.call(
      `oneHot(${show(labelsArg)}, ${classes.text})`,
      () => oneHot(labelsArg as number[], classes.value as number),
      bad,
    );
  },
  async (ctx) => {
    const cols = ctx.draw(() => ctx.int(1, 4), [0, -1, 1.5, NaN, ...NOT_NUMBERS]);
    const values = ctx.chance(0.85)
      ? floats(
          ctx,
          (typeof cols.value === 'number' && cols.value > 0 && Number.isInteger(cols.value) ? cols.value : 1) *
            ctx.int(0, 3),
        )
      : ctx.pick([null, 'x', {}, 3]);
    await ctx.call(
      `argMax(${show(values)}, ${cols.text})`,
      () => argMax(values as number[], cols.value as number),
      cols.bad || !Array.isArray(values),
    );
  },
  async (ctx) => {
    const d = dataset(ctx);
    const testSize = ctx.draw(() => ctx.pick([0.2, 0.5]), [0, 1, -0.5, 1.5, NaN, '0.2', {}], [0.01, 0.99]);
    const seed = ctx.draw(() => ctx.int(0, 9), [NaN, Infinity, '1', {}]);
    const stratify = ctx.chance(0.3) ? arg(ctx.pick([true, false, 'yes'])) : arg(undefined);
    const o = ctx.options({ testSize, seed, stratify });
    await ctx.call(
      `trainTestSplit(${d.text}, ${o.text})`,
      () => trainTestSplit(d.value, o.value as never),
      d.bad || o.bad,
    );
  },
  async (ctx) => {
    const d = dataset(ctx);
    const seed = ctx.draw(() => ctx.int(0, 9), [NaN, Infinity, '1', {}, 3n]);
    await ctx.call(`shuffle(${d.text}, ${seed.text})`, () => shuffle(d.value, seed.value as number), d.bad || seed.bad);
  },
  async (ctx) => {
    const standard = ctx.chance(0.5);
    const range = ctx.draw(() => [0, 1], [[1, 0], [0, 0], [NaN, 1], [0, Infinity], 'x', 3, [0]], [undefined, null]);
    const made = await ctx.call(
      standard ? 'standardScaler()' : `minMaxScaler(${range.text})`,
      () => (standard ? standardScaler() : minMaxScaler(range.value as never)),
      !standard && range.bad,
    );
    if (!made.ok) return;
    const scaler = made.value;
    const cols = ctx.draw(() => ctx.int(1, 3), [0, -1, 1.5, NaN, ...NOT_NUMBERS]);
    const c = typeof cols.value === 'number' && Number.isInteger(cols.value) && cols.value > 0 ? cols.value : 2;
    const x = floats(ctx, c * ctx.int(1, 4));
    let bad = cols.bad;
    if (ctx.chance(0.2)) {
      x[ctx.int(0, x.length - 1)] = ctx.pick(NON_FINITE);
      bad = true;
    }
    if (ctx.chance(0.1)) {
      x.push(1);
      bad = bad || c > 1;
    }
    const fitted = await ctx.call(
      `scaler.fit(${show(x)}, ${cols.text})`,
      () => scaler.fit(x, cols.value as number),
      bad,
    );
    if (!fitted.ok) {
      const y = floats(ctx, 2);
      await ctx.call('scaler.transform before fit', () => scaler.transform(y), true);
      return;
    }
    const y: unknown = ctx.chance(0.8) ? floats(ctx, c * ctx.int(0, 3)) : ctx.pick([floats(ctx, c + 1), null, 'x']);
    const ok = Array.isArray(y) && y.length % c === 0;
    const out = await ctx.call(
      `scaler.transform(${show(y)})`,
      () => scaler.transform(y as number[]),
      !ok && !(Array.isArray(y) && c === 1),
    );
    if (out.ok) await ctx.call('scaler.inverseTransform(out)', () => scaler.inverseTransform(out.value));
    const json = scaler.toJSON() as unknown as Record<string, unknown>;
    const key = ctx.pick(Object.keys(json));
    const hostile = ctx.pick([null, 'x', 3, [], [NaN], {}, ...PROTOTYPE_NAMES]);
    const broken = { ...json, [key]: hostile };
    await ctx.call(
      `scalerFromJSON(toJSON() with ${key}: ${show(hostile)})`,
      () => scalerFromJSON(broken as never),
      true,
    );
  },
  async (ctx) => {
    const rows = ctx.int(0, 4),
      cols = ctx.int(1, 3);
    let x: unknown = Array.from({ length: rows }, () => floats(ctx, cols));
    let y: unknown = Array.from({ length: rows }, () => ctx.int(0, 2));
    let bad = rows === 0;
    const breakage = ctx.int(0, 6);
    if (breakage === 0 && rows > 0) {
      (x as number[][])[0] = floats(ctx, cols + 1);
      bad = bad || rows > 1;
    } else if (breakage === 1) {
      y = (y as number[]).slice(1);
      bad = true;
    } else if (breakage === 2 && rows > 0) {
      (x as number[][])[0][0] = ctx.pick(NON_FINITE);
      bad = true;
    } else if (breakage === 3) {
      x = ctx.pick([null, 'x', 3, {}]);
      bad = true;
    } else if (breakage === 4) {
      y = ctx.pick([null, 'y', 3, {}]);
      bad = true;
    }
    const classes = ctx.chance(0.2) ? ctx.pick([0, 1, -1, NaN, '2']) : undefined;
    await ctx.call(
      `datasetFromArrays(${show(x)}, ${show(y)}${classes === undefined ? '' : `, { classes: ${show(classes)} }`})`,
      () =>
        datasetFromArrays(x as number[][], y as number[], classes === undefined ? {} : { classes: classes as number }),
      bad,
    );
  },
  async (ctx) => {
    const rows = ctx.int(0, 3),
      cols = ctx.int(0, 3);
    const values: unknown = ctx.pick([
      new Float32Array(rows * cols),
      floats(ctx, rows * cols),
      Array.from({ length: rows }, () => floats(ctx, cols)),
      null,
      'x',
      3,
      {},
      [[1], [1, 2]],
      [['1']],
      [1, 'a'],
    ]);
    const shape: unknown = ctx.pick([
      [rows, cols],
      [rows, cols + 1],
      [-1, cols],
      [1.5, 2],
      [NaN, 1],
      [rows],
      'x',
      undefined,
      [2 ** 31, 2 ** 31],
      [Infinity, 0],
    ]);
    await ctx.call(`tensor2d(${show(values)}, ${show(shape)})`, () => tensor2d(values as never, shape as never));
  },
  async (ctx) => {
    const d = dataset(ctx);
    if (d.bad) return;
    const order = ctx.chance(0.8)
      ? Array.from({ length: d.value.rows }, (_, i) => i)
      : ctx.pick([[-1], [NaN], [1e9], ['0']]);
    const start = ctx.draw(() => 0, [-1, NaN, 1e9, '0']);
    const count = ctx.draw(() => Math.min(2, d.value.rows), [-1, NaN, 1e9]);
    const xOut = ctx.chance(0.85) ? new Float32Array(2 * d.value.features) : ctx.pick([new Float32Array(0), null, 'x']);
    await ctx.call(
      `gatherBatch(${d.text}, ${show(order)}, ${start.text}, ${count.text}, ${show(xOut)})`,
      () => gatherBatch(d.value, order as number[], start.value as number, count.value as number, xOut as Float32Array),
      start.bad || count.bad || !(xOut instanceof Float32Array && xOut.length > 0),
    );
  },
  async (ctx) => {
    // CSV text made of random pieces: numbers, separators, quotes, blanks, non-numbers.
    const pieces = [
      '1',
      '2.5',
      '-3',
      ',',
      ',',
      '\n',
      '\n',
      '"',
      'a',
      '',
      ' ',
      '\r\n',
      'NaN',
      '1e400',
      ';',
      'label',
      '\t',
      '\u0000',
      '"x,y"',
    ];
    const text = Array.from({ length: ctx.int(0, 40) }, () => ctx.pick(pieces)).join('');
    const options = ctx.pick([
      {},
      { labelColumn: 0 },
      { labelColumn: -1 },
      { labelColumn: 99 },
      { header: true },
      { delimiter: ';' },
      { delimiter: '' },
      { labelColumn: 'label' },
    ]);
    await ctx.call(`parseCsv(${JSON.stringify(text)}, ${show(options)})`, () => parseCsv(text, options as never));
  },
  async (ctx) => {
    // IDX bytes: a valid-looking header with random dimensions, or random bytes.
    const n = ctx.int(0, 40);
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = ctx.int(0, 255);
    if (n >= 4 && ctx.chance(0.6)) {
      bytes[0] = 0;
      bytes[1] = 0;
      bytes[2] = ctx.pick([0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x01]);
      bytes[3] = ctx.int(0, 4);
    }
    await ctx.call(`parseIdx(bytes [${Array.from(bytes).join(', ')}])`, () => parseIdx(bytes));
  },
  async (ctx) => {
    const options = ctx.options({
      imageShape: ctx.draw(() => [2, 2], [[0, 2], [-1, 2], [2], 'x', [NaN, 2], [1.5, 2]]),
      rotation: ctx.chance(0.3) ? ctx.draw(() => 10, [NaN, -Infinity, 'x']) : arg(undefined),
      noise: ctx.chance(0.3) ? ctx.draw(() => 0.1, [-1, NaN, 'x']) : arg(undefined),
      scale: ctx.chance(0.2) ? ctx.draw(() => [0.9, 1.1], [[2, 1], [0, 1], 'x', [NaN, 1]]) : arg(undefined),
      seed: ctx.chance(0.3) ? ctx.draw(() => 1, [NaN, '1']) : arg(undefined),
    });
    const made = await ctx.call(
      `imageAugmenter(${options.text})`,
      () => imageAugmenter(options.value as never),
      options.bad,
    );
    if (!made.ok) return;
    const rows = ctx.draw(() => 2, [-1, 3, 1.5, NaN, '2']);
    await ctx.call(
      `augmenter(x[2x4], ${rows.text})`,
      () => made.value(new Float32Array(8), rows.value as number),
      rows.bad,
    );
  },
];

export async function dataCase(ctx: FuzzContext): Promise<void> {
  await ctx.pick(CALLS)(ctx);
}
