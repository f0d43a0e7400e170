import { describeValue } from '../describe-value.js';
/**
 * Learning-rate schedules as Keras defines them: a function of the optimizer's step count (the number of
 * updates done before this one), given as an optimizer's learningRate. Reduce-on-plateau depends on the
 * monitored metric, so it is a callback (callbacks.reduceLROnPlateau), as in Keras.
 */
export interface LearningRateSchedule {
  /** The Keras class name ('ExponentialDecay', ...), as saved. */
  readonly className: string;
  /** The options, as saved and as the schedule's factory accepts them. */
  getConfig(): Record<string, number | boolean | number[]>;
  /** The learning rate for the update after `step` updates. */
  at(step: number): number;
}

function positive(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
    throw new RangeError(`backprop: ${what} must be a positive number; got ${describeValue(value)}`);
  return value;
}

function inRange(value: unknown, lo: number, hi: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi)
    throw new RangeError(`backprop: ${what} must be a number in [${lo}, ${hi}]; got ${describeValue(value)}`);
  return value;
}

/** lr = initialLearningRate * decayRate ^ (step / decaySteps), floored exponent with staircase. */
export function exponentialDecay(args: {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
}): LearningRateSchedule {
  const lr0 = positive(args?.initialLearningRate, 'exponentialDecay initialLearningRate');
  const decaySteps = positive(args.decaySteps, 'exponentialDecay decaySteps');
  const decayRate = positive(args.decayRate, 'exponentialDecay decayRate');
  const staircase = args.staircase ?? false;
  return {
    className: 'ExponentialDecay',
    getConfig: () => ({ initialLearningRate: lr0, decaySteps, decayRate, staircase }),
    at: (step) => {
      const p = step / decaySteps;
      return lr0 * decayRate ** (staircase ? Math.floor(p) : p);
    },
  };
}

/** Step decay: lr = initialLearningRate * factor ^ floor(step / stepSize). */
export function stepDecay(args: {
  initialLearningRate: number;
  stepSize: number;
  factor?: number;
}): LearningRateSchedule {
  const lr0 = positive(args?.initialLearningRate, 'stepDecay initialLearningRate');
  const stepSize = positive(args.stepSize, 'stepDecay stepSize');
  const factor = positive(args.factor ?? 0.1, 'stepDecay factor');
  return {
    className: 'StepDecay',
    getConfig: () => ({ initialLearningRate: lr0, stepSize, factor }),
    at: (step) => lr0 * factor ** Math.floor(step / stepSize),
  };
}

/** Keras CosineDecay: lr0 * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha). */
export function cosineDecay(args: {
  initialLearningRate: number;
  decaySteps: number;
  alpha?: number;
}): LearningRateSchedule {
  const lr0 = positive(args?.initialLearningRate, 'cosineDecay initialLearningRate');
  const decaySteps = positive(args.decaySteps, 'cosineDecay decaySteps');
  const alpha = inRange(args.alpha ?? 0, 0, 1, 'cosineDecay alpha');
  return {
    className: 'CosineDecay',
    getConfig: () => ({ initialLearningRate: lr0, decaySteps, alpha }),
    at: (step) => {
      const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(step, decaySteps)) / decaySteps));
      return lr0 * ((1 - alpha) * cosine + alpha);
    },
  };
}

export function scheduleFromConfig(saved: {
  className: string;
  config: Record<string, unknown>;
}): LearningRateSchedule {
  const c = saved.config as never;
  switch (saved.className) {
    case 'ExponentialDecay':
      return exponentialDecay(c);
    case 'StepDecay':
      return stepDecay(c);
    case 'CosineDecay':
      return cosineDecay(c);
  }
  throw new TypeError(`backprop: unknown learning-rate schedule ${describeValue(saved.className)}`);
}

/** The learning-rate schedule factories users call: optimizers.schedules.cosineDecay({ ... }), ... */
export const schedules = {
  /** lr = initialLearningRate * decayRate ^ (step / decaySteps), the exponent floored with staircase. */
  exponentialDecay,
  /** lr = initialLearningRate * factor ^ floor(step / stepSize). */
  stepDecay,
  /** Keras CosineDecay: from initialLearningRate down to alpha times it over decaySteps. */
  cosineDecay,
};
