// Rows of bytes gathered and scaled into float32: y[i, f] = x[order[i], f] * scale (x: rows x cols bytes,
// order: count u32 row indices, y: count x cols floats). The product is formed in f64 and rounded once to
// f32, as JavaScript's Math.fround(byte * scale), so the bits match the js backend's.

/** y (overwritten) = the rows order[0, count) of x, each byte times scale. */
export function gatherByteRows(rows: i32, cols: i32, count: i32, scale: f64, x: usize, order: usize, y: usize): void {
  for (let i = 0; i < count; i++) {
    const src = x + <usize>load<u32>(order + (<usize>i << 2)) * <usize>cols;
    const dst = y + ((<usize>i * <usize>cols) << 2);
    for (let f = 0; f < cols; f++) {
      store<f32>(dst + (<usize>f << 2), <f32>(<f64>load<u8>(src + <usize>f) * scale));
    }
  }
}
