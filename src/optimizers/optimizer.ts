import { describeValue } from '../describe-value.js';
import type { Backend } from '../backends/contract.js';
import { type LearningRateSchedule, scheduleFromConfig } from './schedules.js';

/** Where one weight lies in the flat gradient buffer. */
type Slice = { readonly offset: number; readonly length: number };

/** The options every optimizer takes, as Keras names them. */
export interface OptimizerArgs {
  /** A number >= 0 or a schedule (optimizers.schedules.*). The default is the optimizer's Keras default. */
  learningRate?: number | LearningRateSchedule;
  /** Keras clipnorm: each weight's gradient is rescaled to L2 norm at most clipNorm. */
  clipNorm?: number;
  /** Keras global_clipnorm: the whole gradient is rescaled to L2 norm at most globalClipNorm. */
  globalClipNorm?: number;
  /** Keras clipvalue: every gradient value is clipped to [-clipValue, clipValue]. */
  clipValue?: number;
}

/**
 * The optimizer base: configuration, the learning rate (a number or a schedule of the step count),
 * gradient clipping, and one kernel call per step over the model's whole flat parameter buffer. The state
 * (velocity, moments...) belongs to the model: one flat buffer with one `params`-sized slot per name in
 * `slotNames`, so the optimizer object itself holds only numbers.
 */
export abstract class Optimizer {
  /** The Keras class name ('SGD', 'Adam', ...), as saved. */
  abstract readonly className: string;
  /** Names of the per-parameter state slots, e.g. ['m', 'v'] for Adam. */
  abstract readonly slotNames: readonly string[];
  /** A number, or a schedule of the step count; setting a number replaces a schedule. */
  learningRate: number | LearningRateSchedule;
  /** Each weight's gradient is rescaled to L2 norm at most this, if set. */
  readonly clipNorm: number | undefined;
  /** The whole gradient is rescaled to L2 norm at most this, if set. */
  readonly globalClipNorm: number | undefined;
  /** Every gradient value is clipped to [-clipValue, clipValue], if set. */
  readonly clipValue: number | undefined;
  /** Updates done so far (Keras `iterations`); Adam's t is iterations + 1. */
  iterations = 0;
  /** -clipValue, computed once: a double computed per step is boxed anew for each kernel call. */
  private readonly clipLow: number | undefined;
  /** The per-weight views of the gradient buffer clipGradients was last given, and what they were taken of. */
  private weightGrads: Float32Array[] = [];
  private weightGradsOf: readonly [Float32Array, readonly Slice[]] | null = null;

  constructor(args: OptimizerArgs, defaultLearningRate: number) {
    this.learningRate = checkLearningRate(args.learningRate ?? defaultLearningRate, this.constructor.name);
    this.clipNorm = optionalPositive(args.clipNorm, 'clipNorm');
    this.globalClipNorm = optionalPositive(args.globalClipNorm, 'globalClipNorm');
    this.clipValue = optionalPositive(args.clipValue, 'clipValue');
    this.clipLow = this.clipValue === undefined ? undefined : -this.clipValue;
  }

  /** Initial value of a state slot (AdaGrad starts its accumulator at initialAccumulatorValue). */
  slotInitialValue(_slot: string): number {
    return 0;
  }

  /** The learning rate of the next update. */
  currentLearningRate(): number {
    return typeof this.learningRate === 'number' ? this.learningRate : this.learningRate.at(this.iterations);
  }

  /**
   * Clips the gradient buffer as configured. `weights` are the slices of the individual weights (for the
   * per-weight clipNorm).
   * @internal
   */
  clipGradients(backend: Backend, grads: Float32Array, weights: readonly Slice[]): void {
    if (this.clipValue !== undefined) backend.clipByValue(grads.length, this.clipLow!, this.clipValue, grads);
    if (this.clipNorm !== undefined) {
      const weightGrads = this.viewsOf(grads, weights);
      for (let i = 0; i < weightGrads.length; i++) {
        const g = weightGrads[i];
        const norm = Math.sqrt(backend.sumOfSquares(g.length, g));
        if (norm > this.clipNorm) backend.scale(g.length, this.clipNorm / norm, g);
      }
    }
    if (this.globalClipNorm !== undefined) {
      const norm = Math.sqrt(backend.sumOfSquares(grads.length, grads));
      if (norm > this.globalClipNorm) backend.scale(grads.length, this.globalClipNorm / norm, grads);
    }
  }

  /** Each weight's view of `grads`, taken again only when given another buffer or other weights. */
  private viewsOf(grads: Float32Array, weights: readonly Slice[]): readonly Float32Array[] {
    const of = this.weightGradsOf;
    if (of === null || of[0] !== grads || of[1] !== weights) {
      this.weightGrads = weights.map((w) => grads.subarray(w.offset, w.offset + w.length));
      this.weightGradsOf = [grads, weights];
    }
    return this.weightGrads;
  }

  /** One update of the whole buffer: exactly one optimizer kernel call. slots: one params-sized view each. */
  step(backend: Backend, params: Float32Array, grads: Float32Array, slots: Float32Array[]): void {
    const lr = this.currentLearningRate();
    if (!Number.isFinite(lr) || lr < 0)
      throw new RangeError(
        `backprop: ${this.className} learning rate became ${lr} at step ${this.iterations}; it must be a finite number >= 0`,
      );
    this.iterations++;
    this.applyUpdate(backend, params.length, lr, params, grads, slots);
  }

  protected abstract applyUpdate(
    backend: Backend,
    n: number,
    lr: number,
    params: Float32Array,
    grads: Float32Array,
    slots: Float32Array[],
  ): void;

  /** Options of this optimizer (not the learning rate or clipping, which the base adds). */
  protected abstract ownConfig(): Record<string, number | boolean>;

  /** The options, as saved and as the optimizer's factory accepts them. */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { ...this.ownConfig() };
    config.learningRate =
      typeof this.learningRate === 'number'
        ? this.learningRate
        : { className: this.learningRate.className, config: this.learningRate.getConfig() };
    if (this.clipNorm !== undefined) config.clipNorm = this.clipNorm;
    if (this.globalClipNorm !== undefined) config.globalClipNorm = this.globalClipNorm;
    if (this.clipValue !== undefined) config.clipValue = this.clipValue;
    return config;
  }
}

export function checkLearningRate(lr: unknown, who: string): number | LearningRateSchedule {
  if (typeof lr === 'number') {
    if (!Number.isFinite(lr) || lr < 0)
      throw new RangeError(`backprop: ${who} learningRate must be a finite number >= 0; got ${lr}`);
    return lr;
  }
  if (typeof lr === 'object' && lr !== null) {
    if (typeof (lr as LearningRateSchedule).at === 'function') return lr as LearningRateSchedule;
    const saved = lr as { className?: string; config?: Record<string, unknown> };
    if (typeof saved.className === 'string')
      return scheduleFromConfig(saved as { className: string; config: Record<string, unknown> });
  }
  throw new TypeError(
    `backprop: ${who} learningRate must be a number or a schedule (optimizers.schedules.*); got ${describeValue(lr)}`,
  );
}

function optionalPositive(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
    throw new RangeError(`backprop: optimizer ${what} must be a positive number; got ${describeValue(value)}`);
  return value;
}

export function numberOption(
  value: unknown,
  fallback: number,
  what: string,
  lo: number,
  hi: number,
  openLo = false,
  openHi = false,
): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || (openLo ? v <= lo : v < lo) || (openHi ? v >= hi : v > hi)) {
    throw new RangeError(
      `backprop: ${what} must be a number in ${openLo ? '(' : '['}${lo}, ${hi}${openHi ? ')' : ']'}; got ${describeValue(value)}`,
    );
  }
  return v;
}
