/**
 * Feature scaling fitted on the training part only, then applied unchanged to validation, test and new
 * data (fitting on everything would leak test statistics into training). Each scaler is a fit/transform
 * object whose fitted state is plain JSON (toJSON / scalerFromJSON), so it can be saved beside a model.
 *
 * x: rows x cols, row-major (Float32Array, Uint8Array or number[]); outputs are Float32Array rows x cols.
 */

import { describeValue } from '../describe-value.js';
import { checkFloat32Array, checkInteger, checkNumbers } from './arguments.js';

/** Values the scalers read: a Float32Array, a Uint8Array, a number[], ... */
export type Numbers = ArrayLike<number>;

/** A fitted MinMaxScaler as plain JSON. */
export interface MinMaxScalerJSON {
  /** Always 'minMax'. */
  readonly kind: 'minMax';
  /** The output range [low, high]. */
  readonly range: readonly [number, number];
  /** Each column's training minimum. */
  readonly min: number[];
  /** Each column's training maximum. */
  readonly max: number[];
}
/** A fitted StandardScaler as plain JSON. */
export interface StandardScalerJSON {
  /** Always 'standard'. */
  readonly kind: 'standard';
  /** Each column's training mean. */
  readonly mean: number[];
  /** Each column's training standard deviation (1 for a constant column). */
  readonly std: number[];
}
/** A fitted scaler as plain JSON (toJSON); scalerFromJSON restores it. */
export type ScalerJSON = MinMaxScalerJSON | StandardScalerJSON;

/** A per-column feature scaler: fit on the training rows, then transform any rows the same way. */
export interface Scaler {
  /** Learns the per-column statistics of x (rows x cols); returns this. */
  fit(x: Numbers, cols: number): this;
  /** Scales x (rows x cols) with the fitted statistics; `out` (same length) may be x itself. */
  transform(x: Numbers, out?: Float32Array): Float32Array;
  /**
   * Scales one row, x[from, from + cols), into out[at, at + cols), unchecked and allocating nothing: the
   * per-row step of transform, with which fit gathers a batch of a Dataset straight into the model.
   */
  transformRow(x: Numbers, from: number, out: Float32Array, at: number): void;
  /** fit, then transform the same x. */
  fitTransform(x: Numbers, cols: number): Float32Array;
  /** Undoes transform. */
  inverseTransform(x: Numbers, out?: Float32Array): Float32Array;
  /** The fitted statistics as plain JSON (an error before fit). */
  toJSON(): ScalerJSON;
}

function checkShape(x: Numbers, cols: number, who: string): number {
  checkNumbers(who, 'x', x);
  checkInteger(who, 'cols', cols, 1);
  if (x.length === 0) throw new RangeError(`backprop: ${who}: cannot fit on empty data`);
  if (x.length % cols !== 0)
    throw new RangeError(`backprop: ${who}: data of ${x.length} values is not whole rows of ${cols} columns`);
  return x.length / cols;
}

function output(x: Numbers, cols: number, out: Float32Array | undefined, who: string): Float32Array {
  checkNumbers(who, 'x', x);
  if (out !== undefined) checkFloat32Array(who, 'out', out);
  if (x.length % cols !== 0)
    throw new RangeError(
      `backprop: ${who}: data of ${x.length} values is not whole rows of the ${cols} fitted columns`,
    );
  if (out && out.length !== x.length)
    throw new RangeError(`backprop: ${who}: out must have ${x.length} values; got ${out.length}`);
  return out ?? new Float32Array(x.length);
}

/** Scales each column linearly so that its training minimum and maximum map to `range` (default [0, 1]). */
export class MinMaxScaler implements Scaler {
  private min: Float64Array | undefined;
  private max: Float64Array | undefined;

  /** @param range The output range [low, high] each column's training [min, max] maps to. */
  constructor(readonly range: readonly [number, number] = [0, 1]) {
    if (!Array.isArray(range) || range.length !== 2) {
      throw new TypeError(
        `backprop: MinMaxScaler: range must be [low, high], two finite numbers; got ${describeValue(range)}`,
      );
    }
    if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
      throw new RangeError(
        `backprop: MinMaxScaler: range must be two finite numbers, low < high; got ${describeValue(range)}`,
      );
    }
    this.range = [range[0], range[1]];
  }

  fit(x: Numbers, cols: number): this {
    const rows = checkShape(x, cols, 'MinMaxScaler.fit');
    const min = new Float64Array(cols).fill(Infinity);
    const max = new Float64Array(cols).fill(-Infinity);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = x[r * cols + c];
        if (!Number.isFinite(v))
          throw new RangeError(`backprop: MinMaxScaler.fit: row ${r}, column ${c} is ${v}; data must be finite`);
        if (v < min[c]) min[c] = v;
        if (v > max[c]) max[c] = v;
      }
    }
    this.min = min;
    this.max = max;
    return this;
  }

  private fitted(who: string): { min: Float64Array; max: Float64Array } {
    if (!this.min || !this.max) throw this.notFitted(who);
    return { min: this.min, max: this.max };
  }

  private notFitted(who: string): Error {
    return new Error(`backprop: MinMaxScaler.${who} before fit: fit it on the training data first`);
  }

  transform(x: Numbers, out?: Float32Array): Float32Array {
    const cols = this.fitted('transform').min.length;
    const y = output(x, cols, out, 'MinMaxScaler.transform');
    for (let from = 0; from < x.length; from += cols) this.transformRow(x, from, y, from);
    return y;
  }

  transformRow(x: Numbers, from: number, out: Float32Array, at: number): void {
    // The fields themselves, not fitted()'s object: a gathered batch calls this once per row.
    const { min, max } = this;
    if (!min || !max) throw this.notFitted('transformRow');
    const low = this.range[0];
    const high = this.range[1];
    for (let c = 0; c < min.length; c++) {
      const span = max[c] - min[c];
      // A constant column carries no information: map it to the low end instead of dividing by zero.
      out[at + c] = span > 0 ? low + ((x[from + c] - min[c]) / span) * (high - low) : low;
    }
  }

  fitTransform(x: Numbers, cols: number): Float32Array {
    return this.fit(x, cols).transform(x);
  }

  inverseTransform(x: Numbers, out?: Float32Array): Float32Array {
    const { min, max } = this.fitted('inverseTransform');
    const cols = min.length;
    const y = output(x, cols, out, 'MinMaxScaler.inverseTransform');
    const [low, high] = this.range;
    for (let i = 0; i < x.length; i++) {
      const c = i % cols;
      y[i] = min[c] + ((x[i] - low) / (high - low)) * (max[c] - min[c]);
    }
    return y;
  }

  toJSON(): MinMaxScalerJSON {
    const { min, max } = this.fitted('toJSON');
    return { kind: 'minMax', range: [this.range[0], this.range[1]], min: [...min], max: [...max] };
  }

  /** A fitted MinMaxScaler from its toJSON() output. */
  static fromJSON(json: MinMaxScalerJSON): MinMaxScaler {
    if (
      !Array.isArray(json.min) ||
      !Array.isArray(json.max) ||
      json.min.length !== json.max.length ||
      json.min.length === 0
    ) {
      throw new TypeError(
        `backprop: MinMaxScaler JSON needs min and max arrays of the same non-zero length; got min ${describeValue(json.min)}, max ${describeValue(json.max)}`,
      );
    }
    finiteEntries('MinMaxScaler JSON', 'min', json.min);
    finiteEntries('MinMaxScaler JSON', 'max', json.max);
    json.min.forEach((low, c) => {
      if (!(json.max[c] >= low))
        throw new RangeError(
          `backprop: MinMaxScaler JSON: max[${c}] must be >= min[${c}] (${low}); got ${json.max[c]}`,
        );
    });
    const scaler = new MinMaxScaler(json.range);
    scaler.min = Float64Array.from(json.min);
    scaler.max = Float64Array.from(json.max);
    return scaler;
  }
}

/** Standardisation: each column minus its training mean, divided by its training standard deviation. */
export class StandardScaler implements Scaler {
  private mean: Float64Array | undefined;
  private std: Float64Array | undefined;

  fit(x: Numbers, cols: number): this {
    const rows = checkShape(x, cols, 'StandardScaler.fit');
    const mean = new Float64Array(cols);
    const m2 = new Float64Array(cols);
    // Welford's update: one pass, no cancellation for large means.
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = x[r * cols + c];
        if (!Number.isFinite(v))
          throw new RangeError(`backprop: StandardScaler.fit: row ${r}, column ${c} is ${v}; data must be finite`);
        const delta = v - mean[c];
        mean[c] += delta / (r + 1);
        m2[c] += delta * (v - mean[c]);
      }
    }
    // Population standard deviation, as scikit-learn; a constant column keeps scale 1 (output 0).
    this.std = m2.map((s) => (s > 0 ? Math.sqrt(s / rows) : 1));
    this.mean = mean;
    return this;
  }

  private fitted(who: string): { mean: Float64Array; std: Float64Array } {
    if (!this.mean || !this.std) throw this.notFitted(who);
    return { mean: this.mean, std: this.std };
  }

  private notFitted(who: string): Error {
    return new Error(`backprop: StandardScaler.${who} before fit: fit it on the training data first`);
  }

  transform(x: Numbers, out?: Float32Array): Float32Array {
    const cols = this.fitted('transform').mean.length;
    const y = output(x, cols, out, 'StandardScaler.transform');
    for (let from = 0; from < x.length; from += cols) this.transformRow(x, from, y, from);
    return y;
  }

  transformRow(x: Numbers, from: number, out: Float32Array, at: number): void {
    // The fields themselves, not fitted()'s object: a gathered batch calls this once per row.
    const { mean, std } = this;
    if (!mean || !std) throw this.notFitted('transformRow');
    for (let c = 0; c < mean.length; c++) out[at + c] = (x[from + c] - mean[c]) / std[c];
  }

  fitTransform(x: Numbers, cols: number): Float32Array {
    return this.fit(x, cols).transform(x);
  }

  inverseTransform(x: Numbers, out?: Float32Array): Float32Array {
    const { mean, std } = this.fitted('inverseTransform');
    const cols = mean.length;
    const y = output(x, cols, out, 'StandardScaler.inverseTransform');
    for (let i = 0; i < x.length; i++) {
      const c = i % cols;
      y[i] = x[i] * std[c] + mean[c];
    }
    return y;
  }

  toJSON(): StandardScalerJSON {
    const { mean, std } = this.fitted('toJSON');
    return { kind: 'standard', mean: [...mean], std: [...std] };
  }

  /** A fitted StandardScaler from its toJSON() output. */
  static fromJSON(json: StandardScalerJSON): StandardScaler {
    if (
      !Array.isArray(json.mean) ||
      !Array.isArray(json.std) ||
      json.mean.length !== json.std.length ||
      json.mean.length === 0
    ) {
      throw new TypeError(
        `backprop: StandardScaler JSON needs mean and std arrays of the same non-zero length; got mean ${describeValue(json.mean)}, std ${describeValue(json.std)}`,
      );
    }
    finiteEntries('StandardScaler JSON', 'mean', json.mean);
    finiteEntries('StandardScaler JSON', 'std', json.std);
    json.std.forEach((s, c) => {
      if (!(s > 0)) throw new RangeError(`backprop: StandardScaler JSON: std[${c}] must be positive; got ${s}`);
    });
    const scaler = new StandardScaler();
    scaler.mean = Float64Array.from(json.mean);
    scaler.std = Float64Array.from(json.std);
    return scaler;
  }
}

function finiteEntries(who: string, name: string, values: unknown[]): void {
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new RangeError(`backprop: ${who}: ${name}[${i}] must be a finite number; got ${describeValue(v)}`);
  });
}

/** A MinMaxScaler to `range` (default [0, 1]), to fit. */
export function minMaxScaler(range?: readonly [number, number]): MinMaxScaler {
  return new MinMaxScaler(range);
}

/** A StandardScaler, to fit. */
export function standardScaler(): StandardScaler {
  return new StandardScaler();
}

/** Restores a fitted scaler from its toJSON() output. */
export function scalerFromJSON(json: ScalerJSON): Scaler {
  if (json === null || typeof json !== 'object')
    throw new TypeError(
      `backprop: scalerFromJSON: json must be a scaler's toJSON() object; got ${describeValue(json)}`,
    );
  if (json.kind === 'minMax') return MinMaxScaler.fromJSON(json);
  if (json.kind === 'standard') return StandardScaler.fromJSON(json);
  throw new TypeError(
    `backprop: scalerFromJSON: unknown scaler JSON kind ${describeValue((json as { kind?: unknown }).kind)}; expected "minMax" or "standard"`,
  );
}
