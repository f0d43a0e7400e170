// Activations (forward and backward, codes as in the contract), a dense layer's bias and activation in one
// call each way, the perceptron step, row-wise softmax. Elementwise work is split over the pool in
// contiguous pieces; softmax by rows.
#include <algorithm>
#include <vector>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {
namespace {

// identity, relu and leaky relu are memory-bound; the others evaluate exp or tanh per value.
size_t min_parallel(int kind) {
  const auto code = static_cast<ActivationCode>(kind);
  const bool cheap =
      code == ActivationCode::identity || code == ActivationCode::relu || code == ActivationCode::leakyRelu;
  return cheap ? kParallelCheap : kParallelCostly;
}

// Values per block of the fused dense kernels: a block of rows this size (16 KiB) stays in the L1 cache
// between their two passes.
constexpr size_t kBlockFloats = 4096;

size_t rows_per_block(size_t cols) { return cols == 0 ? 1 : std::max<size_t>(1, kBlockFloats / cols); }

}  // namespace

void bias_activation_forward(int kind, size_t rows, size_t cols, float alpha, const float* bias, float* z,
                             float* y) {
  const auto& t = isa();
  const size_t block = rows_per_block(cols);
  // Split by rows (as bias_add): each piece adds the bias to its rows and applies f, a block at a time.
  parallel_ranges(rows, cols == 0 ? rows + 1 : min_parallel(kind) / cols + 1, [&](size_t r0, size_t r1) {
    for (size_t b = r0; b < r1; b += block) {
      const size_t e = std::min(r1, b + block);
      t.bias_add(e - b, cols, bias, z + b * cols);
      t.activation_forward(kind, (e - b) * cols, alpha, z + b * cols, y + b * cols);
    }
  }, 1);
}

void activation_bias_backward(int kind, size_t rows, size_t cols, float alpha, const float* x, const float* y,
                              const float* dy, float* dx, float* dbias) {
  const auto& t = isa();
  // float64 column accumulators, kept per OS thread so steady-state training allocates nothing (bias_grad's).
  thread_local std::vector<double> acc;
  if (acc.size() < cols) acc.resize(cols);
  double* sums = acc.data();
  const size_t block = rows_per_block(cols);
  // Rows [r0, r1) of every column: dx = dy * f'(x) a block of rows at a time, each block's rows added to
  // `into` while they are in cache.
  auto rows_of_all_columns = [&](size_t r0, size_t r1, double* into) {
    for (size_t b = r0; b < r1; b += block) {
      const size_t e = std::min(r1, b + block);
      t.activation_backward(kind, (e - b) * cols, alpha, x + b * cols, y + b * cols, dy + b * cols, dx + b * cols);
      t.column_sums_add(e - b, cols, cols, dx + b * cols, into);
    }
  };
  if (rows * cols < min_parallel(kind)) {  // one piece: the sums run in row order, as bias_grad's
    for (size_t c = 0; c < cols; ++c) sums[c] = 0.0;
    rows_of_all_columns(0, rows, sums);
  } else if (cols < kColumnSplitMin) {  // narrow: pieces of rows, summed in fixed blocks (parallel.h)
    column_sums_in_blocks(rows, cols, rows_of_all_columns, sums);
  } else {
    // Split by columns (as bias_grad): each piece owns its columns of dx and of the sums, in row order.
    parallel_ranges(cols, 64, [&](size_t c0, size_t c1) {
      const size_t width = c1 - c0;
      for (size_t c = c0; c < c1; ++c) sums[c] = 0.0;
      for (size_t b = 0; b < rows; b += block) {
        const size_t e = std::min(rows, b + block);
        for (size_t r = b; r < e; ++r) {
          const size_t o = r * cols + c0;
          t.activation_backward(kind, width, alpha, x + o, y + o, dy + o, dx + o);
        }
        t.column_sums_add(e - b, width, cols, dx + b * cols + c0, sums + c0);
      }
    });
  }
  for (size_t c = 0; c < cols; ++c) dbias[c] = static_cast<float>(sums[c]);
}

void activation_forward(int kind, size_t n, float alpha, const float* x, float* y) {
  const auto& t = isa();
  parallel_ranges(n, min_parallel(kind), [&](size_t b, size_t e) {
    t.activation_forward(kind, e - b, alpha, x + b, y + b);
  });
}

void activation_backward(int kind, size_t n, float alpha, const float* x, const float* y, const float* dy,
                         float* dx) {
  const auto& t = isa();
  parallel_ranges(n, min_parallel(kind), [&](size_t b, size_t e) {
    t.activation_backward(kind, e - b, alpha, x + b, y + b, dy + b, dx + b);
  });
}

void step_forward(size_t n, const float* x, float* y) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) { t.step_forward(e - b, x + b, y + b); });
}

void softmax_forward(size_t rows, size_t cols, const float* x, float* y) {
  const auto& t = isa();
  const size_t min_rows = cols == 0 ? rows + 1 : kParallelCostly / cols + 1;
  parallel_ranges(rows, min_rows, [&](size_t r0, size_t r1) {
    t.softmax_forward(r1 - r0, cols, x + r0 * cols, y + r0 * cols);
  }, 1);
}

void softmax_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx) {
  const auto& t = isa();
  const size_t min_rows = cols == 0 ? rows + 1 : kParallelCheap / cols + 1;
  parallel_ranges(rows, min_rows, [&](size_t r0, size_t r1) {
    t.softmax_backward(r1 - r0, cols, y + r0 * cols, dy + r0 * cols, dx + r0 * cols);
  }, 1);
}

void vector_math(int kind, size_t n, const float* x, float* y) { isa().vmath(kind, n, x, y); }

}  // namespace bp
