import { describeValue } from '../describe-value.js';
import { Adagrad, type AdagradArgs } from './adagrad.js';
import { Adam, type AdamArgs, AdamW, type AdamWArgs } from './adam.js';
import { Optimizer } from './optimizer.js';
import { Rmsprop, type RmspropArgs } from './rmsprop.js';
import { schedules } from './schedules.js';
import { Sgd, type SgdArgs } from './sgd.js';

export { Optimizer, Sgd, Adagrad, Rmsprop, Adam, AdamW };
export type { OptimizerArgs } from './optimizer.js';
export type { SgdArgs, AdagradArgs, RmspropArgs, AdamArgs, AdamWArgs };
export type { LearningRateSchedule } from './schedules.js';

/** The optimizer factories users call: optimizers.adam({ learningRate: 1e-3 }), ... */
export const optimizers = {
  /** Gradient descent, with momentum (classical or Nesterov) and coupled weight decay if asked. */
  sgd: (args: SgdArgs = {}): Sgd => new Sgd(args),
  /** AdaGrad: per-parameter steps scaled by the root of the summed squared gradients. */
  adagrad: (args: AdagradArgs = {}): Adagrad => new Adagrad(args),
  /** RMSProp: per-parameter steps scaled by the root of a running mean of squared gradients. */
  rmsprop: (args: RmspropArgs = {}): Rmsprop => new Rmsprop(args),
  /** Adam with bias correction. */
  adam: (args: AdamArgs = {}): Adam => new Adam(args),
  /** Adam with decoupled weight decay. */
  adamw: (args: AdamWArgs = {}): AdamW => new AdamW(args),
  /** The learning-rate schedules. */
  schedules,
};

// A Map, not an object literal: 'constructor' or '__proto__' (from user code or a saved file) must be
// unknown names, not what a plain object inherits from Object.prototype.
const BY_NAME = new Map<string, (config: Record<string, unknown>) => Optimizer>([
  ['sgd', (c) => new Sgd(c as SgdArgs)],
  ['SGD', (c) => new Sgd(c as SgdArgs)],
  ['adagrad', (c) => new Adagrad(c as AdagradArgs)],
  ['Adagrad', (c) => new Adagrad(c as AdagradArgs)],
  ['rmsprop', (c) => new Rmsprop(c as RmspropArgs)],
  ['RMSprop', (c) => new Rmsprop(c as RmspropArgs)],
  ['adam', (c) => new Adam(c as AdamArgs)],
  ['Adam', (c) => new Adam(c as AdamArgs)],
  ['adamw', (c) => new AdamW(c as AdamWArgs)],
  ['AdamW', (c) => new AdamW(c as AdamWArgs)],
]);

/** An optimizer from its name ('adam', Keras class names too) with defaults, or an Optimizer as is. */
export function resolveOptimizer(id: unknown): Optimizer {
  if (id instanceof Optimizer) return id;
  const make = typeof id === 'string' ? BY_NAME.get(id) : undefined;
  if (make) return make({});
  throw new TypeError(
    `backprop: unknown optimizer ${describeValue(id)}; expected one of sgd, adagrad, rmsprop, adam, adamw or optimizers.<name>({ ... })`,
  );
}

/** Rebuilds an optimizer from its saved { className, config } (config from getConfig()). */
export function optimizerFromConfig(saved: unknown): Optimizer {
  const { className, config } = (typeof saved === 'object' && saved !== null ? saved : {}) as {
    className?: unknown;
    config?: unknown;
  };
  const make = typeof className === 'string' ? BY_NAME.get(className) : undefined;
  if (!make)
    throw new TypeError(
      `backprop: unknown optimizer class ${describeValue(className)}; known: ${[...BY_NAME.keys()].join(', ')}`,
    );
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new TypeError(`backprop: optimizer ${className} config must be an object; got ${describeValue(config)}`);
  }
  return make((config ?? {}) as Record<string, unknown>);
}
