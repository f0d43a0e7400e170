/**
 * Mini-batches gathered from a Dataset into reused float32 buffers, so byte images (47 MB for
 * Fashion-MNIST) are never expanded to float32 all at once (188 MB).
 *
 * x out: count x features, y out: count (class indices or targets).
 */
import type { Dataset } from './dataset.js';

export interface GatherOptions {
  /** Multiplies every feature (1/255 turns bytes into [0, 1]). Default 1. */
  scale?: number;
}

/**
 * Copies rows order[start .. start + count) of `data` into xOut (count x features) and yOut (count).
 * Returns count. xOut and yOut must be at least that large.
 */
export function gatherBatch(data: Dataset, order: ArrayLike<number>, start: number, count: number,
  xOut: Float32Array, yOut?: Float32Array, options: GatherOptions = {}): number {
  const { features } = data;
  if (!(start >= 0 && count >= 0 && start + count <= order.length)) {
    throw new RangeError(`backprop: gatherBatch: rows [${start}, ${start + count}) are outside the order of ${order.length}`);
  }
  if (xOut.length < count * features) throw new RangeError(`backprop: gatherBatch: xOut needs ${count * features} values; got ${xOut.length}`);
  if (yOut && yOut.length < count) throw new RangeError(`backprop: gatherBatch: yOut needs ${count} values; got ${yOut.length}`);
  const scale = options.scale ?? 1;
  for (let i = 0; i < count; i++) {
    const row = order[start + i];
    if (!(row >= 0 && row < data.rows)) throw new RangeError(`backprop: gatherBatch: row ${row} is outside [0, ${data.rows})`);
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
  const scale = options.scale ?? 1;
  if (data.x instanceof Float32Array && scale === 1) return data.x;
  const out = new Float32Array(data.x.length);
  for (let i = 0; i < out.length; i++) out[i] = data.x[i] * scale;
  return out;
}
