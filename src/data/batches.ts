/**
 * Mini-batches gathered from a Dataset into reused float32 buffers, so byte images (47 MB for
 * Fashion-MNIST) are never expanded to float32 all at once (188 MB). fit, evaluate and predict gather a
 * Dataset's batches straight into the model's workspace (src/model/batch-source.ts): rows of floats and rows
 * under a scaler with gatherFeatures, rows of bytes under a plain scale with the kernel gatherByteRows.
 *
 * x out: count x features, y out: count (class indices or targets).
 */
import { gatherByteRows } from '../backends/js/gather.js';
import { describeValue } from '../describe-value.js';
import { checkFloat32Array, checkInteger, checkNumbers, checkOptionalFinite, checkOptions } from './arguments.js';
import { checkDatasetShape, type Dataset } from './dataset.js';
import type { Scaler } from './scalers.js';

/** How a Dataset's features become float32 as they are gathered (gatherBatch, toFloat32, fit, evaluate, predict). */
export interface GatherOptions {
  /** Multiplies every feature (1/255 turns bytes into [0, 1]). Default 1. */
  scale?: number;
  /**
   * A fitted per-feature scaler (standardScaler(), minMaxScaler()) applied to every row instead of `scale`,
   * e.g. fitted on the training rows and applied unchanged to validation and test rows.
   */
  scaler?: Scaler;
}

/** GatherOptions checked: a factor, or a fitted scaler. */
export interface FeatureTransform {
  readonly scale: number;
  readonly scaler: Scaler | undefined;
}

/** Checks GatherOptions (`who` names the caller in errors); scale and scaler together are refused. */
export function resolveGatherOptions(who: string, options: unknown): FeatureTransform {
  const { scale, scaler } = checkOptions<GatherOptions>(who, options);
  const factor = checkOptionalFinite(who, 'options.scale', scale, 1);
  if (scaler === undefined) return { scale: factor, scaler: undefined };
  if (scaler === null || typeof scaler !== 'object' || typeof scaler.transformRow !== 'function') {
    throw new TypeError(
      `backprop: ${who}: options.scaler must be a fitted scaler (standardScaler(), minMaxScaler()); got ${describeValue(scaler)}`,
    );
  }
  if (scale !== undefined)
    throw new TypeError(`backprop: ${who}: give options.scale or options.scaler, not both (scale is ${scale})`);
  return { scale: 1, scaler };
}

/**
 * The unchecked core of gatherBatch: the features of rows order[start, start + count) (rows start.. when
 * `order` is null) of `data`, transformed, into xOut. Rows of floats and rows under a
 * scaler allocate nothing; rows of bytes under a plain scale go through the js kernel gatherByteRows with
 * their row indices in a new array (a Dataset's batches gather bytes with indices they reuse,
 * src/model/batch-source.ts). Each case has its own loop, so every loop reads one kind of array (a loop that
 * sees both bytes and floats, or calls per value, runs several times slower in V8).
 */
export function gatherFeatures(
  data: Dataset,
  order: ArrayLike<number> | null,
  start: number,
  count: number,
  xOut: Float32Array,
  transform: FeatureTransform,
): void {
  const { features, x } = data;
  const { scaler } = transform;
  if (scaler !== undefined) {
    for (let i = 0; i < count; i++) {
      const src = (order === null ? start + i : order[start + i]) * features;
      scaler.transformRow(x, src, xOut, i * features);
    }
  } else if (x instanceof Float32Array) {
    gatherFloats(x, features, order, start, count, xOut, transform);
  } else {
    const rows = new Uint32Array(count);
    for (let i = 0; i < count; i++) rows[i] = order === null ? start + i : order[start + i];
    gatherByteRows(data.rows, features, count, transform.scale, x, rows, xOut);
  }
}

// The loop takes the transform and reads its scale itself: a scale passed as a number would be a heap number
// made for every call wherever V8 compiles the caller without inlining the loop (a 1/255 held in an object
// field is boxed anew each time it leaves it), one allocation per batch in a steady state.
function gatherFloats(
  x: Float32Array,
  features: number,
  order: ArrayLike<number> | null,
  start: number,
  count: number,
  xOut: Float32Array,
  transform: FeatureTransform,
): void {
  const scale = transform.scale;
  for (let i = 0; i < count; i++) {
    const src = (order === null ? start + i : order[start + i]) * features;
    const dst = i * features;
    // Value by value: a subarray per row for set() would allocate on every row.
    for (let f = 0; f < features; f++) xOut[dst + f] = x[src + f] * scale;
  }
}

/**
 * Copies rows order[start .. start + count) of `data` into xOut (count x features) and yOut (count).
 * Returns count. xOut and yOut must be at least that large.
 */
export function gatherBatch(
  data: Dataset,
  order: ArrayLike<number>,
  start: number,
  count: number,
  xOut: Float32Array,
  yOut?: Float32Array,
  options: GatherOptions = {},
): number {
  checkDatasetShape(data, 'gatherBatch: data');
  checkNumbers('gatherBatch', 'order', order);
  checkInteger('gatherBatch', 'start', start, 0);
  checkInteger('gatherBatch', 'count', count, 0);
  checkFloat32Array('gatherBatch', 'xOut', xOut);
  if (yOut !== undefined) checkFloat32Array('gatherBatch', 'yOut', yOut);
  const transform = resolveGatherOptions('gatherBatch', options);
  const { features } = data;
  if (start + count > order.length) {
    throw new RangeError(
      `backprop: gatherBatch: rows [${start}, ${start + count}) are outside the order of ${order.length}`,
    );
  }
  if (xOut.length < count * features)
    throw new RangeError(`backprop: gatherBatch: xOut needs ${count * features} values; got ${xOut.length}`);
  if (yOut && yOut.length < count)
    throw new RangeError(`backprop: gatherBatch: yOut needs ${count} values; got ${yOut.length}`);
  checkFeatureCount('gatherBatch', transform, features);
  for (let i = 0; i < count; i++) {
    const row = order[start + i];
    if (!(Number.isInteger(row) && row >= 0 && row < data.rows))
      throw new RangeError(
        `backprop: gatherBatch: order[${start + i}] must be a row index, an integer in [0, ${data.rows}); got ${describeValue(row)}`,
      );
    if (yOut) yOut[i] = data.y[row];
  }
  gatherFeatures(data, order, start, count, xOut, transform);
  return count;
}

/** The whole x of a Dataset as float32, transformed (for small sets, or for one evaluation pass). */
export function toFloat32(data: Dataset, options: GatherOptions = {}): Float32Array {
  checkDatasetShape(data, 'toFloat32: data');
  const transform = resolveGatherOptions('toFloat32', options);
  checkFeatureCount('toFloat32', transform, data.features);
  if (data.x instanceof Float32Array && transform.scale === 1 && transform.scaler === undefined) return data.x;
  const out = new Float32Array(data.x.length);
  gatherFeatures(data, null, 0, data.rows, out, transform);
  return out;
}

/**
 * Throws when a scaler was fitted on another number of features than `features` (a scaler's transformRow
 * reads as many values as it was fitted on, so a mismatch would read into the next row).
 */
export function checkFeatureCount(who: string, transform: FeatureTransform, features: number): void {
  const { scaler } = transform;
  if (scaler === undefined) return;
  const fitted = scalerColumns(scaler);
  if (fitted !== features) {
    throw new RangeError(
      `backprop: ${who}: the scaler was fitted on ${fitted} features per row; the data set has ${features}`,
    );
  }
}

/** The number of columns a scaler was fitted on (toJSON throws a clear error when it was not fitted). */
function scalerColumns(scaler: Scaler): number {
  const json = scaler.toJSON();
  return json.kind === 'minMax' ? json.min.length : json.mean.length;
}
