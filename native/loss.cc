// Losses: each returns the batch value and overwrites grad with its gradient. The sums run over fixed
// blocks (of values, or of rows for the softmax losses) added in order, so the value does not depend on
// the thread count.
#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {
namespace {

constexpr size_t kRowBlock = 64;

double elementwise(double (*fn)(size_t, float, const float*, const float*, float*), size_t count, float g,
                   const float* a, const float* b, float* grad, size_t min_parallel) {
  return blocked_sum(count, kReduceBlock, [&](size_t s, size_t e) { return fn(e - s, g, a + s, b + s, grad + s); },
                     count >= min_parallel);
}

}  // namespace

double mse_loss(size_t rows, size_t cols, const float* pred, const float* target, float* grad) {
  const size_t count = rows * cols;
  const double sum = elementwise(isa().squared_error, count, 2.0f / static_cast<float>(count), pred, target, grad, kParallelCheap);
  return sum / static_cast<double>(count);
}

double sse_loss(size_t rows, size_t cols, const float* pred, const float* target, float* grad) {
  const size_t count = rows * cols;
  const double sum = elementwise(isa().squared_error, count, 1.0f / static_cast<float>(rows), pred, target, grad, kParallelCheap);
  return 0.5 * sum / static_cast<double>(rows);
}

double bce_loss(size_t rows, size_t cols, const float* prob, const float* target, float* grad) {
  const size_t count = rows * cols;
  return elementwise(isa().bce, count, 1.0f / static_cast<float>(count), prob, target, grad, kParallelCostly) /
         static_cast<double>(count);
}

double bce_logits_loss(size_t rows, size_t cols, const float* logits, const float* target, float* grad) {
  const size_t count = rows * cols;
  return elementwise(isa().bce_logits, count, 1.0f / static_cast<float>(count), logits, target, grad, kParallelCostly) /
         static_cast<double>(count);
}

double softmax_cross_entropy(size_t rows, size_t cols, const float* logits, const float* target, float* probs,
                             float* grad) {
  const auto& t = isa();
  const float g = 1.0f / static_cast<float>(rows);
  const double sum = blocked_sum(rows, kRowBlock, [&](size_t r0, size_t r1) {
    const size_t o = r0 * cols;
    return t.softmax_ce(r1 - r0, cols, g, logits + o, target + o, probs + o, grad + o);
  }, rows * cols >= kParallelCostly);
  return sum / static_cast<double>(rows);
}

double sparse_softmax_cross_entropy(size_t rows, size_t cols, const float* logits, const float* labels,
                                    float* probs, float* grad) {
  const auto& t = isa();
  const float g = 1.0f / static_cast<float>(rows);
  const double sum = blocked_sum(rows, kRowBlock, [&](size_t r0, size_t r1) {
    const size_t o = r0 * cols;
    return t.sparse_softmax_ce(r1 - r0, cols, g, logits + o, labels + r0, probs + o, grad + o);
  }, rows * cols >= kParallelCostly);
  return sum / static_cast<double>(rows);
}

}  // namespace bp
