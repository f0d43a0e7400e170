// Bias: y[r, c] += bias[c] (y: rows x cols), and its gradient dbias[c] = sum_r dy[r, c].
#include <vector>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {

void bias_add(size_t rows, size_t cols, const float* bias, float* y) {
  const auto& t = isa();
  // Split by rows: each piece adds the bias to its own rows.
  parallel_ranges(rows, cols == 0 ? rows + 1 : kParallelCheap / cols + 1,
                  [&](size_t r0, size_t r1) { t.bias_add(r1 - r0, cols, bias, y + r0 * cols); }, 1);
}

void bias_grad(size_t rows, size_t cols, const float* dy, float* dbias) {
  const auto& t = isa();
  // float64 column accumulators, kept per OS thread so steady-state training allocates nothing.
  thread_local std::vector<double> acc;
  if (acc.size() < cols) acc.resize(cols);
  double* sums = acc.data();
  if (rows * cols < kParallelCheap) {
    t.column_sums(rows, cols, cols, dy, sums, dbias);
    return;
  }
  if (cols < kColumnSplitMin) {  // narrow: pieces of rows, summed in fixed blocks (parallel.h)
    auto block = [&](size_t r0, size_t r1, double* into) {
      t.column_sums_add(r1 - r0, cols, cols, dy + r0 * cols, into);
    };
    column_sums_in_blocks(rows, cols, block, sums);
    for (size_t c = 0; c < cols; ++c) dbias[c] = static_cast<float>(sums[c]);
    return;
  }
  // Split by columns: each piece sums its own columns over all rows (same order as one thread).
  parallel_ranges(cols, 64, [&](size_t c0, size_t c1) {
    t.column_sums(rows, c1 - c0, cols, dy + c0, sums + c0, dbias + c0);
  });
}

}  // namespace bp
