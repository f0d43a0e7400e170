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

// rho arrives as a double so 1 - rho is the js and wasm backends' (and PyTorch's) float.
void rmsprop_step(size_t n, float lr, double rho, float epsilon, float* params, const float* grads,
                  float* mean_square) {
  const auto& t = isa();
  const float r = static_cast<float>(rho), rest = static_cast<float>(1.0 - rho);
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) {
    t.rmsprop(e - b, lr, r, rest, epsilon, params + b, grads + b, mean_square + b);
  });
}

// The arguments arrive as doubles (not rounded to float first) so the constants are those of the js and wasm
// backends, and of PyTorch, which computes them from Python floats.
void adam_step(size_t n, double lr, double beta1, double beta2, double epsilon, double step, double weight_decay,
               float* params, const float* grads, float* m, float* v) {
  const auto& t = isa();
  const AdamConstants c{
      static_cast<float>(-(lr / (1.0 - std::pow(beta1, step)))),
      static_cast<float>(std::sqrt(1.0 - std::pow(beta2, step))),
      static_cast<float>(1.0 - lr * weight_decay),
      static_cast<float>(beta1),
      static_cast<float>(1.0 - beta1),
      static_cast<float>(beta2),
      static_cast<float>(1.0 - beta2),
      static_cast<float>(epsilon),
  };
  parallel_ranges(n, kParallelCheap, [&](size_t b, size_t e) {
    t.adam(e - b, c, params + b, grads + b, m + b, v + b);
  });
}

}  // namespace bp
