/**
 * Mini-batches gathered from a Dataset into reused float32 buffers, so byte images (47 MB for
 * Fashion-MNIST) are never expanded to float32 all at once (188 MB).
 *
 * x out: count x features, y out: count (class indices or targets).
 */
import { describeValue } from '../describe-value.js';
import { checkFloat32Array, checkInteger, checkNumbers, checkOptionalFinite, checkOptions } from './arguments.js';
import { checkDatasetShape, type Dataset } from './dataset.js';

/** The options of gatherBatch and toFloat32. */
export interface GatherOptions {
  /** Multiplies every feature (1/255 turns bytes into [0, 1]). Default 1. */
  scale?: number;
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
  const scale = checkOptionalFinite(
    'gatherBatch',
    'options.scale',
    checkOptions<GatherOptions>('gatherBatch', options).scale,
    1,
  );
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
  for (let i = 0; i < count; i++) {
    const row = order[start + i];
    if (!(Number.isInteger(row) && row >= 0 && row < data.rows))
      throw new RangeError(
        `backprop: gatherBatch: order[${start + i}] must be a row index, an integer in [0, ${data.rows}); got ${describeValue(row)}`,
      );
    const src = row * features;
    const dst = i * features;
    if (scale === 1) xOut.set(data.x.subarray(src, src + features), dst);
    else for (let f = 0; f < features; f++) xOut[dst + f] = data.x[src + f] * scale;
    if (yOut) yOut[i] = data.y[row];
  }
  return count;
}

/** The whole x of a Dataset as float32, scaled (for small sets, or for one evaluation pass). */
export function toFloat32(data: Dataset, options: GatherOptions = {}): Float32Array {
  checkDatasetShape(data, 'toFloat32: data');
  const scale = checkOptionalFinite(
    'toFloat32',
    'options.scale',
    checkOptions<GatherOptions>('toFloat32', options).scale,
    1,
  );
  if (data.x instanceof Float32Array && scale === 1) return data.x;
  const out = new Float32Array(data.x.length);
  for (let i = 0; i < out.length; i++) out[i] = data.x[i] * scale;
  return out;
}
