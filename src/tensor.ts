import { describeValue } from './describe-value.js';

/** Nested arrays of numbers, as Tensor.toArray returns them: one level per axis. */
export type NestedNumbers = number | NestedNumbers[];

/**
 * A float32 array of any rank, row-major, the batch first: `shape` [batch, ...sample], so an image batch
 * of Keras' channels-last layout is [batch, height, width, channels]. Models take it and predict returns
 * it; a sample is one contiguous row of `cols` (the product of shape[1..]) values.
 */
export class Tensor {
  /** The values, row-major: the product of `shape` floats. */
  readonly data: Float32Array;
  /** The sizes of the axes, the batch first. */
  readonly shape: readonly number[];

  constructor(data: Float32Array, shape: readonly number[]) {
    if (!Array.isArray(shape) || shape.length === 0)
      throw new RangeError(
        `backprop: a tensor shape must be an array of one or more sizes; got ${describeValue(shape)}`,
      );
    if (!(data instanceof Float32Array))
      throw new TypeError(`backprop: a Tensor holds a Float32Array; got ${describeValue(data)}`);
    for (const size of shape) {
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 0)
        throw new RangeError(`backprop: a tensor shape holds non-negative integers; got [${shape.join(', ')}]`);
    }
    const count = shape.reduce((a, b) => a * b, 1);
    if (data.length !== count)
      throw new RangeError(
        `backprop: a tensor of shape [${shape.join(', ')}] needs ${count} values; got ${data.length}`,
      );
    this.data = data;
    this.shape = [...shape];
  }

  /** shape[0], the number of samples. */
  get rows(): number {
    return this.shape[0];
  }

  /** The values per sample: the product of shape[1..] (1 for a rank-1 tensor). */
  get cols(): number {
    let cols = 1;
    for (let i = 1; i < this.shape.length; i++) cols *= this.shape[i];
    return cols;
  }

  /** Sample r's values as a view (no copy). */
  row(r: number): Float32Array {
    const cols = this.cols;
    return this.data.subarray(r * cols, (r + 1) * cols);
  }

  /** The values as nested arrays, one level per axis (for printing and tests). */
  toArray(): NestedNumbers[] {
    const nest = (axis: number, offset: number): NestedNumbers[] => {
      const size = this.shape[axis];
      if (axis === this.shape.length - 1) return Array.from(this.data.subarray(offset, offset + size));
      const stride = this.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const out: NestedNumbers[] = [];
      for (let i = 0; i < size; i++) out.push(nest(axis + 1, offset + i * stride));
      return out;
    };
    return nest(0, 0);
  }
}

/**
 * A 2-D float32 matrix, row-major: `data` holds rows * cols values, `shape` is [rows, cols]. Models take
 * it (or number[][]) as input, and predict returns it for models whose output is a vector per sample.
 */
export class Tensor2D extends Tensor {
  /** [rows, cols]. */
  declare readonly shape: [number, number];

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
    super(data, shape);
  }

  /** shape[1]. */
  override get cols(): number {
    return this.shape[1];
  }

  /** Row r as a view (no copy). */
  override row(r: number): Float32Array {
    const cols = this.shape[1];
    return this.data.subarray(r * cols, (r + 1) * cols);
  }

  /** The values as nested arrays (for printing and tests). */
  override toArray(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.shape[0]; r++) out.push(Array.from(this.row(r)));
    return out;
  }
}

/** What models take as data: a Tensor of any rank (a Tensor2D too), or nested arrays of rows. */
export type TensorLike = Tensor | number[][];

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

/**
 * tensor(values, shape) with flat values (Float32Array, used as is, or number[]) and a shape of any rank,
 * the batch first ([batch, height, width, channels] for images, as Keras); or tensor(nested arrays), the
 * shape read from the nesting.
 */
export function tensor(values: Float32Array | number[] | NestedNumbers[], shape?: readonly number[]): Tensor {
  if (values instanceof Float32Array) {
    if (shape === undefined) throw new TypeError('backprop: tensor(Float32Array) needs a shape [batch, ...]');
    return shape.length === 2 ? new Tensor2D(values, [shape[0], shape[1]]) : new Tensor(values, shape);
  }
  if (!Array.isArray(values))
    throw new TypeError(
      `backprop: tensor expects a Float32Array or (nested) number arrays; got ${describeValue(values)}`,
    );
  const nestedShape: number[] = [];
  for (let level: unknown = values; Array.isArray(level); level = level[0]) nestedShape.push(level.length);
  const flatShape = shape ?? nestedShape;
  if (shape !== undefined && nestedShape.length > 1 && nestedShape.join() !== shape.join()) {
    throw new RangeError(
      `backprop: tensor values have shape [${nestedShape.join(', ')}] but shape [${shape.join(', ')}] was given`,
    );
  }
  const flat = (values as unknown[]).flat(Infinity);
  for (let i = 0; i < flat.length; i++) {
    if (typeof flat[i] !== 'number')
      throw new TypeError(`backprop: tensor value ${i} is ${typeof flat[i]}, not a number`);
  }
  const count = flatShape.reduce((a, b) => a * b, 1);
  if (flat.length !== count) {
    throw new RangeError(
      `backprop: tensor of shape [${flatShape.join(', ')}] needs ${count} values; got ${flat.length} (are the nested arrays ragged?)`,
    );
  }
  return tensor(Float32Array.from(flat as number[]), flatShape);
}

/** Converts model input (a Tensor or number[][]) to a Tensor, without copying a Tensor. */
export function toTensor(value: TensorLike, what: string): Tensor {
  return value instanceof Tensor ? value : toTensor2D(value, what);
}

/**
 * Converts model input (a Tensor or number[][]) to a Tensor2D of one row per sample (a tensor of higher
 * rank is viewed as [batch, values per sample] without copying); `what` names the argument in errors.
 */
export function toTensor2D(value: TensorLike, what: string): Tensor2D {
  if (value instanceof Tensor2D) return value;
  if (value instanceof Tensor) return new Tensor2D(value.data, [value.rows, value.cols]);
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
