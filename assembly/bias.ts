// Bias of a dense layer. y: rows x cols, bias: cols, dy: rows x cols, dbias: cols.

/** y[r, c] += bias[c]. */
export function biasAdd(rows: i32, cols: i32, bias: usize, y: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = y + (<usize>(r * cols) << 2);
    let c = 0;
    if (ASC_FEATURE_SIMD) {
      for (; c + 4 <= cols; c += 4) {
        const at = row + (<usize>c << 2);
        v128.store(at, f32x4.add(v128.load(at), v128.load(bias + (<usize>c << 2))));
      }
    }
    for (; c < cols; c++) {
      const at = row + (<usize>c << 2);
      store<f32>(at, load<f32>(at) + load<f32>(bias + (<usize>c << 2)));
    }
  }
}

/**
 * dbias[c] = sum over r of dy[r, c], summed in float64 in row order (as the js reference sums in
 * JavaScript numbers), four columns at a time as two f64x2 pairs.
 */
export function biasGrad(rows: i32, cols: i32, dy: usize, dbias: usize): void {
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= cols; c += 4) {
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      for (let r = 0; r < rows; r++) {
        const v = v128.load(dy + (<usize>(r * cols + c) << 2));
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
        hi = f64x2.add(hi, f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0)));
      }
      const out = f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
      v128.store(dbias + (<usize>c << 2), out);
    }
  }
  for (; c < cols; c++) {
    let sum: f64 = 0;
    for (let r = 0; r < rows; r++) sum += <f64>load<f32>(dy + (<usize>(r * cols + c) << 2));
    store<f32>(dbias + (<usize>c << 2), <f32>sum);
  }
}
