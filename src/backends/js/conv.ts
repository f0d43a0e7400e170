// The lowering of a 2-D convolution onto GEMM (Chellapilla, Puri and Simard, 2006): im2col copies every
// window of a channels-last batch into one row of a matrix, col2im is its adjoint. See contract.ts for the
// layout and the window geometry.

/**
 * cols[(b * oh + oy) * ow + ox, (i * kw + j) * c + ch] = x[b, iy, ix, ch] with iy = oy * sh + i * dh - padTop
 * and ix = ox * sw + j * dw - padLeft, or 0 where (iy, ix) is outside the image. cols is written in order.
 */
export function im2col(
  n: number,
  h: number,
  w: number,
  c: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  padTop: number,
  padLeft: number,
  oh: number,
  ow: number,
  x: Float32Array,
  cols: Float32Array,
): void {
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let i = 0; i < kh; i++) {
          const iy = oy * sh + i * dh - padTop;
          for (let j = 0; j < kw; j++) {
            const ix = ox * sw + j * dw - padLeft;
            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
              const from = ((b * h + iy) * w + ix) * c;
              for (let ch = 0; ch < c; ch++) cols[o++] = x[from + ch];
            } else {
              for (let ch = 0; ch < c; ch++) cols[o++] = 0;
            }
          }
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: dx = 0, then every value of cols is added to the cell of x that im2col read it
 * from; values im2col wrote as padding are dropped. dx: n x h x w x c, overwritten.
 */
export function col2im(
  n: number,
  h: number,
  w: number,
  c: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  padTop: number,
  padLeft: number,
  oh: number,
  ow: number,
  cols: Float32Array,
  dx: Float32Array,
): void {
  dx.fill(0, 0, n * h * w * c);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let i = 0; i < kh; i++) {
          const iy = oy * sh + i * dh - padTop;
          for (let j = 0; j < kw; j++) {
            const ix = ox * sw + j * dw - padLeft;
            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
              const to = ((b * h + iy) * w + ix) * c;
              for (let ch = 0; ch < c; ch++) dx[to + ch] += cols[o++];
            } else {
              o += c;
            }
          }
        }
      }
    }
  }
}
