import { describeValue } from '../describe-value.js';
import { Tensor2D, type TensorLike, toTensor2D } from '../tensor.js';
import { InputError } from '../errors.js';

/**
 * Checks and converts the data given to fit / evaluate / predict / trainOnBatch, with errors that name
 * the layer and the expected and actual shapes or values. With `finite` false the values are left to the
 * caller to check (predict checks each chunk with a backend kernel once it is in the workspace).
 */
export function checkFeatures(
  x: TensorLike,
  inputUnits: number,
  firstLayer: string,
  what = 'x',
  finite = true,
): Tensor2D {
  const t = toTensor2D(x, what);
  if (t.rows === 0)
    throw new InputError(`backprop: ${what} is empty (0 rows); there is nothing to train on or predict`);
  if (t.cols !== inputUnits) {
    throw new InputError(
      `backprop: layer ${firstLayer} expects ${inputUnits} features per row; ${what} has shape [${t.rows}, ${t.cols}]`,
    );
  }
  if (finite) checkFinite(t, what);
  return t;
}

/**
 * Targets: rows x units, or with sparse labels class indices as number[], [n, 1] arrays or a tensor.
 */
export function checkTargets(
  y: TensorLike | number[],
  rows: number,
  units: number,
  sparse: boolean,
  lastLayer: string,
  what = 'y',
): Tensor2D {
  let t: Tensor2D;
  if (Array.isArray(y) && y.length > 0 && !Array.isArray(y[0])) {
    if (!sparse)
      throw new InputError(
        `backprop: ${what} is a flat array; with this loss targets are rows of ${units} values (number[][]); flat class indices need sparseCategoricalCrossentropy`,
      );
    const labels = y as number[];
    for (let i = 0; i < labels.length; i++) {
      if (typeof labels[i] !== 'number')
        throw new InputError(`backprop: ${what}[${i}] is ${typeof labels[i]}, not a number`);
    }
    t = new Tensor2D(Float32Array.from(labels), [labels.length, 1]);
  } else {
    t = toTensor2D(y as TensorLike, what);
  }
  if (t.rows === 0) throw new InputError(`backprop: ${what} is empty (0 rows)`);
  if (t.rows !== rows) throw new InputError(`backprop: x has ${rows} rows but ${what} has ${t.rows}; they must match`);
  checkFinite(t, what);
  if (sparse) {
    if (t.cols !== 1)
      throw new InputError(
        `backprop: sparseCategoricalCrossentropy takes one class index per row; ${what} has shape [${t.rows}, ${t.cols}] (one-hot rows need categoricalCrossentropy)`,
      );
    for (let i = 0; i < t.rows; i++) {
      const label = t.data[i];
      if (!Number.isInteger(label) || label < 0 || label >= units) {
        throw new InputError(
          `backprop: label ${label} at row ${i} of ${what} is out of range: layer ${lastLayer} has ${units} classes, so labels must be integers in [0, ${units - 1}]`,
        );
      }
    }
  } else if (t.cols !== units) {
    throw new InputError(
      `backprop: layer ${lastLayer} outputs ${units} values per row; ${what} has shape [${t.rows}, ${t.cols}]`,
    );
  }
  return t;
}

function checkFinite(t: Tensor2D, what: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      const r = Math.floor(i / t.cols);
      throw new InputError(
        `backprop: ${what} contains ${d[i]} at row ${r}, column ${i - r * t.cols}; data must be finite numbers`,
      );
    }
  }
}

export function checkBatchSize(value: unknown, what = 'batchSize'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InputError(`backprop: ${what} must be a positive integer; got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Rows [start, end) of t, or the rows listed in order[start..end), copied contiguously into out. Copies
 * value by value (but the whole tensor at once): a subarray per row would allocate on every training step.
 */
export function gatherRows(
  t: Tensor2D,
  order: Uint32Array | null,
  start: number,
  end: number,
  out: Float32Array,
): void {
  const cols = t.cols;
  const data = t.data;
  if (!order) {
    if (start === 0 && end * cols === data.length) out.set(data);
    else copyFloats(data, start * cols, out, 0, (end - start) * cols);
    return;
  }
  for (let i = start; i < end; i++) copyFloats(data, order[i] * cols, out, (i - start) * cols, cols);
}

/** to[at, at + n) = from[offset, offset + n), four values per turn (1.7 times as fast as one on 784-value rows). */
function copyFloats(from: Float32Array, offset: number, to: Float32Array, at: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    to[at + i] = from[offset + i];
    to[at + i + 1] = from[offset + i + 1];
    to[at + i + 2] = from[offset + i + 2];
    to[at + i + 3] = from[offset + i + 3];
  }
  for (; i < n; i++) to[at + i] = from[offset + i];
}

/** Rows [start, end) of t as a new tensor (a view when possible). */
export function sliceRows(t: Tensor2D, start: number, end: number): Tensor2D {
  return new Tensor2D(t.data.subarray(start * t.cols, end * t.cols), [end - start, t.cols]);
}
