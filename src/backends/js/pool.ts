// Max and average pooling over channels-last images (Keras MaxPooling2D and AveragePooling2D), forward and
// backward. The window of output (oy, ox) covers rows oy * sh - padTop + [0, ph) and columns
// ox * sw - padLeft + [0, pw); only its cells inside the image take part (see contract.ts).
import { columnAccumulator } from './bias.js';

// Along one axis, the window of output index o covers o * stride - pad + [0, size); its cells inside the image
// [0, extent) are [windowStart, windowEnd), an empty run (end = start) when none is.
function windowStart(o: number, stride: number, pad: number): number {
  return Math.max(o * stride - pad, 0);
}

function windowEnd(o: number, stride: number, pad: number, size: number, extent: number): number {
  return Math.max(Math.min(o * stride - pad + size, extent), windowStart(o, stride, pad));
}

/**
 * y = the largest x over each window's cells inside the image (the first NaN wins; a window with no cell
 * inside gives 0), argmax = iy * w + ix of the first largest in row-major window order (-1 for an empty
 * window). Channels are innermost, so each window cell is one contiguous run of c values.
 */
export function maxPoolForward(
  n: number,
  h: number,
  w: number,
  c: number,
  ph: number,
  pw: number,
  sh: number,
  sw: number,
  padTop: number,
  padLeft: number,
  oh: number,
  ow: number,
  x: Float32Array,
  y: Float32Array,
  argmax: Float32Array,
): void {
  for (let b = 0, o = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = windowStart(oy, sh, padTop),
        y1 = windowEnd(oy, sh, padTop, ph, h);
      for (let ox = 0; ox < ow; ox++, o += c) {
        const x0 = windowStart(ox, sw, padLeft),
          x1 = windowEnd(ox, sw, padLeft, pw, w);
        for (let ch = 0; ch < c; ch++) {
          y[o + ch] = 0;
          argmax[o + ch] = -1;
        }
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const from = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x[from + ch],
                best = y[o + ch];
              // The first cell always takes the place; then a larger value, or a first NaN (NaN > best is false).
              if (argmax[o + ch] === -1 || v > best || (v !== v && best === best)) {
                y[o + ch] = v;
                argmax[o + ch] = iy * w + ix;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * dx = 0, then dx[b, argmax, ch] += dy[b, oy, ox, ch]. An argmax that is not an integer in [0, h * w) adds
 * nothing (an empty window's -1, or a value that maxPoolForward did not write).
 */
export function maxPoolBackward(
  n: number,
  h: number,
  w: number,
  c: number,
  oh: number,
  ow: number,
  argmax: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  const cells = h * w;
  dx.fill(0, 0, n * cells * c);
  for (let b = 0, o = 0; b < n; b++) {
    const image = b * cells;
    for (let p = 0; p < oh * ow; p++, o += c) {
      for (let ch = 0; ch < c; ch++) {
        const cell = argmax[o + ch];
        if (Number.isInteger(cell) && cell >= 0 && cell < cells) dx[(image + cell) * c + ch] += dy[o + ch];
      }
    }
  }
}

/**
 * y = the mean of x over each window's cells inside the image (padding not counted; 0 for a window with no
 * cell inside). The sums are float64, one per channel.
 */
export function avgPoolForward(
  n: number,
  h: number,
  w: number,
  c: number,
  ph: number,
  pw: number,
  sh: number,
  sw: number,
  padTop: number,
  padLeft: number,
  oh: number,
  ow: number,
  x: Float32Array,
  y: Float32Array,
): void {
  const sums = columnAccumulator(c);
  for (let b = 0, o = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = windowStart(oy, sh, padTop),
        y1 = windowEnd(oy, sh, padTop, ph, h);
      for (let ox = 0; ox < ow; ox++, o += c) {
        const x0 = windowStart(ox, sw, padLeft),
          x1 = windowEnd(ox, sw, padLeft, pw, w);
        sums.fill(0, 0, c);
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const from = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) sums[ch] += x[from + ch];
          }
        }
        // An empty window's sums stay 0, and so does its mean.
        const count = Math.max((y1 - y0) * (x1 - x0), 1);
        for (let ch = 0; ch < c; ch++) y[o + ch] = sums[ch] / count;
      }
    }
  }
}

/** dx = 0, then each dy[b, oy, ox, ch] / (its window's count of cells inside) is added to each of those cells. */
export function avgPoolBackward(
  n: number,
  h: number,
  w: number,
  c: number,
  ph: number,
  pw: number,
  sh: number,
  sw: number,
  padTop: number,
  padLeft: number,
  oh: number,
  ow: number,
  dy: Float32Array,
  dx: Float32Array,
): void {
  dx.fill(0, 0, n * h * w * c);
  for (let b = 0, o = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = windowStart(oy, sh, padTop),
        y1 = windowEnd(oy, sh, padTop, ph, h);
      for (let ox = 0; ox < ow; ox++, o += c) {
        const x0 = windowStart(ox, sw, padLeft),
          x1 = windowEnd(ox, sw, padLeft, pw, w);
        const count = (y1 - y0) * (x1 - x0);
        if (count === 0) continue;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const to = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) dx[to + ch] += dy[o + ch] / count;
          }
        }
      }
    }
  }
}
