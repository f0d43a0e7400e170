// Activations (forward and backward, codes as in the contract), the perceptron step, row-wise softmax.
// Elementwise work is split over the pool in contiguous pieces; softmax by rows.
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

}  // namespace

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
