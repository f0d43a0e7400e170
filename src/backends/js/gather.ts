/**
 * y[i, f] = x[order[i], f] * scale: rows of bytes gathered into float32. The product is a float64 multiply
 * rounded once to float32 by the store (Math.fround(byte * scale)), the rounding every backend reproduces.
 */
export function gatherByteRows(
  rows: number,
  cols: number,
  count: number,
  scale: number,
  x: Uint8Array,
  order: Uint32Array,
  y: Float32Array,
): void {
  for (let i = 0; i < count; i++) {
    const src = order[i] * cols,
      dst = i * cols;
    for (let f = 0; f < cols; f++) y[dst + f] = x[src + f] * scale;
  }
}
