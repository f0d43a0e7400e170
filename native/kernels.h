// The kernel contract (src/backends/contract.ts) in C++: one function per kernel, named as the kernel in
// snake case and taking its arguments in the manifest's order, already checked by the binding (args.h,
// entry.h, which fails to compile when a function here drifts from its spec). Shapes are in the
// contract's comments; all buffers are float32, row-major, but gather_byte_rows's bytes and indices. Each
// family lives in the .cc file of the same name, next to its naive reference where one is useful.
#pragma once
#include <cstddef>
#include <cstdint>

namespace bp {

// gemm.cc
void gemm(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a,
          const float* b, float beta, float* c);
// The textbook triple loop (double accumulation), for tests and the benchmark's baseline.
void gemm_reference(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a,
                    const float* b, float beta, float* c);

// bias.cc
void bias_add(size_t rows, size_t cols, const float* bias, float* y);
void bias_grad(size_t rows, size_t cols, const float* dy, float* dbias);

// activation.cc
void activation_forward(int kind, size_t n, float alpha, const float* x, float* y);
void activation_backward(int kind, size_t n, float alpha, const float* x, const float* y, const float* dy,
                         float* dx);
void bias_activation_forward(int kind, size_t rows, size_t cols, float alpha, const float* bias, float* z, float* y);
void activation_bias_backward(int kind, size_t rows, size_t cols, float alpha, const float* x, const float* y,
                              const float* dy, float* dx, float* dbias);
void step_forward(size_t n, const float* x, float* y);
void softmax_forward(size_t rows, size_t cols, const float* x, float* y);
void softmax_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx);
void vector_math(int kind, size_t n, const float* x, float* y);  // test hook, see simd/vmath.inl

// loss.cc
double mse_loss(size_t rows, size_t cols, const float* pred, const float* target, float* grad);
double sse_loss(size_t rows, size_t cols, const float* pred, const float* target, float* grad);
double bce_loss(size_t rows, size_t cols, const float* prob, const float* target, float* grad);
double bce_logits_loss(size_t rows, size_t cols, const float* logits, const float* target, float* grad);
double softmax_cross_entropy(size_t rows, size_t cols, const float* logits, const float* target, float* probs,
                             float* grad);
double sparse_softmax_cross_entropy(size_t rows, size_t cols, const float* logits, const float* labels,
                                    float* probs, float* grad);

// batchnorm.cc
void batch_norm_forward_train(size_t rows, size_t cols, float epsilon, float momentum, const float* x,
                              const float* gamma, const float* beta, float* running_mean, float* running_var,
                              float* y, float* save_mean, float* save_inv_std);
void batch_norm_forward_inference(size_t rows, size_t cols, float epsilon, const float* x, const float* gamma,
                                  const float* beta, const float* running_mean, const float* running_var,
                                  float* y);
void batch_norm_backward(size_t rows, size_t cols, const float* x, const float* gamma, const float* save_mean,
                         const float* save_inv_std, const float* dy, float* dx, float* dgamma, float* dbeta);

// dropout.cc
void dropout_forward(size_t n, float rate, const float* mask, const float* x, float* y);
void dropout_backward(size_t n, float rate, const float* mask, const float* dy, float* dx);

// optimizer.cc
void sgd_step(size_t n, float lr, float* params, const float* grads);
void momentum_step(size_t n, float lr, float momentum, bool nesterov, float* params, const float* grads,
                   float* velocity);
void adagrad_step(size_t n, float lr, float epsilon, float* params, const float* grads, float* accum);
void rmsprop_step(size_t n, float lr, double rho, float epsilon, float* params, const float* grads,
                  float* mean_square);
void adam_step(size_t n, double lr, double beta1, double beta2, double epsilon, double step, double weight_decay,
               float* params, const float* grads, float* m, float* v);

// norm.cc
void max_norm_project(size_t rows, size_t cols, float max_value, float* w);
double sum_of_squares(size_t n, const float* x);
void scale(size_t n, float s, float* x);
void clip_by_value(size_t n, float lo, float hi, float* x);
void axpy(size_t n, float alpha, const float* x, float* y);
void regularizer_gradient(size_t n, float l1, float l2, const float* w, float* grad);
void copy(size_t n, const float* x, float* y);

// conv.cc
void im2col(size_t n, size_t h, size_t w, size_t c, size_t kh, size_t kw, size_t sh, size_t sw, size_t dh,
            size_t dw, size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* x, float* cols);
void col2im(size_t n, size_t h, size_t w, size_t c, size_t kh, size_t kw, size_t sh, size_t sw, size_t dh,
            size_t dw, size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* cols, float* dx);

// pool.cc
void max_pool_forward(size_t n, size_t h, size_t w, size_t c, size_t ph, size_t pw, size_t sh, size_t sw,
                      size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* x, float* y,
                      float* argmax);
void max_pool_backward(size_t n, size_t h, size_t w, size_t c, size_t oh, size_t ow, const float* argmax,
                       const float* dy, float* dx);
void avg_pool_forward(size_t n, size_t h, size_t w, size_t c, size_t ph, size_t pw, size_t sh, size_t sw,
                      size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* x, float* y);
void avg_pool_backward(size_t n, size_t h, size_t w, size_t c, size_t ph, size_t pw, size_t sh, size_t sw,
                       size_t pad_top, size_t pad_left, size_t oh, size_t ow, const float* dy, float* dx);

// gather.cc (x: rows x cols bytes, order: count row indices, each below rows)
void gather_byte_rows(size_t rows, size_t cols, size_t count, double scale, const uint8_t* x,
                      const uint32_t* order, float* y);

}  // namespace bp
