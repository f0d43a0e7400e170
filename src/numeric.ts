import { describeValue } from './describe-value.js';
import { Sequential } from './model/sequential.js';
import { checkFeatures, checkTargets } from './model/data.js';
import { isSparse } from './losses.js';
import type { TensorLike } from './tensor.js';

/**
 * Numerical differentiation by finite differences: forward (f(x+h) - f(x)) / h and backward differences have
 * error O(h); the central difference (f(x+h) - f(x-h)) / 2h has error O(h^2).
 */
export function forwardDifference(f: (x: number) => number, x: number, h = 1e-4): number {
  checkDifference('forwardDifference', f, x, h);
  return (f(x + h) - f(x)) / h;
}

/** The backward difference (f(x) - f(x - h)) / h: error O(h). */
export function backwardDifference(f: (x: number) => number, x: number, h = 1e-4): number {
  checkDifference('backwardDifference', f, x, h);
  return (f(x) - f(x - h)) / h;
}

/** The central difference (f(x + h) - f(x - h)) / 2h: error O(h^2). */
export function centralDifference(f: (x: number) => number, x: number, h = 1e-4): number {
  checkDifference('centralDifference', f, x, h);
  return (f(x + h) - f(x - h)) / (2 * h);
}

function checkDifference(who: string, f: unknown, x: unknown, h: unknown): void {
  if (typeof f !== 'function')
    throw new TypeError(`backprop: ${who}(f, x, h) needs a function f; got ${describeValue(f)}`);
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw new TypeError(`backprop: ${who}: x must be a finite number; got ${describeValue(x)}`);
  if (typeof h !== 'number' || !(h > 0) || !Number.isFinite(h))
    throw new RangeError(`backprop: ${who}: the step h must be a finite number > 0; got ${describeValue(h)}`);
}

/** The options of gradientCheck. */
export interface GradientCheckOptions {
  /** Step of the central difference (default 1e-2: the model computes in float32). */
  epsilon?: number;
  /** Check at most this many parameters per weight, spread evenly (default all). */
  maxPerWeight?: number;
}

/** How one weight's backpropagated gradient compares with the numerical one. */
export interface WeightCheck {
  /** layer/weight */
  name: string;
  /** Largest |analytic - numerical| / max(1e-3, |analytic| + |numerical|) over the checked entries. */
  maxRelativeError: number;
  /** Largest |analytic - numerical| over the checked entries. */
  maxAbsoluteError: number;
  /** How many entries were checked. */
  checked: number;
}

/** What gradientCheck returns. */
export interface GradientCheckResult {
  /** One entry per trainable weight, in the model's order. */
  weights: WeightCheck[];
  /** The largest relative error over every weight. */
  maxRelativeError: number;
}

/**
 * Compares the model's backpropagated gradient of the compiled loss (with regularization) on (x, y)
 * with a central-difference gradient, weight by weight. Training-mode forward (batch statistics);
 * dropout reuses the masks drawn by the first pass, so every evaluation sees the same network. The
 * weights and running statistics are restored afterwards.
 */
export function gradientCheck(
  model: Sequential,
  x: TensorLike,
  y: TensorLike | number[],
  options: GradientCheckOptions = {},
): GradientCheckResult {
  if (!(model instanceof Sequential))
    throw new TypeError(`backprop: gradientCheck needs a model (sequential(...)); got ${describeValue(model)}`);
  if (!model.loss) throw new Error('backprop: gradientCheck needs a compiled model (the loss comes from compile)');
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`backprop: gradientCheck options must be an object; got ${describeValue(options)}`);
  const h = options.epsilon ?? 1e-2;
  if (typeof h !== 'number' || !(h > 0) || !Number.isFinite(h))
    throw new RangeError(`backprop: gradientCheck epsilon must be a finite number > 0; got ${describeValue(h)}`);
  const limit = options.maxPerWeight;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw new RangeError(`backprop: gradientCheck maxPerWeight must be an integer >= 1; got ${describeValue(limit)}`);
  }
  const X = checkFeatures(x, model.layers[0].inputShape, model.layers[0].name, 'x');
  const Y = checkTargets(
    y,
    X.rows,
    model.layers[model.layers.length - 1].units,
    isSparse(model.loss),
    model.layers[model.layers.length - 1].name,
    'y',
  );
  const probe = model.gradientProbe();
  probe.loadWhole(X, Y);
  const saved = model.snapshotWeights();
  probe.setReuseMasks(false);
  probe.computeGradients(X.rows);
  const analytic = probe.grads.data.slice(0, probe.paramCount);
  const stateAfterFirst = probe.state.data.slice(0, probe.stateCount);
  probe.setReuseMasks(true);
  const lossAt = (): number => {
    probe.state.data.set(stateAfterFirst);
    return probe.lossAfterForward(X.rows);
  };
  const results: WeightCheck[] = [];
  try {
    for (const { layer, weight } of probe.trainable) {
      const stride = options.maxPerWeight ? Math.max(1, Math.floor(weight.size / options.maxPerWeight)) : 1;
      let maxRel = 0;
      let maxAbs = 0;
      let checked = 0;
      for (let k = 0; k < weight.size; k += stride) {
        const i = weight.slice.offset + k;
        const params = probe.params.data;
        const original = params[i];
        params[i] = original + h;
        const up = Math.fround(original + h);
        const plus = lossAt();
        probe.params.data[i] = original - h;
        const down = Math.fround(original - h);
        const minus = lossAt();
        probe.params.data[i] = original;
        const numerical = (plus - minus) / (up - down);
        const a = analytic[i];
        const abs = Math.abs(a - numerical);
        maxAbs = Math.max(maxAbs, abs);
        maxRel = Math.max(maxRel, abs / Math.max(1e-3, Math.abs(a) + Math.abs(numerical)));
        checked++;
      }
      results.push({
        name: `${layer.name}/${weight.name}`,
        maxRelativeError: maxRel,
        maxAbsoluteError: maxAbs,
        checked,
      });
    }
  } finally {
    probe.setReuseMasks(false);
    model.restoreWeights(saved);
  }
  return { weights: results, maxRelativeError: Math.max(0, ...results.map((r) => r.maxRelativeError)) };
}
