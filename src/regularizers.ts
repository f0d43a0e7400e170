import { describeValue } from './describe-value.js';
import type { Backend } from './backends/contract.js';

/**
 * Weight regularizers as Keras defines them: penalty = l1 * sum |w| + l2 * sum w^2, added to the loss;
 * its gradient l1 * sign(w) + 2 * l2 * w is added to the weight's gradient before the optimizer step.
 * (Weight decay written as lambda / 2 * ||w||^2, with gradient lambda * w, is l2 = lambda / 2 here.)
 */
export interface Regularizer {
  /** Always 'L1L2' (Keras saves l1 and l2 as L1L2 too). */
  readonly className: 'L1L2';
  /** The weight of sum |w|, >= 0. */
  readonly l1: number;
  /** The weight of sum w^2, >= 0. */
  readonly l2: number;
}

function make(l1: number, l2: number): Regularizer {
  for (const [name, v] of [
    ['l1', l1],
    ['l2', l2],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`backprop: regularizer ${name} must be a finite number >= 0; got ${describeValue(v)}`);
    }
  }
  return { className: 'L1L2', l1, l2 };
}

/** Keras l1(0.01). */
export function l1(args: { l1?: number } = {}): Regularizer {
  return make(args.l1 ?? 0.01, 0);
}

/** Keras l2(0.01). */
export function l2(args: { l2?: number } = {}): Regularizer {
  return make(0, args.l2 ?? 0.01);
}

/** Keras l1_l2: both (defaults 0.01 each, as Keras' l1_l2 helper). */
export function l1l2(args: { l1?: number; l2?: number } = {}): Regularizer {
  return make(args.l1 ?? 0.01, args.l2 ?? 0.01);
}

export function resolveRegularizer(id: unknown, where: string): Regularizer | undefined {
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'string') {
    if (id === 'l1') return l1();
    if (id === 'l2') return l2();
    if (id === 'l1l2' || id === 'l1_l2') return l1l2();
  }
  if (typeof id === 'object' && (id as Regularizer).className === 'L1L2') {
    const r = id as Regularizer;
    return make(r.l1, r.l2);
  }
  throw new TypeError(
    `backprop: ${where}: unknown regularizer ${describeValue(id)}; expected 'l1', 'l2', 'l1l2' or regularizers.l1l2({ l1, l2 })`,
  );
}

/**
 * Adds the penalty of `r` on weight `w` to `into[at]`: Keras' l1 * sum |w| + l2 * sum w^2. It adds in place
 * rather than returning the value: a function that is not inlined boxes a returned double into a new heap
 * number, an allocation on every step.
 */
export function addRegularizerPenalty(
  backend: Backend,
  r: Regularizer,
  w: Float32Array,
  into: Float64Array,
  at: number,
): void {
  if (r.l2 > 0) into[at] += r.l2 * backend.sumOfSquares(w.length, w);
  if (r.l1 > 0) {
    let s = 0;
    for (let i = 0; i < w.length; i++) s += Math.abs(w[i]);
    into[at] += r.l1 * s;
  }
}

/**
 * The arguments of the regularizerGradient kernel call that adds the gradient of the penalty above,
 * l1 * sign(w) + 2 * l2 * w, to `grad` (the kernel's l2 multiplies w, so Keras' l2 * sum w^2 passes 2 * l2).
 * Prepared once, so that each step passes the same two numbers instead of computing them anew.
 */
export function regularizerGradientArguments(
  r: Regularizer,
  w: Float32Array,
  grad: Float32Array,
): Parameters<Backend['regularizerGradient']> {
  return [w.length, r.l1, 2 * r.l2, w, grad];
}

/** A constraint applied to a weight after each optimizer step. */
export interface Constraint {
  /** Always 'MaxNorm', the only constraint. */
  readonly className: 'MaxNorm';
  /** The largest norm of a unit's incoming weight vector. */
  readonly maxValue: number;
  /** 0: the norm is taken over each column of the dense kernel. */
  readonly axis: 0;
}

/**
 * Keras MaxNorm(maxValue = 2, axis = 0): each unit's incoming weight vector (a column of the dense
 * kernel) is rescaled to norm at most maxValue after every update.
 */
export function maxNorm(args: { maxValue?: number; axis?: 0 } = {}): Constraint {
  const maxValue = args.maxValue ?? 2;
  if (typeof maxValue !== 'number' || !(maxValue > 0) || !Number.isFinite(maxValue)) {
    throw new RangeError(`backprop: maxNorm maxValue must be a positive number; got ${describeValue(maxValue)}`);
  }
  if (args.axis !== undefined && args.axis !== 0) {
    throw new RangeError(
      `backprop: maxNorm supports axis 0 (the columns of a dense kernel) only; got ${describeValue(args.axis)}`,
    );
  }
  return { className: 'MaxNorm', maxValue, axis: 0 };
}

export function resolveConstraint(id: unknown, where: string): Constraint | undefined {
  if (id === undefined || id === null) return undefined;
  if (id === 'maxNorm' || id === 'max_norm') return maxNorm();
  if (typeof id === 'object' && (id as Constraint).className === 'MaxNorm')
    return maxNorm({ maxValue: (id as Constraint).maxValue });
  throw new TypeError(
    `backprop: ${where}: unknown constraint ${describeValue(id)}; expected 'maxNorm' or constraints.maxNorm({ maxValue })`,
  );
}

/** The regularizer factories users call: regularizers.l2({ l2: 1e-4 }), ... */
export const regularizers = {
  /** penalty = l1 * sum |w| (default l1 0.01). */
  l1,
  /** penalty = l2 * sum w^2 (default l2 0.01). */
  l2,
  /** Both penalties (defaults 0.01 each). */
  l1l2,
};
/** The constraint factories users call: constraints.maxNorm({ maxValue: 3 }). */
export const constraints = {
  /** Rescales each unit's incoming weight vector to norm at most maxValue (default 2) after every update. */
  maxNorm,
};
