// Norm kernels: max-norm projection of dense kernels, sum of squares (for the global gradient norm),
// scale, clip by value, axpy.
#include <cmath>
#include <vector>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {

void max_norm_project(size_t rows, size_t cols, float max_value, float* w) {
  const auto& t = isa();
  thread_local std::vector<float> factor;
  if (factor.size() < cols) factor.resize(cols);
  t.column_sums_of_squares(rows, cols, cols, w, factor.data());
  for (size_t c = 0; c < cols; ++c) {
    const float norm = std::sqrt(factor[c]);
    const float target = norm < max_value ? norm : max_value;
    factor[c] = target / (norm + 1e-7f);
  }
  t.scale_columns(rows, cols, factor.data(), w);
}

double sum_of_squares(size_t n, const float* x) {
  const auto& t = isa();
  return blocked_sum(n, kReduceBlock, [&](size_t b, size_t e) { return t.sum_of_squares(e - b, x + b); },
                     n >= kParallelCheap);
}

void scale(size_t n, float s, float* x) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) { t.scale(e - b, s, x + b); });
}

void clip_by_value(size_t n, float lo, float hi, float* x) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) { t.clip(e - b, lo, hi, x + b); });
}

void axpy(size_t n, float alpha, const float* x, float* y) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) { t.axpy(e - b, alpha, x + b, y + b); });
}

}  // namespace bp
