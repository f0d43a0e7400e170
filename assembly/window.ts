// Where a convolution or pooling window meets the image. Along one axis a window's cells sit at
// origin + k * step for k in [0, count) (origin = output index * stride - padding before, step = dilation),
// and the cells in [0, limit) are the image; the ones inside form one run of k, [firstInside, endInside).
// Computed in i64: stride, dilation and padding may each be up to 2^31 - 1 (only the buffer lengths bound
// the other sizes), so their products would wrap in i32, and a huge window must not be walked cell by cell.

/** The window's origin along one axis: index * stride - padding, exact in i64. */
// @ts-ignore: decorator
@inline
export function windowOrigin(index: i32, stride: i32, padding: i32): i64 {
  return <i64>index * <i64>stride - <i64>padding;
}

/** The first k in [0, count] with origin + k * step >= 0 (count when none is). */
export function firstInside(origin: i64, step: i32, count: i32): i32 {
  if (origin >= 0) return 0;
  const k = (-origin + <i64>step - 1) / <i64>step;
  return k < <i64>count ? <i32>k : count;
}

/**
 * One past the last k in [0, count) with origin + k * step < limit, and never below firstInside: the run
 * [firstInside, endInside) is empty when no cell is inside.
 */
export function endInside(origin: i64, step: i32, limit: i32, count: i32): i32 {
  // Most windows end inside the image: no division then.
  if (origin + <i64>(count - 1) * <i64>step < <i64>limit) return count;
  const first = firstInside(origin, step, count);
  const room = <i64>limit - origin;
  if (room <= 0) return first;
  const k = (room + <i64>step - 1) / <i64>step;
  const end = k < <i64>count ? <i32>k : count;
  return end > first ? end : first;
}

// A pooling window's cells are consecutive (step 1), so its run [firstInside, endInside) is, in image
// coordinates, [firstCellInside, endCellInside): both fit in i32, since they lie in [0, limit].

/** The first image row (or column) inside the pooling window at `origin` (windowOrigin) of `size` cells. */
// @ts-ignore: decorator
@inline
export function firstCellInside(origin: i64, size: i32): i32 {
  return <i32>(origin + firstInside(origin, 1, size));
}

/** One past the last image row (or column) inside the pooling window at `origin` of `size` cells. */
// @ts-ignore: decorator
@inline
export function endCellInside(origin: i64, size: i32, limit: i32): i32 {
  return <i32>(origin + endInside(origin, 1, limit, size));
}
