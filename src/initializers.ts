import { describeValue } from './describe-value.js';
import { checkOptions } from './options.js';
import type { Random } from './random.js';

/**
 * Weight initialisers with Keras names and defaults. Fan-in is the number of inputs of a unit, fan-out
 * the number of units (a dense kernel is [fanIn, fanOut]). The variance-scaling ones give the variances
 * of their papers: Glorot 2 / (fanIn + fanOut) (Glorot and Bengio, 2010), He 2 / fanIn (He et al., 2015,
 * for relu), LeCun 1 / fanIn (LeCun et al., "Efficient BackProp", 1998). The normal variants draw from a
 * normal truncated at two standard deviations with the standard deviation divided by 0.87962566 (the std
 * of a unit normal truncated to [-2, 2]), as Keras's VarianceScaling does, so the variance is exactly the
 * paper's while no weight is an outlier. The uniform variants use limit sqrt(3 * variance).
 */
export interface Initializer {
  /** The Keras class name ('GlorotUniform', ...), as saved. */
  readonly className: string;
  /** The options, as saved and as the initializer's factory accepts them. */
  getConfig(): Record<string, number>;
  /** Fills `out` (a weight of the given fans) from `random`. */
  fill(out: Float32Array, fanIn: number, fanOut: number, random: Random): void;
}

const TRUNCATED_STD_CORRECTION = 0.87962566103423978;

function truncatedNormal(random: Random, mean: number, std: number): number {
  for (;;) {
    const z = random.normal();
    if (z >= -2 && z <= 2) return mean + std * z;
  }
}

function checkFinite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new RangeError(`backprop: ${what} must be a finite number; got ${describeValue(value)}`);
  return value;
}

function checkNonNegative(value: unknown, what: string): number {
  if (checkFinite(value, what) < 0)
    throw new RangeError(`backprop: ${what} must be >= 0 (a standard deviation); got ${value}`);
  return value as number;
}

function simple(className: string, config: Record<string, number>, fill: Initializer['fill']): Initializer {
  return { className, getConfig: () => ({ ...config }), fill };
}

export function zeros(): Initializer {
  return simple('Zeros', {}, (out) => out.fill(0));
}

export function ones(): Initializer {
  return simple('Ones', {}, (out) => out.fill(1));
}

export function constant(args: { value: number }): Initializer {
  const value = checkFinite(
    checkOptions(args, 'initializers.constant', '{ value: 0.1 }').value,
    'constant initializer value',
  );
  return simple('Constant', { value }, (out) => out.fill(value));
}

export function randomNormal(args: { mean?: number; stddev?: number } = {}): Initializer {
  args = checkOptions(args, 'initializers.randomNormal', '{ mean: 0, stddev: 0.05 }', true);
  const mean = checkFinite(args.mean ?? 0, 'randomNormal mean');
  const stddev = checkNonNegative(args.stddev ?? 0.05, 'randomNormal stddev');
  return simple('RandomNormal', { mean, stddev }, (out, _i, _o, random) => random.fillNormal(out, mean, stddev));
}

export function randomUniform(args: { minval?: number; maxval?: number } = {}): Initializer {
  args = checkOptions(args, 'initializers.randomUniform', '{ minval: -0.05, maxval: 0.05 }', true);
  const minval = checkFinite(args.minval ?? -0.05, 'randomUniform minval');
  const maxval = checkFinite(args.maxval ?? 0.05, 'randomUniform maxval');
  if (maxval < minval)
    throw new RangeError(`backprop: randomUniform needs minval <= maxval; got ${minval} > ${maxval}`);
  return simple('RandomUniform', { minval, maxval }, (out, _i, _o, random) => random.fillUniform(out, minval, maxval));
}

function truncatedNormalInit(args: { mean?: number; stddev?: number } = {}): Initializer {
  args = checkOptions(args, 'initializers.truncatedNormal', '{ mean: 0, stddev: 0.05 }', true);
  const mean = checkFinite(args.mean ?? 0, 'truncatedNormal mean');
  const stddev = checkNonNegative(args.stddev ?? 0.05, 'truncatedNormal stddev');
  return simple('TruncatedNormal', { mean, stddev }, (out, _i, _o, random) => {
    for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(random, mean, stddev);
  });
}

type FanMode = 'fanIn' | 'fanAvg';

function varianceScaling(
  className: string,
  scale: number,
  mode: FanMode,
  distribution: 'normal' | 'uniform',
): Initializer {
  return simple(className, {}, (out, fanIn, fanOut, random) => {
    const fan = mode === 'fanIn' ? fanIn : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, fan);
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      random.fillUniform(out, -limit, limit);
    } else {
      const std = Math.sqrt(variance) / TRUNCATED_STD_CORRECTION;
      for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(random, 0, std);
    }
  });
}

/** Xavier/Glorot normal: variance 2 / (fanIn + fanOut). */
export const glorotNormal = (): Initializer => varianceScaling('GlorotNormal', 1, 'fanAvg', 'normal');
/** Xavier/Glorot uniform: limit sqrt(6 / (fanIn + fanOut)); the Keras default for dense kernels. */
export const glorotUniform = (): Initializer => varianceScaling('GlorotUniform', 1, 'fanAvg', 'uniform');
/** He normal: variance 2 / fanIn (for ReLU). */
export const heNormal = (): Initializer => varianceScaling('HeNormal', 2, 'fanIn', 'normal');
/** He uniform: limit sqrt(6 / fanIn). */
export const heUniform = (): Initializer => varianceScaling('HeUniform', 2, 'fanIn', 'uniform');
/** LeCun normal: variance 1 / fanIn. */
export const lecunNormal = (): Initializer => varianceScaling('LecunNormal', 1, 'fanIn', 'normal');
/** LeCun uniform: limit sqrt(3 / fanIn). */
export const lecunUniform = (): Initializer => varianceScaling('LecunUniform', 1, 'fanIn', 'uniform');

// Maps, not object literals: names come from user code and from saved files, and a plain object would
// answer '__proto__', 'constructor' or 'toString' with what it inherits from Object.prototype.
const byName = new Map<string, (config: Record<string, number>) => Initializer>([
  ['zeros', zeros],
  ['ones', ones],
  ['constant', (c) => constant(c as { value: number })],
  ['randomNormal', randomNormal],
  ['randomUniform', randomUniform],
  ['truncatedNormal', truncatedNormalInit],
  ['glorotNormal', glorotNormal],
  ['glorotUniform', glorotUniform],
  ['heNormal', heNormal],
  ['heUniform', heUniform],
  ['lecunNormal', lecunNormal],
  ['lecunUniform', lecunUniform],
]);

const byClass = new Map<string, string>([
  ['Zeros', 'zeros'],
  ['Ones', 'ones'],
  ['Constant', 'constant'],
  ['RandomNormal', 'randomNormal'],
  ['RandomUniform', 'randomUniform'],
  ['TruncatedNormal', 'truncatedNormal'],
  ['GlorotNormal', 'glorotNormal'],
  ['GlorotUniform', 'glorotUniform'],
  ['HeNormal', 'heNormal'],
  ['HeUniform', 'heUniform'],
  ['LecunNormal', 'lecunNormal'],
  ['LecunUniform', 'lecunUniform'],
]);

/** An initializer from its name ('heNormal', Keras snake_case too) or an Initializer object. */
export function resolveInitializer(id: unknown, where: string): Initializer {
  if (typeof id === 'object' && id !== null && !Array.isArray(id)) {
    const init = id as Partial<Initializer>;
    if (typeof init.fill === 'function' && typeof init.getConfig === 'function' && typeof init.className === 'string')
      return id as Initializer;
    throw new TypeError(
      `backprop: ${where}: an initializer object needs className, getConfig() and fill() (use initializers.<name>()); got ${describeValue(id)}`,
    );
  }
  if (typeof id === 'string') {
    const camel = id.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    const make = byName.get(camel) ?? byName.get(byClass.get(id) ?? '');
    if (make && camel !== 'constant' && id !== 'Constant') return make({});
  }
  throw new TypeError(
    `backprop: ${where}: unknown initializer ${describeValue(id)}; expected one of ${[...byName.keys()].filter((n) => n !== 'constant').join(', ')} or an initializer object (initializers.constant({ value }) for constants)`,
  );
}

/** Rebuilds an initializer from its saved { className, config }. */
export function initializerFromConfig(saved: unknown): Initializer {
  const { className, config } = (typeof saved === 'object' && saved !== null ? saved : {}) as {
    className?: unknown;
    config?: unknown;
  };
  const name = typeof className === 'string' ? byClass.get(className) : undefined;
  if (name === undefined)
    throw new TypeError(
      `backprop: unknown initializer class ${describeValue(className)}; known: ${[...byClass.keys()].join(', ')}`,
    );
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new TypeError(`backprop: initializer ${className} config must be an object; got ${describeValue(config)}`);
  }
  return byName.get(name)!((config ?? {}) as Record<string, number>);
}

export function initializerToConfig(init: Initializer): { className: string; config: Record<string, number> } {
  return { className: init.className, config: init.getConfig() };
}

/** The namespace users see: initializers.heNormal(), ... */
export const initializers = {
  /** Every value 0. */
  zeros,
  /** Every value 1. */
  ones,
  /** Every value `value`. */
  constant,
  /** Normal with `mean` (default 0) and `stddev` (default 0.05). */
  randomNormal,
  /** Uniform in [minval, maxval] (default [-0.05, 0.05]). */
  randomUniform,
  /** Normal with `mean` (default 0) and `stddev` (default 0.05), redrawn beyond two standard deviations. */
  truncatedNormal: truncatedNormalInit,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
};
