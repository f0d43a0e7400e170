/**
 * A labelled data set in memory: `rows` samples of `features` values each, row-major, and one target per
 * row. Images from IDX files stay as bytes (a Uint8Array: 60,000 Fashion-MNIST images take 47 MB instead
 * of 188 MB as float32) and are turned into float32 a batch at a time (see batches.ts).
 */
import { describeValue } from '../describe-value.js';
import { checkNumbers } from './arguments.js';

/** A labelled data set in memory: x row-major, one target per row. */
export interface Dataset {
  /** rows x features values, row-major. */
  readonly x: Float32Array | Uint8Array;
  /** One target per row: a class index (an integer stored as float32, as the kernels want) or a value. */
  readonly y: Float32Array;
  /** The number of samples. */
  readonly rows: number;
  /** The number of values per sample. */
  readonly features: number;
  /** Number of classes (labels are 0..classes-1); 0 when the targets are real values (regression). */
  readonly classes: number;
  /** Names of the classes, index by index, when the source gives them. */
  readonly classNames?: readonly string[];
  /**
   * When every row is an image: [height, width] for grey levels (one channel), or [height, width,
   * channels], channels last. Models see its samples as [height, width, channels] (datasetSampleShape).
   */
  readonly imageShape?: readonly [number, number] | readonly [number, number, number];
}

/** A data set loaded by name or from a file: a training part, and a test part when the source has one. */
export interface LoadedDataset {
  /** The data set's name ('digits', 'fashion-mnist') or file. */
  readonly name: string;
  /** The training part (all of it when there is no test part). */
  readonly train: Dataset;
  /** The source's own test part (Fashion-MNIST); absent when the caller should split one off. */
  readonly test?: Dataset;
  /** Where the data came from and under which licence, in one line. */
  readonly source: string;
}

/**
 * Checks the fields of a Dataset and that their sizes agree, without reading the labels (cheap enough
 * for every batch); throws naming the field that is wrong, what it must be and what it is.
 */
export function checkDatasetShape(data: Dataset, what = 'data set'): void {
  if (data === null || typeof data !== 'object') {
    throw new TypeError(
      `backprop: ${what} must be a Dataset ({ x, y, rows, features, classes }); got ${describeValue(data)}`,
    );
  }
  const { rows, features, classes } = data;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows <= 0) {
    throw new RangeError(
      `backprop: ${what} must have at least one row (rows an integer >= 1); got rows ${describeValue(rows)}`,
    );
  }
  if (typeof features !== 'number' || !Number.isSafeInteger(features) || features <= 0) {
    throw new RangeError(
      `backprop: ${what} must have at least one feature (features an integer >= 1); got features ${describeValue(features)}`,
    );
  }
  if (typeof classes !== 'number' || !Number.isSafeInteger(classes) || classes < 0) {
    throw new RangeError(
      `backprop: ${what}: classes must be an integer >= 0 (0 for real-valued targets); got ${describeValue(classes)}`,
    );
  }
  if (!(data.x instanceof Float32Array || data.x instanceof Uint8Array)) {
    throw new TypeError(`backprop: ${what}: x must be a Float32Array or Uint8Array; got ${describeValue(data.x)}`);
  }
  if (!(data.y instanceof Float32Array))
    throw new TypeError(`backprop: ${what}: y must be a Float32Array; got ${describeValue(data.y)}`);
  if (data.x.length !== rows * features) {
    throw new RangeError(
      `backprop: ${what}: x must hold rows * features = ${rows * features} values; got ${data.x.length}`,
    );
  }
  if (data.y.length !== rows)
    throw new RangeError(`backprop: ${what}: y must hold one target per row (${rows}); got ${data.y.length}`);
}

/** Checks that a Dataset is internally consistent, labels included; throws naming the field that is not. */
export function checkDataset(data: Dataset, what = 'data set'): void {
  checkDatasetShape(data, what);
  const { rows, features, classes } = data;
  if (classes > 0) {
    for (let i = 0; i < rows; i++) {
      const label = data.y[i];
      if (!Number.isInteger(label) || label < 0 || label >= classes) {
        throw new RangeError(
          `backprop: ${what}: label of row ${i} must be an integer in [0, ${classes}); got ${label}`,
        );
      }
    }
  }
  const shape: unknown = data.imageShape;
  if (
    shape !== undefined &&
    !(
      Array.isArray(shape) &&
      (shape.length === 2 || shape.length === 3) &&
      shape.every((s) => Number.isInteger(s) && s > 0) &&
      shape.reduce((a: number, b: number) => a * b, 1) === features
    )
  ) {
    throw new RangeError(
      `backprop: ${what}: imageShape must be undefined or [height, width] (or [height, width, channels]) with height * width (* channels) = ${features} features; got ${describeValue(shape)}`,
    );
  }
}

/**
 * The shape of one sample of a data set as a model sees it: [height, width, channels] for images (a grey
 * image has one channel), [features] otherwise.
 */
export function datasetSampleShape(data: Dataset): number[] {
  const image = data.imageShape;
  if (image === undefined) return [data.features];
  return image.length === 2 ? [image[0], image[1], 1] : [...image];
}

/** The rows of `data` listed in `indices`, as a new Dataset (same kind of x array). */
export function selectRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  checkDatasetShape(data, 'selectRows: data');
  checkNumbers('selectRows', 'indices', indices);
  const { features } = data;
  const x =
    data.x instanceof Uint8Array
      ? new Uint8Array(indices.length * features)
      : new Float32Array(indices.length * features);
  const y = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    if (!(Number.isInteger(row) && row >= 0 && row < data.rows))
      throw new RangeError(
        `backprop: selectRows: indices[${i}] must be a row index, an integer in [0, ${data.rows}); got ${describeValue(row)}`,
      );
    x.set(data.x.subarray(row * features, (row + 1) * features), i * features);
    y[i] = data.y[row];
  }
  return { ...data, x, y, rows: indices.length };
}

/** Rows [start, end) of `data` as a Dataset that shares its memory (a view: no row is copied). */
export function datasetRows(data: Dataset, start: number, end: number): Dataset {
  const { features } = data;
  return {
    ...data,
    x: data.x.subarray(start * features, end * features),
    y: data.y.subarray(start, end),
    rows: end - start,
  };
}

/**
 * Puts the rows of `data` into the order `order` in place (row i becomes the old row order[i]; `order` a
 * permutation of the row indices, unchecked), moving each cycle of the permutation with one spare row.
 */
export function reorderRows(data: Dataset, order: ArrayLike<number>): void {
  const { x, y, features } = data;
  const spare = x instanceof Uint8Array ? new Uint8Array(features) : new Float32Array(features);
  const placed = new Uint8Array(data.rows);
  for (let first = 0; first < data.rows; first++) {
    if (placed[first] || order[first] === first) continue;
    spare.set(x.subarray(first * features, (first + 1) * features));
    const spareLabel = y[first];
    let to = first;
    for (let from = order[to]; from !== first; to = from, from = order[to]) {
      x.copyWithin(to * features, from * features, (from + 1) * features);
      y[to] = y[from];
      placed[to] = 1;
    }
    x.set(spare, to * features);
    y[to] = spareLabel;
    placed[to] = 1;
  }
}

/**
 * A Dataset from plain arrays: x as rows of numbers, y as one class index (or value) per row. With
 * `classes` omitted, non-negative integer labels make classes 0..max; other numbers make a regression.
 */
export function datasetFromArrays(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: { classes?: number; classNames?: readonly string[] } = {},
): Dataset {
  if (!Array.isArray(x) || x.length === 0)
    throw new RangeError('backprop: datasetFromArrays needs at least one row in x');
  if (!Array.isArray(y) || y.length !== x.length) {
    throw new RangeError(
      `backprop: datasetFromArrays needs one label per row: x has ${x.length} rows, y has ${Array.isArray(y) ? y.length : typeof y}`,
    );
  }
  const features = Array.isArray(x[0]) ? x[0].length : 0;
  const flat = new Float32Array(x.length * features);
  x.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== features) {
      throw new RangeError(
        `backprop: datasetFromArrays: row ${r} has ${Array.isArray(row) ? row.length : typeof row} values; row 0 has ${features}`,
      );
    }
    row.forEach((v, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new RangeError(`backprop: datasetFromArrays: x[${r}][${c}] is ${v}; expected a finite number`);
      flat[r * features + c] = v;
    });
  });
  const labels = Float32Array.from(y);
  const isClass = y.every((v) => Number.isInteger(v) && v >= 0);
  const classes =
    options.classes ?? options.classNames?.length ?? (isClass ? y.reduce((a, b) => Math.max(a, b), 0) + 1 : 0);
  const data: Dataset = { x: flat, y: labels, rows: x.length, features, classes, classNames: options.classNames };
  checkDataset(data, 'datasetFromArrays');
  return data;
}
