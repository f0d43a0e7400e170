// Batch normalisation over the rows (samples) of each column (feature): training forward, inference
// forward, backward. Column statistics are split over the pool by columns, the elementwise passes by
// rows; every output element is computed by one piece in a fixed order.
#include <cmath>
#include <functional>
#include <vector>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {
namespace {

// Per-column scratch (variance, scale, low part of the mean), kept per OS thread so steady-state training allocates nothing.
float* scratch(size_t floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < floats) buffer.resize(floats);
  return buffer.data();
}

// Runs f on column ranges: one piece for small batches, else one per thread.
void column_pieces(size_t rows, size_t cols, const std::function<void(size_t, size_t)>& f) {
  if (rows * cols < kParallelCheap) {
    f(0, cols);
    return;
  }
  parallel_ranges(cols, 64, [&](size_t c0, size_t c1) { f(c0, c1); });
}

}  // namespace

void batchnorm_forward_train(size_t rows, size_t cols, float epsilon, float momentum, const float* x,
                             const float* gamma, const float* beta, float* running_mean, float* running_var,
                             float* y, float* save_mean, float* save_inv_std) {
  const auto& t = isa();
  float* var = scratch(3 * cols);
  float* scale = var + cols;
  float* mean_lo = scale + cols;
  column_pieces(rows, cols, [&](size_t c0, size_t c1) {
    t.bn_mean_var(rows, c1 - c0, cols, x + c0, save_mean + c0, mean_lo + c0, var + c0);
  });
  for (size_t c = 0; c < cols; ++c) {
    const float inv_std = 1.0f / std::sqrt(var[c] + epsilon);
    save_inv_std[c] = inv_std;
    scale[c] = gamma[c] * inv_std;
    running_mean[c] = momentum * running_mean[c] + (1.0f - momentum) * save_mean[c];
    running_var[c] = momentum * running_var[c] + (1.0f - momentum) * var[c];
  }
  parallel_ranges(rows, kParallelCheap / (cols + 1) + 1, [&](size_t r0, size_t r1) {
    t.bn_scale_shift(r1 - r0, cols, x + r0 * cols, save_mean, mean_lo, scale, beta, y + r0 * cols);
  }, 1);
}

void batchnorm_forward_inference(size_t rows, size_t cols, float epsilon, const float* x, const float* gamma,
                                 const float* beta, const float* running_mean, const float* running_var,
                                 float* y) {
  const auto& t = isa();
  float* scale = scratch(2 * cols);
  float* zero = scale + cols;  // the running mean is a plain float: no low part
  for (size_t c = 0; c < cols; ++c) {
    scale[c] = gamma[c] / std::sqrt(running_var[c] + epsilon);
    zero[c] = 0.0f;
  }
  parallel_ranges(rows, kParallelCheap / (cols + 1) + 1, [&](size_t r0, size_t r1) {
    t.bn_scale_shift(r1 - r0, cols, x + r0 * cols, running_mean, zero, scale, beta, y + r0 * cols);
  }, 1);
}

void batchnorm_backward(size_t rows, size_t cols, const float* x, const float* gamma, const float* save_mean,
                        const float* save_inv_std, const float* dy, float* dx, float* dgamma, float* dbeta) {
  const auto& t = isa();
  float* k1 = scratch(cols);
  column_pieces(rows, cols, [&](size_t c0, size_t c1) {
    t.bn_backward_sums(rows, c1 - c0, cols, x + c0, dy + c0, save_mean + c0, save_inv_std + c0, dgamma + c0,
                       dbeta + c0);
  });
  const float n = static_cast<float>(rows);
  for (size_t c = 0; c < cols; ++c) k1[c] = gamma[c] * save_inv_std[c] / n;
  // dx may alias dy: each element of dx is written after its dy was read, in the same piece.
  parallel_ranges(rows, kParallelCheap / (cols + 1) + 1, [&](size_t r0, size_t r1) {
    t.bn_backward_dx(r1 - r0, cols, n, x + r0 * cols, dy + r0 * cols, save_mean, save_inv_std, k1, dgamma, dbeta,
                     dx + r0 * cols);
  }, 1);
}

}  // namespace bp
