// The table of hot loops one instruction set provides, and the choice of table made once at load.
//
// Every entry works on a range the caller (the kernel family files: gemm.cc, activation.cc, ...) hands
// it, so the family files own threading and the per-ISA libraries own the arithmetic. Sizes are in
// elements; all buffers are float32 and row-major. This header holds declarations only: no inline code,
// because it is included both by baseline code and by the libraries built with wide flags.
#pragma once
#include <cstddef>

#include "generated/manifest.h"

namespace bp {

// One C = alpha * op(A) * op(B) + beta * C problem, with row strides (lda, ldb, ldc) so a thread can be
// handed a sub-block by offsetting the pointers.
struct GemmProblem {
  bool trans_a, trans_b;
  size_t m, n, k;
  float alpha, beta;
  const float* a;
  size_t lda;
  const float* b;
  size_t ldb;
  float* c;
  size_t ldc;
};

// Whether the blocked kernel reads op(A) in place instead of packing it: when one k block of A (kc deep)
// stays in L2 between column panels, or when there are so few column panels (n <= 4 nr) that A is read
// only a few times anyway. The per-ISA kernel (simd/gemm_kernel.inl) and the thread split (gemm.cc) share it.
inline bool gemm_reads_a_in_place(size_t m, size_t n, size_t k, size_t kc, size_t nr, size_t in_place_floats) {
  return m * (k < kc ? k : kc) <= in_place_floats || n <= 4 * nr;
}

// One Adam / AdamW step's constants, as PyTorch's torch.optim.Adam and AdamW compute them for float32
// parameters: each computed in double from the step's arguments and rounded once to float
// (neg_step_size = -lr / (1 - beta1^t), correction2 = sqrt(1 - beta2^t), decay = 1 - lr weightDecay,
// rest1 = 1 - beta1, rest2 = 1 - beta2). Per value, in float: w = w decay; m = m beta1 + rest1 g;
// v = v beta2 + (rest2 g) g; w = w + (neg_step_size m) / (sqrt(v) / correction2 + epsilon).
struct AdamConstants {
  float neg_step_size, correction2, decay, beta1, rest1, beta2, rest2, epsilon;
};

struct IsaTable {
  const char* name;

  // ---- gemm (gemm.cc drives it)
  // Computes the whole problem on the calling thread with packing and cache blocking. `workspace`
  // holds gemm_workspace_floats floats, 64-byte aligned.
  void (*gemm)(const GemmProblem& p, float* workspace);
  size_t gemm_workspace_floats;
  size_t gemm_mr, gemm_nr;  // register tile, so gemm.cc splits C along tile boundaries
  // The same for m <= gemm_small_m_rows (not both operands transposed), streaming B without packing it;
  // no workspace.
  void (*gemm_small_m)(const GemmProblem& p);
  size_t gemm_small_m_rows;
  size_t gemm_kc, gemm_in_place_a_floats;  // for gemm_reads_a_in_place (gemm.cc chooses how to split C)

  // ---- bias
  void (*bias_add)(size_t rows, size_t cols, const float* bias, float* y);
  // dbias[c] = sum_r dy[r * ld + c] for c in [0, cols): the caller offsets dy and dbias to a column range.
  // Summed in float64 in acc (cols doubles of scratch, offset like dbias), rounded once.
  void (*column_sums)(size_t rows, size_t cols, size_t ld, const float* dy, double* acc, float* dbias);
  // acc[c] += sum_r dy[r * ld + c] in float64, row by row (column_sums is: zero acc, this, round).
  void (*column_sums_add)(size_t rows, size_t cols, size_t ld, const float* dy, double* acc);

  // ---- activation (kind: an ActivationCode, generated/manifest.h)
  void (*activation_forward)(int kind, size_t n, float alpha, const float* x, float* y);
  void (*activation_backward)(int kind, size_t n, float alpha, const float* x, const float* y,
                              const float* dy, float* dx);
  void (*step_forward)(size_t n, const float* x, float* y);
  void (*softmax_forward)(size_t rows, size_t cols, const float* x, float* y);
  void (*softmax_backward)(size_t rows, size_t cols, const float* y, const float* dy, float* dx);

  // ---- loss: each returns the SUM (accumulated in float64) of the per-value (or per-row) loss over its range, and writes
  // grad = g * d(loss)/d(input), g being the caller's normalisation (1 / count).
  double (*squared_error)(size_t n, float g, const float* pred, const float* target, float* grad);
  double (*bce)(size_t n, float g, const float* prob, const float* target, float* grad);
  double (*bce_logits)(size_t n, float g, const float* logits, const float* target, float* grad);
  double (*softmax_ce)(size_t rows, size_t cols, float g, const float* logits, const float* target,
                       float* probs, float* grad);
  // labels are already checked to be integers in [0, cols).
  double (*sparse_softmax_ce)(size_t rows, size_t cols, float g, const float* logits, const float* labels,
                              float* probs, float* grad);

  // ---- batchnorm (column ranges: the caller offsets pointers; ld is the full row length)
  // Column means and biased variances (rows >= 1), accumulated and returned in float64.
  void (*bn_mean_var)(size_t rows, size_t cols, size_t ld, const float* x, double* mean, double* var);
  // y[r, c] = (x[r, c] - mean_hi[c] - mean_lo[c]) * scale[c] + beta[c] over rows x cols (contiguous rows).
  // Centring first keeps y accurate when |mean| is large against the spread.
  void (*bn_scale_shift)(size_t rows, size_t cols, const float* x, const float* mean_hi, const float* mean_lo,
                         const float* scale, const float* beta, float* y);
  // dbeta = sum_r dy, dgamma = sum_r dy * (x - mean) * invstd, over a column range, summed in float64
  // in acc (2 * cols doubles of scratch).
  void (*bn_backward_sums)(size_t rows, size_t cols, size_t ld, const float* x, const float* dy,
                           const float* mean, const float* invstd, double* acc, float* dgamma, float* dbeta);
  // dx = k1[c] * (rows_total * dy - dbeta[c] - (x - mean[c]) * invstd[c] * dgamma[c]) over rows x cols,
  // k1 = gamma * invstd / rows_total.
  void (*bn_backward_dx)(size_t rows, size_t cols, float rows_total, const float* x, const float* dy,
                         const float* mean, const float* invstd, const float* k1, const float* dgamma,
                         const float* dbeta, float* dx);

  // ---- dropout: y = x * mask * scale (forward and backward alike).
  void (*masked_scale)(size_t n, float scale, const float* mask, const float* x, float* y);

  // ---- optimizer
  void (*sgd)(size_t n, float lr, float* w, const float* g);
  void (*momentum)(size_t n, float lr, float mom, bool nesterov, float* w, const float* g, float* v);
  // AdaGrad: h = h + g g; w = w + (-lr g) / (sqrt(h) + eps). RMSprop: h = h rho + (rest g) g, then the same
  // w, rest being 1 - rho computed in double and rounded once (as PyTorch computes both in float).
  void (*adagrad)(size_t n, float lr, float eps, float* w, const float* g, float* h);
  void (*rmsprop)(size_t n, float lr, float rho, float rest, float eps, float* w, const float* g, float* h);
  void (*adam)(size_t n, const AdamConstants& c, float* w, const float* g, float* m, float* v);

  // ---- norm
  double (*sum_of_squares)(size_t n, const float* x);
  void (*scale)(size_t n, float s, float* x);
  void (*clip)(size_t n, float lo, float hi, float* x);
  void (*axpy)(size_t n, float alpha, const float* x, float* y);
  // g += l1 sign(w) + l2 w (sign(0) = 0).
  void (*regularizer_gradient)(size_t n, float l1, float l2, const float* w, float* g);
  // y = x; y may be x itself.
  void (*copy)(size_t n, const float* x, float* y);
  // out[c] = sum_r w[r * ld + c]^2 over a column range, in float64; then w[r, c] *= factor[c].
  void (*column_sums_of_squares)(size_t rows, size_t cols, size_t ld, const float* w, double* out);
  void (*scale_columns)(size_t rows, size_t cols, const float* factor, float* w);

  // ---- pooling (pool.cc drives it)
  // One output cell of max pooling over its c channels: y[ch] = the largest of image[(iy * w + ix) * c + ch]
  // over the window [y0, y1) x [x0, x1) (non-empty, inside the image) in row-major order, the first NaN
  // winning, and argmax[ch] = iy * w + ix of the first largest, as float32.
  void (*max_pool_cell)(size_t c, size_t w, size_t y0, size_t y1, size_t x0, size_t x1, const float* image,
                        float* y, float* argmax);

  // ---- vector math, exposed for the accuracy tests (kind: 0 exp, 1 log, 2 tanh, 3 sigmoid, 4 gelu Phi)
  void (*vmath)(int kind, size_t n, const float* x, float* y);
};

// The table in use. Chosen on first call from the CPU (cpuid on x86) capped by BACKPROP_NATIVE_ISA.
const IsaTable& isa();
// Why BACKPROP_NATIVE_ISA cannot be honoured (it names no level of this build), or "" when it can or is
// unset (nullptr). The binding refuses to load with this message, so a typo never silently runs another
// level.
const char* isa_request_error();
// What the CPU supports, widest first, e.g. "avx2,sse2,scalar".
const char* isa_supported();
// Switches to a level by name if the CPU supports it; returns false otherwise (used by tests).
bool isa_select(const char* name);

// Per-ISA constructors, defined in isa_<name>.cc.
namespace scalar { void fill_table(IsaTable& t); }
#if defined(__x86_64__) || defined(_M_X64)
namespace sse2 { void fill_table(IsaTable& t); }
namespace avx2 { void fill_table(IsaTable& t); }
namespace avx512 { void fill_table(IsaTable& t); }
#endif
#if defined(__aarch64__)
namespace neon { void fill_table(IsaTable& t); }
#endif

}  // namespace bp
