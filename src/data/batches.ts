/**
 * Mini-batches gathered from a Dataset into reused float32 buffers, so byte images (47 MB for
 * Fashion-MNIST) are never expanded to float32 all at once (188 MB). fit, evaluate and predict gather a
 * Dataset's batches with gatherFeatures, straight into the model's workspace.
 *
 * x out: count x features, y out: count (class indices or targets).
 */
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
 * `order` is null) of `data`, transformed, into xOut from row `at` on. Allocates nothing in steady state.
 * Each case has its own loop, so every loop reads one kind of array (a loop that sees both bytes and
 * floats, or calls per value, runs several times slower in V8).
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
  } else if (features % 4 === 0 && x.byteOffset % 4 === 0 && LITTLE_ENDIAN) {
    gatherByteWords(wordsOf(x), features, order, start, count, xOut, transform);
  } else {
    gatherBytes(x, features, order, start, count, xOut, transform);
  }
}

// The loops below take the transform and read its scale themselves: a scale passed as a number would be a
// heap number made for every call wherever V8 compiles the caller without inlining the loop (a 1/255 held
// in an object field is boxed anew each time it leaves it), one allocation per batch in a steady state.

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

function gatherBytes(
  x: Uint8Array,
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
    for (let f = 0; f < features; f++) xOut[dst + f] = x[src + f] * scale;
  }
}

/** Whether a Uint32Array reads the first of its 4 bytes as the low byte (every platform Node runs on). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Rows of bytes read 4 at a time, as 32-bit words (rows of a multiple of 4 bytes, starting at a multiple of
 * 4): a quarter of the array reads, the costly part of the byte loop (callgrind: 1.5 M instructions for
 * 128 rows of 784 bytes against 3.6 M a byte at a time).
 */
function gatherByteWords(
  words: Uint32Array,
  features: number,
  order: ArrayLike<number> | null,
  start: number,
  count: number,
  xOut: Float32Array,
  transform: FeatureTransform,
): void {
  const scale = transform.scale;
  for (let i = 0; i < count; i++) {
    let w = ((order === null ? start + i : order[start + i]) * features) >>> 2;
    let d = i * features;
    const end = d + features;
    while (d < end) {
      const v = words[w++];
      xOut[d] = (v & 255) * scale;
      xOut[d + 1] = ((v >>> 8) & 255) * scale;
      xOut[d + 2] = ((v >>> 16) & 255) * scale;
      xOut[d + 3] = (v >>> 24) * scale;
      d += 4;
    }
  }
}

// Word views of byte arrays, made once per array (a lookup allocates nothing; the array is not kept alive).
const wordViews = new WeakMap<Uint8Array, Uint32Array>();

/** `bytes` (byteOffset and length multiples of 4) as 32-bit words. */
function wordsOf(bytes: Uint8Array): Uint32Array {
  let words = wordViews.get(bytes);
  if (words === undefined) {
    words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
    wordViews.set(bytes, words);
  }
  return words;
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
