// Max and average pooling over channels-last images (Keras MaxPooling2D and AveragePooling2D), forward and
// backward; the formulas are in contract.ts. A window's cells inside the image are a rectangle
// (window.h clips it), so a window costs its cells inside the image however large ph and pw are. Forward
// passes split by output row (each piece writes its own outputs); backward passes scatter into dx and split
// by image (windows overlap only within an image), adding in the js reference's order so each value of dx
// gets the same additions.
#include <cstdint>
#include <cstring>
#include <vector>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"
#include "window.h"

namespace bp {

namespace {

struct PoolGeometry {
  size_t n, h, w, c, ph, pw, sh, sw, pad_top, pad_left, oh, ow;
  // Whether there is no output value: then the kernels loop over nothing, whatever the other sizes are.
  bool no_outputs() const { return n == 0 || oh == 0 || ow == 0 || c == 0; }
  // The cells of window (oy, ox) inside the image: rows [rows.lo, rows.hi) x columns [cols.lo, cols.hi).
  Taps rows(size_t oy) const { return taps_inside(window_base(oy, sh, pad_top), 1, ph, h); }
  Taps cols(size_t ox) const { return taps_inside(window_base(ox, sw, pad_left), 1, pw, w); }
  size_t first_row(size_t oy, const Taps& r) const { return oy * sh + r.lo - pad_top; }
  size_t first_col(size_t ox, const Taps& c) const { return ox * sw + c.lo - pad_left; }
};

// An empty buffer may be a null pointer, which memset must not get even for no bytes.
void zero_floats(float* p, size_t count) {
  if (count != 0) std::memset(p, 0, count * sizeof(float));
}

// Calls f(b, oy) for every output row of the batch, split over the pool by output row.
template <class F>
void for_output_rows(const PoolGeometry& g, F f) {
  parallel_ranges(
      g.n * g.oh, kParallelCheap / (g.ow * g.c) + 1,
      [&](size_t r0, size_t r1) {
        for (size_t r = r0; r < r1; ++r) f(r / g.oh, r % g.oh);
      },
      1);
}

// Calls f(b) for every image, split over the pool by image, after zeroing that image's dx.
template <class F>
void for_images(const PoolGeometry& g, float* dx, F f) {
  const size_t image = g.h * g.w * g.c;
  parallel_ranges(
      g.n, kParallelCheap / (image + g.oh * g.ow * g.c) + 1,
      [&](size_t b0, size_t b1) {
        for (size_t b = b0; b < b1; ++b) {
          zero_floats(dx + b * image, image);
          f(b, dx + b * image);
        }
      },
      1);
}

// dx of every image is zero when there is no output value to pass back.
void zero_all(const PoolGeometry& g, float* dx) {
  if (g.n != 0 && g.c != 0 && g.h != 0 && g.w != 0) zero_floats(dx, g.n * g.h * g.w * g.c);
}

// float64 scratch of c values for the calling OS thread, kept so steady-state training allocates nothing.
double* channel_scratch(size_t c) {
  thread_local std::vector<double> scratch;
  if (scratch.size() < c) scratch.resize(c);
  return scratch.data();
}

}  // namespace

void max_pool_forward(size_t n, size_t h, size_t w, size_t c, size_t ph, size_t pw, size_t sh, size_t sw,
                      size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* x, float* y,
                      float* argmax) {
  const PoolGeometry g{n, h, w, c, ph, pw, sh, sw, pad_top, pad_left, oh, ow};
  if (g.no_outputs()) return;
  const IsaTable& t = isa();
  for_output_rows(g, [&](size_t b, size_t oy) {
    const Taps rows = g.rows(oy);
    const float* image = x + b * h * w * c;
    size_t o = ((b * oh + oy) * ow) * c;
    for (size_t ox = 0; ox < ow; ++ox, o += c) {
      const Taps cols = g.cols(ox);
      if (rows.lo == rows.hi || cols.lo == cols.hi) {  // no cell inside: y = 0, argmax = -1
        zero_floats(y + o, c);
        for (size_t ch = 0; ch < c; ++ch) argmax[o + ch] = -1.0f;
        continue;
      }
      const size_t y0 = g.first_row(oy, rows), x0 = g.first_col(ox, cols);
      t.max_pool_cell(c, w, y0, y0 + rows.hi - rows.lo, x0, x0 + cols.hi - cols.lo, image, y + o, argmax + o);
    }
  });
}

void max_pool_backward(size_t n, size_t h, size_t w, size_t c, size_t oh, size_t ow, const float* argmax,
                       const float* dy, float* dx) {
  const PoolGeometry g{n, h, w, c, 1, 1, 1, 1, 0, 0, oh, ow};
  if (g.no_outputs()) {
    zero_all(g, dx);
    return;
  }
  // Cells per image. With n, c >= 1 dx holds n * h * w * c floats, so h * w is far below 2^53: exact as a
  // double, and an argmax below it names a cell of the image.
  const size_t cells = h * w;
  const double cells_limit = static_cast<double>(cells);
  const size_t per_image = oh * ow * c;
  for_images(g, dx, [&](size_t b, float* dx_b) {
    const float* a = argmax + b * per_image;
    const float* g_b = dy + b * per_image;
    for (size_t o = 0; o < per_image; o += c) {
      for (size_t ch = 0; ch < c; ++ch) {
        // Untrusted: only an integer in [0, h * w) names a cell (NaN fails both comparisons; a fraction
        // truncates to an index that is not the value).
        const float cell = a[o + ch];
        if (!(cell >= 0.0f && static_cast<double>(cell) < cells_limit)) continue;
        const int64_t index = static_cast<int64_t>(cell);  // signed: converts in one instruction on x86
        if (static_cast<float>(index) == cell) dx_b[static_cast<size_t>(index) * c + ch] += g_b[o + ch];
      }
    }
  });
}

void avg_pool_forward(size_t n, size_t h, size_t w, size_t c, size_t ph, size_t pw, size_t sh, size_t sw,
                      size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* x, float* y) {
  const PoolGeometry g{n, h, w, c, ph, pw, sh, sw, pad_top, pad_left, oh, ow};
  if (g.no_outputs()) return;
  const IsaTable& t = isa();
  for_output_rows(g, [&](size_t b, size_t oy) {
    double* sums = channel_scratch(c);
    const Taps rows = g.rows(oy);
    const float* image = x + b * h * w * c;
    size_t o = ((b * oh + oy) * ow) * c;
    for (size_t ox = 0; ox < ow; ++ox, o += c) {
      const Taps cols = g.cols(ox);
      const size_t count = (rows.hi - rows.lo) * (cols.hi - cols.lo);
      if (count == 0) {  // no cell inside: the mean of nothing is taken as 0
        zero_floats(y + o, c);
        continue;
      }
      // float64 sums over the window in row-major order (the js reference's order), one per channel:
      // a window row is a run of cells, each a row of c channels.
      const size_t y0 = g.first_row(oy, rows), x0 = g.first_col(ox, cols);
      for (size_t ch = 0; ch < c; ++ch) sums[ch] = 0.0;
      for (size_t iy = y0; iy < y0 + rows.hi - rows.lo; ++iy) {
        t.column_sums_add(cols.hi - cols.lo, c, c, image + (iy * w + x0) * c, sums);
      }
      const double d = static_cast<double>(count);
      for (size_t ch = 0; ch < c; ++ch) y[o + ch] = static_cast<float>(sums[ch] / d);
    }
  });
}

void avg_pool_backward(size_t n, size_t h, size_t w, size_t c, size_t ph, size_t pw, size_t sh, size_t sw,
                       size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* dy, float* dx) {
  const PoolGeometry g{n, h, w, c, ph, pw, sh, sw, pad_top, pad_left, oh, ow};
  if (g.no_outputs()) {
    zero_all(g, dx);
    return;
  }
  for_images(g, dx, [&](size_t b, float* dx_b) {
    double* share = channel_scratch(c);
    const float* g_b = dy + b * oh * ow * c;
    for (size_t oy = 0; oy < oh; ++oy) {
      const Taps rows = g.rows(oy);
      for (size_t ox = 0; ox < ow; ++ox, g_b += c) {
        const Taps cols = g.cols(ox);
        const size_t count = (rows.hi - rows.lo) * (cols.hi - cols.lo);
        if (count == 0) continue;
        // Each cell's share dy / count in float64, added in float64 and rounded once per addition, as the
        // js reference's dx[i] += dy / count.
        const double d = static_cast<double>(count);
        for (size_t ch = 0; ch < c; ++ch) share[ch] = static_cast<double>(g_b[ch]) / d;
        const size_t y0 = g.first_row(oy, rows), x0 = g.first_col(ox, cols);
        for (size_t iy = y0; iy < y0 + rows.hi - rows.lo; ++iy) {
          float* cell = dx_b + (iy * w + x0) * c;
          for (size_t ix = cols.lo; ix < cols.hi; ++ix, cell += c) {
            for (size_t ch = 0; ch < c; ++ch) cell[ch] = static_cast<float>(static_cast<double>(cell[ch]) + share[ch]);
          }
        }
      }
    }
  });
}

}  // namespace bp
