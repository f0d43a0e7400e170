// The lowering of a 2-D convolution over channels-last images to a matrix product (see im2col in
// src/backends/contract.ts): im2col copies each output cell's window into one row of cols, col2im adds
// the rows back into the image (its adjoint). x, dx: n x h x w x c; cols: (n * oh * ow) x (kh * kw * c).
//
// A window row (i fixed) is kw runs of c floats; where the dilation is 1 the runs inside the image are one
// contiguous run of the image row, copied (or added) whole. Padding cells are zero in cols and dropped by
// col2im. Every address is of a cell firstInside/endInside put inside the image, so no argument can make
// these kernels touch memory outside x, cols and dx.

import { endInside, firstInside, windowOrigin } from './window';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** dst[0, count) = src[0, count), bit for bit. */
function copyFloats(src: usize, dst: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= count; i += 4) v128.store(at(dst, i), v128.load(at(src, i)));
  }
  for (; i < count; i++) store<u32>(at(dst, i), load<u32>(at(src, i)));
}

/** dst[0, count) = 0. */
function zeroFloats(dst: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = v128.splat<i32>(0);
    for (; i + 4 <= count; i += 4) v128.store(at(dst, i), zero);
  }
  for (; i < count; i++) store<u32>(at(dst, i), 0);
}

/** dst[0, count) += src[0, count), in float32. */
function addFloats(src: usize, dst: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= count; i += 4) v128.store(at(dst, i), f32x4.add(v128.load(at(dst, i)), v128.load(at(src, i))));
  }
  for (; i < count; i++) store<f32>(at(dst, i), load<f32>(at(dst, i)) + load<f32>(at(src, i)));
}

export function im2col(n: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  padTop: i32, padLeft: i32, oh: i32, ow: i32, x: usize, cols: usize): void {
  // cols is empty: with c == 0 the output rows could still number 2^62, all of them empty.
  if (n == 0 || c == 0 || oh == 0 || ow == 0) return;
  const run = kw * c;
  let row = cols;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = windowOrigin(oy, sh, padTop);
      const iFirst = firstInside(y0, dh, kh), iEnd = endInside(y0, dh, h, kh);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = windowOrigin(ox, sw, padLeft);
        const jFirst = firstInside(x0, dw, kw), jEnd = endInside(x0, dw, w, kw);
        zeroFloats(row, iFirst * run);
        for (let i = iFirst; i < iEnd; i++) {
          const iy = <i32>(y0 + <i64>i * <i64>dh);
          const image = at(x, (b * h + iy) * w * c);
          const dst = at(row, i * run);
          zeroFloats(dst, jFirst * c);
          if (dw == 1) {
            copyFloats(at(image, <i32>(x0 + jFirst) * c), at(dst, jFirst * c), (jEnd - jFirst) * c);
          } else {
            for (let j = jFirst; j < jEnd; j++) {
              copyFloats(at(image, <i32>(x0 + <i64>j * <i64>dw) * c), at(dst, j * c), c);
            }
          }
          zeroFloats(at(dst, jEnd * c), (kw - jEnd) * c);
        }
        zeroFloats(at(row, iEnd * run), (kh - iEnd) * run);
        row = at(row, kh * run);
      }
    }
  }
}

export function col2im(n: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  padTop: i32, padLeft: i32, oh: i32, ow: i32, cols: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>(n * h * w * c) << 2);
  if (n == 0 || c == 0 || oh == 0 || ow == 0) return;
  const run = kw * c;
  let row = cols;
  // Rows are added in order and no two cells of one window are the same image cell, so each dx value
  // receives its terms in the order the js reference adds them: the same float32 sums.
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = windowOrigin(oy, sh, padTop);
      const iFirst = firstInside(y0, dh, kh), iEnd = endInside(y0, dh, h, kh);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = windowOrigin(ox, sw, padLeft);
        const jFirst = firstInside(x0, dw, kw), jEnd = endInside(x0, dw, w, kw);
        for (let i = iFirst; i < iEnd; i++) {
          const iy = <i32>(y0 + <i64>i * <i64>dh);
          const image = at(dx, (b * h + iy) * w * c);
          const src = at(row, i * run);
          if (dw == 1) {
            addFloats(at(src, jFirst * c), at(image, <i32>(x0 + jFirst) * c), (jEnd - jFirst) * c);
          } else {
            for (let j = jFirst; j < jEnd; j++) {
              addFloats(at(src, j * c), at(image, <i32>(x0 + <i64>j * <i64>dw) * c), c);
            }
          }
        }
        row = at(row, kh * run);
      }
    }
  }
}
