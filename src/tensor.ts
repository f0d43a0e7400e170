import { describeValue } from './describe-value.js';
/**
 * The one user-facing data type: a 2-D float32 matrix, row-major. `data` holds rows * cols values;
 * `shape` is [rows, cols]. Models take it (or number[][]) as input and return it from predict.
 */
export class Tensor2D {
  /** The values, row-major: rows * cols floats. */
  readonly data: Float32Array;
  /** [rows, cols]. */
  readonly shape: [number, number];

  constructor(data: Float32Array, shape: [number, number]) {
    if (!Array.isArray(shape) || shape.length !== 2) {
      throw new RangeError(
        `backprop: tensor2d shape must be [rows, cols]; got ${Array.isArray(shape) ? `an array of ${shape.length}` : typeof shape}`,
      );
    }
    if (!(data instanceof Float32Array))
      throw new TypeError(`backprop: a Tensor2D holds a Float32Array; got ${describeValue(data)}`);
    const [rows, cols] = shape;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new RangeError(`backprop: tensor2d shape must be two non-negative integers; got [${shape.join(', ')}]`);
    }
    if (data.length !== rows * cols) {
      throw new RangeError(
        `backprop: tensor2d of shape [${rows}, ${cols}] needs ${rows * cols} values; got ${data.length}`,
      );
    }
    this.data = data;
    this.shape = [rows, cols];
  }

  /** shape[0]. */
  get rows(): number {
    return this.shape[0];
  }

  /** shape[1]. */
  get cols(): number {
    return this.shape[1];
  }

  /** Row r as a view (no copy). */
  row(r: number): Float32Array {
    const cols = this.shape[1];
    return this.data.subarray(r * cols, (r + 1) * cols);
  }

  /** The values as nested arrays (for printing and tests). */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.shape[0]; r++) out.push(Array.from(this.row(r)));
    return out;
  }
}

/** What models take as data: a Tensor2D, or nested arrays of rows. */
export type TensorLike = Tensor2D | number[][];

/**
 * tensor2d(values, [rows, cols]) with flat values (Float32Array or number[]), or tensor2d(number[][])
 * where the shape comes from the nested arrays. A Float32Array is used as is (no copy).
 */
export function tensor2d(values: Float32Array | number[] | number[][], shape?: [number, number]): Tensor2D {
  if (shape !== undefined && (!Array.isArray(shape) || shape.length !== 2)) {
    throw new RangeError(
      `backprop: tensor2d shape must be [rows, cols]; got ${Array.isArray(shape) ? `an array of ${shape.length}` : typeof shape}`,
    );
  }
  if (values instanceof Float32Array) {
    if (!shape) throw new TypeError('backprop: tensor2d(Float32Array) needs a shape [rows, cols]');
    return new Tensor2D(values, shape);
  }
  if (!Array.isArray(values)) {
    throw new TypeError(
      `backprop: tensor2d expects a Float32Array, number[] or number[][]; got ${describeValue(values)}`,
    );
  }
  if (values.length > 0 && Array.isArray(values[0])) {
    const nested = fromNested(values as number[][], 'tensor2d');
    if (shape && (shape[0] !== nested.shape[0] || shape[1] !== nested.shape[1])) {
      throw new RangeError(
        `backprop: tensor2d values have shape [${nested.shape.join(', ')}] but shape [${shape.join(', ')}] was given`,
      );
    }
    return nested;
  }
  const flat = values as number[];
  if (!shape) throw new TypeError('backprop: tensor2d(number[]) needs a shape [rows, cols]');
  for (let i = 0; i < flat.length; i++) {
    if (typeof flat[i] !== 'number')
      throw new TypeError(`backprop: tensor2d value ${i} is ${typeof flat[i]}, not a number`);
  }
  return new Tensor2D(Float32Array.from(flat), shape);
}

function fromNested(rows: number[][], what: string): Tensor2D {
  const cols = rows.length === 0 ? 0 : rows[0].length;
  const data = new Float32Array(rows.length * cols);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new RangeError(
        `backprop: ${what}: row ${r} has ${Array.isArray(row) ? row.length : 'no'} values; row 0 has ${cols} (rows must all have the same length)`,
      );
    }
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (typeof v !== 'number')
        throw new TypeError(`backprop: ${what}: value [${r}][${c}] is ${typeof v}, not a number`);
      data[r * cols + c] = v;
    }
  }
  return new Tensor2D(data, [rows.length, cols]);
}

/** Converts model input (Tensor2D or number[][]) to a Tensor2D; `what` names the argument in errors. */
export function toTensor2D(value: TensorLike, what: string): Tensor2D {
  if (value instanceof Tensor2D) return value;
  if (Array.isArray(value)) {
    if (value.length > 0 && !Array.isArray(value[0])) {
      throw new TypeError(
        `backprop: ${what} must be a 2-D array (number[][]) or a tensor2d; got a flat array (wrap it with tensor2d(values, [rows, cols]))`,
      );
    }
    return fromNested(value, what);
  }
  throw new TypeError(`backprop: ${what} must be a tensor2d or number[][]; got ${describeValue(value)}`);
}
