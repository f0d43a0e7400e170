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

// Per-column scratch (scale, low part of the mean; float64 statistics and sums), kept per OS thread so
// steady-state training allocates nothing.
float* scratch(size_t floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < floats) buffer.resize(floats);
  return buffer.data();
}

double* scratch_f64(size_t doubles) {
  thread_local std::vector<double> buffer;
  if (buffer.size() < doubles) buffer.resize(doubles);
  return buffer.data();
}

// Runs f on column ranges: one piece for small batches, else pieces shared out over the pool.
void column_pieces(size_t rows, size_t cols, const std::function<void(size_t, size_t)>& f) {
  if (rows * cols < kParallelCheap) {
    f(0, cols);
    return;
  }
  parallel_ranges(cols, 64, [&](size_t c0, size_t c1) { f(c0, c1); });
}

}  // namespace

void batch_norm_forward_train(size_t rows, size_t cols, float epsilon, float momentum, const float* x,
                              const float* gamma, const float* beta, float* running_mean, float* running_var,
                              float* y, float* save_mean, float* save_inv_std) {
  const auto& t = isa();
  float* scale = scratch(2 * cols);
  float* mean_lo = scale + cols;
  double* mean = scratch_f64(2 * cols);
  double* var = mean + cols;
  column_pieces(rows, cols, [&](size_t c0, size_t c1) {
    t.bn_mean_var(rows, c1 - c0, cols, x + c0, mean + c0, var + c0);
  });
  // The float64 statistics, as the js reference forms them; the mean is kept as a float pair hi + lo
  // (about 48 bits) so that x - mean stays accurate in the float32 pass when |mean| >> spread.
  for (size_t c = 0; c < cols; ++c) {
    save_mean[c] = static_cast<float>(mean[c]);
    mean_lo[c] = static_cast<float>(mean[c] - static_cast<double>(save_mean[c]));
    const float inv_std = static_cast<float>(1.0 / std::sqrt(var[c] + static_cast<double>(epsilon)));
    save_inv_std[c] = inv_std;
    scale[c] = gamma[c] * inv_std;
    running_mean[c] = static_cast<float>(momentum * static_cast<double>(running_mean[c]) + (1.0 - momentum) * mean[c]);
    running_var[c] = static_cast<float>(momentum * static_cast<double>(running_var[c]) + (1.0 - momentum) * var[c]);
  }
  parallel_ranges(rows, kParallelCheap / (cols + 1) + 1, [&](size_t r0, size_t r1) {
    t.bn_scale_shift(r1 - r0, cols, x + r0 * cols, save_mean, mean_lo, scale, beta, y + r0 * cols);
  }, 1);
}

void batch_norm_forward_inference(size_t rows, size_t cols, float epsilon, const float* x, const float* gamma,
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

void batch_norm_backward(size_t rows, size_t cols, const float* x, const float* gamma, const float* save_mean,
                         const float* save_inv_std, const float* dy, float* dx, float* dgamma, float* dbeta) {
  const auto& t = isa();
  float* k1 = scratch(cols);
  double* acc = scratch_f64(2 * cols);
  column_pieces(rows, cols, [&](size_t c0, size_t c1) {
    // Each piece gets its own 2 * (c1 - c0) doubles of acc: columns [2 c0, 2 c1).
    t.bn_backward_sums(rows, c1 - c0, cols, x + c0, dy + c0, save_mean + c0, save_inv_std + c0, acc + 2 * c0,
                       dgamma + c0, dbeta + c0);
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
