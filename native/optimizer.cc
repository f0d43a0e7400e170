// Optimizer steps over a whole flat parameter buffer (formulas in the contract), split over the pool
// in contiguous pieces: every parameter is updated by exactly one piece.
#include <cmath>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {

void sgd_step(size_t n, float lr, float* params, const float* grads) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) { t.sgd(e - b, lr, params + b, grads + b); });
}

void momentum_step(size_t n, float lr, float momentum, bool nesterov, float* params, const float* grads,
                   float* velocity) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) {
    t.momentum(e - b, lr, momentum, nesterov, params + b, grads + b, velocity + b);
  });
}

void adagrad_step(size_t n, float lr, float epsilon, float* params, const float* grads, float* accum) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) {
    t.adagrad(e - b, lr, epsilon, params + b, grads + b, accum + b);
  });
}

void rmsprop_step(size_t n, float lr, float rho, float epsilon, float* params, const float* grads,
                  float* mean_square) {
  const auto& t = isa();
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) {
    t.rmsprop(e - b, lr, rho, epsilon, params + b, grads + b, mean_square + b);
  });
}

void adam_step(size_t n, float lr, float beta1, float beta2, float epsilon, double step, float weight_decay,
               float* params, const float* grads, float* m, float* v) {
  const auto& t = isa();
  // Bias corrections in double: 1 - beta^t loses digits in float when beta is close to 1.
  const float bc1 = static_cast<float>(1.0 - std::pow(static_cast<double>(beta1), step));
  const float bc2 = static_cast<float>(1.0 - std::pow(static_cast<double>(beta2), step));
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) {
    t.adam(e - b, lr, beta1, beta2, epsilon, bc1, bc2, weight_decay, params + b, grads + b, m + b, v + b);
  });
}

}  // namespace bp
