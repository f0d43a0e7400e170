// Inverted dropout with a given mask of 0s and 1s: y = x * mask / (1 - rate), and the same for dy.
#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {

void dropout_forward(size_t n, float rate, const float* mask, const float* x, float* y) {
  const auto& t = isa();
  const float keep_scale = 1.0f / (1.0f - rate);
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) { t.masked_scale(e - b, keep_scale, mask + b, x + b, y + b); });
}

void dropout_backward(size_t n, float rate, const float* mask, const float* dy, float* dx) {
  dropout_forward(n, rate, mask, dy, dx);  // the same map: the gradient flows only where the value did
}

}  // namespace bp
