// Norm kernels: max-norm projection of dense kernels, sum of squares (for the global gradient norm),
// scale, clip by value, axpy, the L1/L2 penalty gradient, copy.
#include <cmath>
#include <vector>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {

void max_norm_project(size_t rows, size_t cols, float max_value, float* w) {
  const auto& t = isa();
  thread_local std::vector<double> sums;
  thread_local std::vector<float> factor;
  if (sums.size() < cols) sums.resize(cols);
  if (factor.size() < cols) factor.resize(cols);
  t.column_sums_of_squares(rows, cols, cols, w, sums.data());
  // The norm and the factor in float64 from the float64 sums, as the js reference forms them.
  for (size_t c = 0; c < cols; ++c) {
    const double norm = std::sqrt(sums[c]);
    const double limit = static_cast<double>(max_value);
    factor[c] = static_cast<float>((norm < limit ? norm : limit) / (norm + 1e-7));
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

void regularizer_gradient(size_t n, float l1, float l2, const float* w, float* grad) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) {
    t.regularizer_gradient(e - b, l1, l2, w + b, grad + b);
  });
}

void copy(size_t n, const float* x, float* y) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) { t.copy(e - b, x + b, y + b); });
}

}  // namespace bp
