// The lowering of a 2-D convolution onto GEMM (Chellapilla, Puri and Simard, 2006): im2col copies every
// window of a channels-last batch into one row of a matrix, col2im is its adjoint. Layout and window
// geometry are in contract.ts; window.h finds the taps that fall inside the image.
//
// Inside one window row the channels of consecutive taps are contiguous in both x and cols when the
// dilation is 1, so a window row inside the image is one copy (one add in col2im) of kw * c floats;
// with dilation each tap is a run of c floats. Taps in the padding are zero in cols and dropped by col2im.
#include <cstring>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"
#include "window.h"

namespace bp {

namespace {

// The arguments both kernels share, with the sizes they derive.
struct ConvGeometry {
  size_t n, h, w, c, kh, kw, sh, sw, dh, dw, pad_top, pad_left, oh, ow;
  size_t row() const { return kh * kw * c; }  // floats in one row of cols (one window)
  // Whether cols is empty: then the kernels touch nothing of it (and loop over nothing, whatever the
  // other sizes are).
  bool no_windows() const { return n == 0 || oh == 0 || ow == 0 || c == 0; }
};

// Short runs (a window row of a few channels: kw * c is 3 in a first layer on grey images) are copied and
// zeroed inline, 4 floats at a time and the rest without a loop (a loop would be vectorised, with set-up
// costing more than such a run); a library call too costs more than a short run. Longer ones go to the
// library's memcpy and memset.
constexpr size_t kShortRun = 32;

void zero_floats(float* p, size_t count) {
  if (count >= kShortRun) {
    std::memset(p, 0, count * sizeof(float));
    return;
  }
  static constexpr float zeros[4] = {0, 0, 0, 0};
  size_t k = 0;
  for (; k + 4 <= count; k += 4) std::memcpy(p + k, zeros, 4 * sizeof(float));
  if (k + 2 <= count) {
    std::memcpy(p + k, zeros, 2 * sizeof(float));
    k += 2;
  }
  if (k < count) p[k] = 0.0f;
}

void copy_floats(float* dst, const float* src, size_t count) {
  if (count >= kShortRun) {
    std::memcpy(dst, src, count * sizeof(float));
    return;
  }
  size_t k = 0;
  for (; k + 4 <= count; k += 4) std::memcpy(dst + k, src + k, 4 * sizeof(float));
  if (k + 2 <= count) {
    std::memcpy(dst + k, src + k, 2 * sizeof(float));
    k += 2;
  }
  if (k < count) dst[k] = src[k];
}

// Writes window (oy, ox) of image b, whose tap rows inside the image are `rows`, into out (one row of cols):
// the taps inside are copied, those in the padding zeroed.
void im2col_window(const ConvGeometry& g, size_t b, size_t oy, const Taps& rows, size_t ox, const float* x,
                   float* out) {
  const size_t run = g.kw * g.c;  // one window row in cols
  const int64_t x_base = window_base(ox, g.sw, g.pad_left);
  const Taps cols = taps_inside(x_base, g.dw, g.kw, g.w);
  if (cols.lo == cols.hi) {  // every tap of the window is padding
    zero_floats(out, g.row());
    return;
  }
  zero_floats(out, rows.lo * run);
  for (size_t i = rows.lo; i < rows.hi; ++i) {
    float* dst = out + i * run;
    const size_t iy = oy * g.sh + i * g.dh - g.pad_top;
    const size_t ix = static_cast<size_t>(x_base + static_cast<int64_t>(cols.lo * g.dw));
    const float* src = x + ((b * g.h + iy) * g.w + ix) * g.c;
    zero_floats(dst, cols.lo * g.c);
    if (g.dw == 1) {
      copy_floats(dst + cols.lo * g.c, src, (cols.hi - cols.lo) * g.c);
    } else {
      for (size_t j = cols.lo; j < cols.hi; ++j) copy_floats(dst + j * g.c, src + (j - cols.lo) * g.dw * g.c, g.c);
    }
    zero_floats(dst + cols.hi * g.c, (g.kw - cols.hi) * g.c);
  }
  zero_floats(out + rows.hi * run, (g.kh - rows.hi) * run);
}

// Writes the windows of output row oy of image b: ow rows of cols starting at out. The windows wholly
// inside the image (all but the edges, with no dilation across) are kh runs of kw * c floats, dh image rows
// apart, and go without working out their taps.
void im2col_output_row(const ConvGeometry& g, size_t b, size_t oy, const float* x, float* out) {
  const Taps rows = taps_inside(window_base(oy, g.sh, g.pad_top), g.dh, g.kh, g.h);
  Taps inner{0, 0};
  if (rows.lo == 0 && rows.hi == g.kh && g.dw == 1) inner = windows_inside(g.ow, g.sw, g.pad_left, g.kw, g.w);
  for (size_t ox = 0; ox < inner.lo; ++ox) im2col_window(g, b, oy, rows, ox, x, out + ox * g.row());
  if (inner.lo < inner.hi) {
    const size_t run = g.kw * g.c, image_row = g.dh * g.w * g.c;
    const size_t iy = oy * g.sh - g.pad_top, ix = inner.lo * g.sw - g.pad_left;
    const float* src = x + ((b * g.h + iy) * g.w + ix) * g.c;
    float* dst = out + inner.lo * g.row();
    for (size_t ox = inner.lo; ox < inner.hi; ++ox, src += g.sw * g.c, dst += g.row()) {
      for (size_t i = 0; i < g.kh; ++i) copy_floats(dst + i * run, src + i * image_row, run);
    }
  }
  for (size_t ox = inner.hi; ox < g.ow; ++ox) im2col_window(g, b, oy, rows, ox, x, out + ox * g.row());
}

// Adds the windows of image b (its oh * ow rows of cols, from cols_b) into that image's dx, in the order
// the js reference adds them (output row, output column, tap row, tap column, channel), so each value of
// dx gets the same float32 additions in the same order: the same bits.
void col2im_image(const ConvGeometry& g, const IsaTable& t, const float* cols_b, float* dx_b) {
  const size_t run = g.kw * g.c;
  const float* in = cols_b;
  for (size_t oy = 0; oy < g.oh; ++oy) {
    const Taps rows = taps_inside(window_base(oy, g.sh, g.pad_top), g.dh, g.kh, g.h);
    for (size_t ox = 0; ox < g.ow; ++ox, in += g.row()) {
      const int64_t x_base = window_base(ox, g.sw, g.pad_left);
      const Taps cols = taps_inside(x_base, g.dw, g.kw, g.w);
      if (cols.lo == cols.hi) continue;
      const size_t ix = static_cast<size_t>(x_base + static_cast<int64_t>(cols.lo * g.dw));
      for (size_t i = rows.lo; i < rows.hi; ++i) {
        const size_t iy = oy * g.sh + i * g.dh - g.pad_top;
        float* dst = dx_b + (iy * g.w + ix) * g.c;
        const float* src = in + i * run + cols.lo * g.c;
        // axpy with alpha 1 is an exact add on every level (a fused 1 * x + y rounds once, as x + y).
        if (g.dw == 1) {
          t.axpy((cols.hi - cols.lo) * g.c, 1.0f, src, dst);
        } else {
          for (size_t j = cols.lo; j < cols.hi; ++j) {
            t.axpy(g.c, 1.0f, src + (j - cols.lo) * g.c, dst + (j - cols.lo) * g.dw * g.c);
          }
        }
      }
    }
  }
}

}  // namespace

void im2col(size_t n, size_t h, size_t w, size_t c, size_t kh, size_t kw, size_t sh, size_t sw, size_t dh,
            size_t dw, size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* x, float* cols) {
  const ConvGeometry g{n, h, w, c, kh, kw, sh, sw, dh, dw, pad_top, pad_left, oh, ow};
  if (g.no_windows()) return;
  // Split by output row (image, oy): each piece writes its own rows of cols. A copy: split when the
  // whole is worth waking workers for.
  const size_t per_row = ow * g.row();
  parallel_ranges(
      n * oh, kParallelCheap / per_row + 1,
      [&](size_t r0, size_t r1) {
        for (size_t r = r0; r < r1; ++r) im2col_output_row(g, r / oh, r % oh, x, cols + r * per_row);
      },
      1);
}

void col2im(size_t n, size_t h, size_t w, size_t c, size_t kh, size_t kw, size_t sh, size_t sw, size_t dh,
            size_t dw, size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* cols, float* dx) {
  const ConvGeometry g{n, h, w, c, kh, kw, sh, sw, dh, dw, pad_top, pad_left, oh, ow};
  const size_t image = h * w * c;
  if (g.no_windows()) {
    if (n != 0 && image != 0) zero_floats(dx, n * image);
    return;
  }
  const IsaTable& t = isa();
  // Split by image: windows overlap only within an image, so pieces never add into the same value.
  const size_t per_image = oh * ow * g.row();
  parallel_ranges(
      n, kParallelCheap / (per_image + image) + 1,
      [&](size_t b0, size_t b1) {
        for (size_t b = b0; b < b1; ++b) {
          zero_floats(dx + b * image, image);
          col2im_image(g, t, cols + b * per_image, dx + b * image);
        }
      },
      1);
}

}  // namespace bp
