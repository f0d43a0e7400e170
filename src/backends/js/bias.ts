/** y[r, c] += bias[c]. y: rows x cols, bias: cols. */
export function biasAdd(rows: number, cols: number, bias: Float32Array, y: Float32Array): void {
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) y[o + c] += bias[c];
  }
}

/** dbias[c] = sum over r of dy[r, c] (overwritten). dy: rows x cols. Sums in float64 for accuracy. */
export function biasGrad(rows: number, cols: number, dy: Float32Array, dbias: Float32Array): void {
  // Column sums row by row keep the reads contiguous; a float64 accumulator row keeps the precision.
  if (rows === 0) {
    dbias.fill(0, 0, cols);
    return;
  }
  const sums = columnAccumulator(cols);
  // Each sum starts as 0 + the first row's value (so a -0 gives +0, as adding it to a zeroed sum would): no
  // fill(0), a call into the runtime that costs more than a one-row batch's sums.
  for (let c = 0; c < cols; c++) sums[c] = 0 + dy[c];
  for (let r = 1, o = cols; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) sums[c] += dy[o + c];
  }
  for (let c = 0; c < cols; c++) dbias[c] = sums[c];
}

let accumulator = new Float64Array(0);

/** A float64 scratch row of at least `cols` values, reused across calls (grows only when needed). */
export function columnAccumulator(cols: number): Float64Array {
  if (accumulator.length < cols) accumulator = new Float64Array(Math.max(cols, accumulator.length * 2));
  return accumulator;
}
