// Max and average pooling over channels-last images (see maxPoolForward and avgPoolForward in
// src/backends/contract.ts). x, dx: n x h x w x c; y, dy, argmax: n x oh x ow x c.
//
// A window is walked over the cells inside the image only (firstCellInside / endCellInside), so padding
// costs nothing and a window of any size stays within x; the channels of a cell are contiguous, four at a time
// with SIMD. The float64 arithmetic of the average is the js reference's, in its order, so both give the
// same float32 bits.

import { promoteHigh } from './reduce';
import { endCellInside, firstCellInside, windowOrigin } from './window';

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** The four lanes of an f64x2 pair (lo: lanes 0 and 1, hi: lanes 2 and 3) rounded to one f32x4. */
// @ts-ignore: decorator
@inline
function demotePair(lo: v128, hi: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

export function maxPoolForward(n: i32, h: i32, w: i32, c: i32, ph: i32, pw: i32, sh: i32, sw: i32,
  padTop: i32, padLeft: i32, oh: i32, ow: i32, x: usize, y: usize, argmax: usize): void {
  if (n == 0 || c == 0) return;
  let out = 0;
  for (let b = 0; b < n; b++) {
    const image = at(x, b * h * w * c);
    for (let oy = 0; oy < oh; oy++) {
      const y0 = windowOrigin(oy, sh, padTop);
      const yFirst = firstCellInside(y0, ph), yEnd = endCellInside(y0, ph, h);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = windowOrigin(ox, sw, padLeft);
        const xFirst = firstCellInside(x0, pw), xEnd = endCellInside(x0, pw, w);
        if (yFirst == yEnd || xFirst == xEnd) {
          // No cell inside the image: y = 0, argmax = -1.
          for (let ch = 0; ch < c; ch++) {
            store<f32>(at(y, out + ch), 0);
            store<f32>(at(argmax, out + ch), -1);
          }
          out += c;
          continue;
        }
        const first = yFirst * w + xFirst;
        let ch = 0;
        if (ASC_FEATURE_SIMD) {
          for (; ch + 4 <= c; ch += 4) {
            let best = v128.load(at(image, first * c + ch));
            let index = f32x4.splat(<f32>first);
            for (let iy = yFirst; iy < yEnd; iy++) {
              for (let ix = xFirst; ix < xEnd; ix++) {
                const cell = iy * w + ix;
                const v = v128.load(at(image, cell * c + ch));
                // Replace where v is larger, or NaN, while the best so far is a number: the first NaN wins.
                const take = v128.andnot(f32x4.eq(best, best), f32x4.le(v, best));
                best = v128.bitselect(v, best, take);
                index = v128.bitselect(f32x4.splat(<f32>cell), index, take);
              }
            }
            v128.store(at(y, out + ch), best);
            v128.store(at(argmax, out + ch), index);
          }
        }
        for (; ch < c; ch++) {
          let best = load<f32>(at(image, first * c + ch));
          let index = first;
          for (let iy = yFirst; iy < yEnd; iy++) {
            for (let ix = xFirst; ix < xEnd; ix++) {
              const cell = iy * w + ix;
              const v = load<f32>(at(image, cell * c + ch));
              if (best == best && !(v <= best)) {
                best = v;
                index = cell;
              }
            }
          }
          store<f32>(at(y, out + ch), best);
          store<f32>(at(argmax, out + ch), <f32>index);
        }
        out += c;
      }
    }
  }
}

export function maxPoolBackward(n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  argmax: usize, dy: usize, dx: usize): void {
  const cells = h * w;
  memory.fill(dx, 0, <usize>(n * cells * c) << 2);
  if (n == 0 || c == 0) return;
  let out = 0;
  for (let b = 0; b < n; b++) {
    const image = at(dx, b * cells * c);
    for (let o = 0; o < oh * ow; o++) {
      for (let ch = 0; ch < c; ch++) {
        const a = <f64>load<f32>(at(argmax, out + ch));
        // Anything but an integer cell index (NaN fails every comparison) adds nothing: argmax is untrusted.
        if (!(a >= 0 && a < <f64>cells && a == Math.floor(a))) continue;
        const p = at(image, <i32>a * c + ch);
        store<f32>(p, load<f32>(p) + load<f32>(at(dy, out + ch)));
      }
      out += c;
    }
  }
}

export function avgPoolForward(n: i32, h: i32, w: i32, c: i32, ph: i32, pw: i32, sh: i32, sw: i32,
  padTop: i32, padLeft: i32, oh: i32, ow: i32, x: usize, y: usize): void {
  if (n == 0 || c == 0) return;
  let out = 0;
  for (let b = 0; b < n; b++) {
    const image = at(x, b * h * w * c);
    for (let oy = 0; oy < oh; oy++) {
      const y0 = windowOrigin(oy, sh, padTop);
      const yFirst = firstCellInside(y0, ph), yEnd = endCellInside(y0, ph, h);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = windowOrigin(ox, sw, padLeft);
        const xFirst = firstCellInside(x0, pw), xEnd = endCellInside(x0, pw, w);
        const count = <f64>(yEnd - yFirst) * <f64>(xEnd - xFirst);
        if (count == 0) {
          zeroFloatsAt(y, out, c);
          out += c;
          continue;
        }
        let ch = 0;
        if (ASC_FEATURE_SIMD) {
          const vcount = f64x2.splat(count);
          for (; ch + 4 <= c; ch += 4) {
            let lo = f64x2.splat(0), hi = f64x2.splat(0);
            for (let iy = yFirst; iy < yEnd; iy++) {
              for (let ix = xFirst; ix < xEnd; ix++) {
                const v = v128.load(at(image, (iy * w + ix) * c + ch));
                lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
                hi = f64x2.add(hi, promoteHigh(v));
              }
            }
            v128.store(at(y, out + ch), demotePair(f64x2.div(lo, vcount), f64x2.div(hi, vcount)));
          }
        }
        for (; ch < c; ch++) {
          let sum: f64 = 0;
          for (let iy = yFirst; iy < yEnd; iy++) {
            for (let ix = xFirst; ix < xEnd; ix++) sum += <f64>load<f32>(at(image, (iy * w + ix) * c + ch));
          }
          store<f32>(at(y, out + ch), <f32>(sum / count));
        }
        out += c;
      }
    }
  }
}

export function avgPoolBackward(n: i32, h: i32, w: i32, c: i32, ph: i32, pw: i32, sh: i32, sw: i32,
  padTop: i32, padLeft: i32, oh: i32, ow: i32, dy: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>(n * h * w * c) << 2);
  if (n == 0 || c == 0) return;
  let out = 0;
  for (let b = 0; b < n; b++) {
    const image = at(dx, b * h * w * c);
    for (let oy = 0; oy < oh; oy++) {
      const y0 = windowOrigin(oy, sh, padTop);
      const yFirst = firstCellInside(y0, ph), yEnd = endCellInside(y0, ph, h);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = windowOrigin(ox, sw, padLeft);
        const xFirst = firstCellInside(x0, pw), xEnd = endCellInside(x0, pw, w);
        const count = <f64>(yEnd - yFirst) * <f64>(xEnd - xFirst);
        if (count == 0) {
          out += c;
          continue;
        }
        let ch = 0;
        if (ASC_FEATURE_SIMD) {
          const vcount = f64x2.splat(count);
          for (; ch + 4 <= c; ch += 4) {
            const g = v128.load(at(dy, out + ch));
            const lo = f64x2.div(f64x2.promote_low_f32x4(g), vcount), hi = f64x2.div(promoteHigh(g), vcount);
            for (let iy = yFirst; iy < yEnd; iy++) {
              for (let ix = xFirst; ix < xEnd; ix++) {
                const p = at(image, (iy * w + ix) * c + ch);
                const v = v128.load(p);
                v128.store(p, demotePair(f64x2.add(f64x2.promote_low_f32x4(v), lo), f64x2.add(promoteHigh(v), hi)));
              }
            }
          }
        }
        for (; ch < c; ch++) {
          const g = <f64>load<f32>(at(dy, out + ch)) / count;
          for (let iy = yFirst; iy < yEnd; iy++) {
            for (let ix = xFirst; ix < xEnd; ix++) {
              const p = at(image, (iy * w + ix) * c + ch);
              store<f32>(p, <f32>(<f64>load<f32>(p) + g));
            }
          }
        }
        out += c;
      }
    }
  }
}

/** buffer[from, from + count) = 0. */
function zeroFloatsAt(buffer: usize, from: i32, count: i32): void {
  memory.fill(at(buffer, from), 0, <usize>count << 2);
}
