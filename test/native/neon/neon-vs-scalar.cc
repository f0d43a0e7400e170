// Every entry of the NEON table (native/isa_neon.cc) against the same entry of the scalar table
// (native/isa_scalar.cc) on seeded inputs at awkward sizes: 1, 3, 7, 17, 33, 65, 257 and sizes just past
// a vector body or a 1024-value summation block, so bodies and tails both run. Built for AArch64 by
// test/native/neon-qemu.test.ts and run under qemu-aarch64; prints one line per kernel with the worst
// error as a fraction of its tolerance, and exits 1 if any value is outside.
//
// Tolerances (|neon - scalar| <= atol + rtol |scalar|, per value):
//   exact:      one rounding per value in both (add, mul, select, max/min, copies, column sums taken in
//               the same order): bit-identical, NaN where the other has NaN.
//   fused:      formulas with a multiply-add, fused on NEON and unfused on the scalar level, or sums
//               taken in another order (4 lanes against 1): atol 1e-6, rtol 1e-5 for values of order 1.
//   vector math (exp, log, tanh, sigmoid, Phi and what uses them): atol 2e-6, rtol 2e-5, the bound the
//               equivalence suite gives SIMD transcendental code against the JavaScript reference.
//   gemm:       each element within 2 (k + 2) u (|alpha| sum_p |a||b| + |beta c|), the float32 bound for a
//               dot product of length k summed in any order (u = 2^-24).
//   sums returned in double: relative 1e-5 of the sum of the terms' magnitudes.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "dispatch.h"

namespace {

using bp::AdamConstants;
using bp::IsaTable;

IsaTable neon_table, scalar_table;

// SplitMix64: the same stream on every platform.
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  float uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>((next() >> 40) * 0x1.0p-24); }
  std::vector<float> vec(size_t n, float lo, float hi) {
    std::vector<float> v(n);
    for (auto& x : v) x = uniform(lo, hi);
    return v;
  }
};

struct Tol {
  double atol, rtol;
};
constexpr Tol kExact{0, 0};
constexpr Tol kFused{1e-6, 1e-5};
constexpr Tol kVmath{2e-6, 2e-5};

// Worst error per kernel, as a fraction of the allowed error (exact kernels: the count of differing values).
struct Kernel {
  std::string name;
  int checks = 0;
  int failures = 0;
  double worst = 0;  // max |d| / (atol + rtol |ref|), or max |d| for exact comparisons
};
std::vector<Kernel> kernels;

Kernel& kernel(const std::string& name) {
  for (auto& k : kernels)
    if (k.name == name) return k;
  kernels.push_back(Kernel{name});
  return kernels.back();
}

bool same_bits_or_both_nan(float a, float b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// Compares n values; `allowed` gives each value's own bound when not null (gemm).
void compare(const std::string& name, const std::string& where, const float* got, const float* want, size_t n, Tol tol,
             const double* allowed = nullptr) {
  Kernel& k = kernel(name);
  for (size_t i = 0; i < n; ++i) {
    ++k.checks;
    const double g = got[i], w = want[i];
    bool ok;
    double fraction;
    if (tol.atol == 0 && tol.rtol == 0 && allowed == nullptr) {
      ok = same_bits_or_both_nan(got[i], want[i]);
      fraction = ok ? 0 : (std::isfinite(g - w) ? std::fabs(g - w) : INFINITY);
    } else if (std::isnan(g) || std::isnan(w)) {
      ok = std::isnan(g) && std::isnan(w);
      fraction = ok ? 0 : INFINITY;
    } else if (std::isinf(w) || std::isinf(g)) {
      ok = g == w;
      fraction = ok ? 0 : INFINITY;
    } else {
      const double bound = allowed ? allowed[i] : tol.atol + tol.rtol * std::fabs(w);
      fraction = bound > 0 ? std::fabs(g - w) / bound : (g == w ? 0 : INFINITY);
      ok = fraction <= 1;
    }
    if (fraction > k.worst) k.worst = fraction;
    if (!ok) {
      if (k.failures < 3)
        std::printf("FAIL %s %s: value %zu is %.9g, scalar gives %.9g\n", name.c_str(), where.c_str(), i, g, w);
      ++k.failures;
    }
  }
}

void compare_sum(const std::string& name, const std::string& where, double got, double want, double magnitude) {
  const float g = static_cast<float>(got), w = static_cast<float>(want);
  const double bound = 1e-5 * magnitude + 1e-30;
  Kernel& k = kernel(name);
  ++k.checks;
  const double fraction = std::isnan(got) || std::isnan(want) ? (std::isnan(got) == std::isnan(want) ? 0 : INFINITY)
                                                              : std::fabs(got - want) / bound;
  if (fraction > k.worst) k.worst = fraction;
  if (!(fraction <= 1)) {
    if (k.failures < 3) std::printf("FAIL %s %s: sum is %.12g, scalar gives %.12g\n", name.c_str(), where.c_str(), got, want);
    ++k.failures;
  }
  (void)g;
  (void)w;
}

const size_t kSizes[] = {1, 3, 4, 7, 8, 17, 33, 65, 257, 1027, 2053};
const size_t kShapes[][2] = {{1, 1}, {1, 7}, {3, 7}, {17, 3}, {7, 17}, {33, 65}, {65, 33}, {7, 257}, {257, 17}, {3, 1031}};

std::string at(size_t n) { return "n=" + std::to_string(n); }
std::string at(size_t r, size_t c) { return std::to_string(r) + "x" + std::to_string(c); }

// A few special values where the formulas must agree on NaN and infinity handling.
void sprinkle_specials(std::vector<float>& v) {
  const float specials[] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f};
  for (size_t i = 0; i < 5 && 3 * i + 2 < v.size(); ++i) v[3 * i + 2] = specials[i];
}

// ---------------------------------------------------------------------------------------------- gemm
void check_gemm(Rng& rng) {
  // 12 and 36 rows end in 4-row tiles read in place (MR = 8; native/simd/gemm_kernel.inl).
  const size_t shapes[][3] = {{1, 1, 1},   {3, 7, 17},   {17, 33, 7},  {33, 17, 65}, {65, 65, 33},
                              {7, 257, 3}, {257, 9, 17}, {13, 21, 300}, {9, 40, 1}, {100, 3, 257},
                              {12, 33, 20}, {36, 40, 50}};
  for (const auto& s : shapes) {
    const size_t m = s[0], n = s[1], k = s[2];
    for (int t = 0; t < 4; ++t) {
      const bool ta = t & 1, tb = t & 2;
      for (int ab = 0; ab < 2; ++ab) {
        const float alpha = ab ? 0.5f : 1.0f, beta = ab ? 2.0f : 0.0f;
        const auto a = rng.vec(m * k, -1, 1), b = rng.vec(k * n, -1, 1);
        const auto c0 = ab ? rng.vec(m * n, -1, 1) : std::vector<float>(m * n, NAN);  // beta 0 must not read C
        std::vector<double> allowed(m * n);
        for (size_t i = 0; i < m; ++i)
          for (size_t j = 0; j < n; ++j) {
            double mag = 0;
            for (size_t p = 0; p < k; ++p) mag += std::fabs(a[ta ? p * m + i : i * k + p]) * std::fabs(b[tb ? j * k + p : p * n + j]);
            const double cterm = ab ? std::fabs(beta * c0[i * n + j]) : 0.0;
            allowed[i * n + j] = 2.0 * (k + 2) * 0x1.0p-24 * (std::fabs(alpha) * mag + cterm) + 1e-30;
          }
        std::vector<float> out[2];
        const IsaTable* tables[2] = {&neon_table, &scalar_table};
        for (int which = 0; which < 2; ++which) {
          const IsaTable& T = *tables[which];
          out[which] = c0;
          float* ws = static_cast<float*>(std::aligned_alloc(64, (T.gemm_workspace_floats * sizeof(float) + 63) / 64 * 64));
          const bp::GemmProblem P{ta, tb, m, n, k, alpha, beta, a.data(), ta ? m : k, b.data(), tb ? k : n, out[which].data(), n};
          T.gemm(P, ws);
          std::free(ws);
        }
        const std::string where = std::string(ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + std::to_string(m) + " n=" +
                                  std::to_string(n) + " k=" + std::to_string(k) + (ab ? " alpha=0.5 beta=2" : "");
        compare("gemm", where, out[0].data(), out[1].data(), m * n, kExact, allowed.data());
      }
    }
  }
}

// A packed GEMM's workspace for table t (64-byte aligned, freed with the pointer).
std::unique_ptr<float, void (*)(void*)> workspace(const IsaTable& t) {
  const size_t bytes = (t.gemm_workspace_floats * sizeof(float) + 63) / 64 * 64;
  return {static_cast<float*>(std::aligned_alloc(64, bytes)), std::free};
}

// The few-rows GEMM of the NEON table (no packing) against the packed GEMM of the scalar table, with the bound
// of check_gemm; both operands transposed is not its case (native/gemm.cc keeps that on the packed kernel).
void check_gemm_small_m(Rng& rng) {
  const size_t shapes[][3] = {{1, 1, 1},  {1, 7, 17},  {2, 33, 7},  {3, 17, 65}, {4, 65, 33},
                              {1, 257, 3}, {2, 9, 300}, {3, 21, 300}, {4, 40, 1}, {1, 130, 784}};
  for (const auto& s : shapes) {
    const size_t m = s[0], n = s[1], k = s[2];
    if (m > neon_table.gemm_small_m_rows) std::abort();
    for (int t = 0; t < 3; ++t) {
      const bool ta = t & 1, tb = t & 2;
      for (int ab = 0; ab < 2; ++ab) {
        const float alpha = ab ? 0.5f : 1.0f, beta = ab ? 2.0f : 0.0f;
        const auto a = rng.vec(m * k, -1, 1), b = rng.vec(k * n, -1, 1);
        const auto c0 = ab ? rng.vec(m * n, -1, 1) : std::vector<float>(m * n, NAN);  // beta 0 must not read C
        std::vector<double> allowed(m * n);
        for (size_t i = 0; i < m; ++i)
          for (size_t j = 0; j < n; ++j) {
            double mag = 0;
            for (size_t p = 0; p < k; ++p)
              mag += std::fabs(a[ta ? p * m + i : i * k + p]) * std::fabs(b[tb ? j * k + p : p * n + j]);
            const double cterm = ab ? std::fabs(beta * c0[i * n + j]) : 0.0;
            allowed[i * n + j] = 2.0 * (k + 2) * 0x1.0p-24 * (std::fabs(alpha) * mag + cterm) + 1e-30;
          }
        std::vector<float> got = c0, want = c0;
        const bp::GemmProblem P{ta, tb, m, n, k, alpha, beta, a.data(), ta ? m : k, b.data(), tb ? k : n, nullptr, n};
        bp::GemmProblem Pg = P, Pw = P;
        Pg.c = got.data();
        Pw.c = want.data();
        neon_table.gemm_small_m(Pg);
        scalar_table.gemm(Pw, workspace(scalar_table).get());
        const std::string where = std::string(ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + std::to_string(m) + " n=" +
                                  std::to_string(n) + " k=" + std::to_string(k) + (ab ? " alpha=0.5 beta=2" : "");
        compare("gemm_small_m", where, got.data(), want.data(), m * n, kExact, allowed.data());
        if (!tb) {  // untransposed B: the same sums in the same order as the packed kernel of the same table
          std::vector<float> blocked = c0;
          Pw.c = blocked.data();
          neon_table.gemm(Pw, workspace(neon_table).get());
          compare("gemm_small_m bits of neon gemm", where, got.data(), blocked.data(), m * n, kExact);
        }
      }
    }
  }
}

// ------------------------------------------------------------------------------------- elementwise
// Runs f on both tables with copies of the same buffers and compares the buffers listed in `outs`.
template <class F>
void both(const std::string& name, const std::string& where, std::vector<std::vector<float>> buffers,
          std::initializer_list<size_t> outs, Tol tol, F f) {
  auto nb = buffers, sb = buffers;
  f(neon_table, nb);
  f(scalar_table, sb);
  for (size_t o : outs) compare(name, where, nb[o].data(), sb[o].data(), nb[o].size(), tol);
}

void check_elementwise(Rng& rng) {
  const char* act_names[] = {"identity", "sigmoid", "tanh", "relu", "leakyRelu", "elu", "gelu"};
  const Tol act_tol[] = {kExact, kVmath, kVmath, kExact, kExact, kVmath, kVmath};
  // Backward: sigmoid's y(1-y)dy and the relu family are products and selects; tanh's 1 - y^2 and gelu's
  // Phi + x phi have a multiply-add; elu's uses exp.
  const Tol act_back_tol[] = {kExact, kExact, kFused, kExact, kExact, kVmath, kVmath};
  for (size_t n : kSizes) {
    const auto x = rng.vec(n, -6, 6), dy = rng.vec(n, -1, 1);
    auto xs = x;
    sprinkle_specials(xs);
    for (int kind = 0; kind < 7; ++kind) {
      const float alpha = kind == 4 ? 0.2f : 1.1f;
      const std::string name = std::string("activation_forward ") + act_names[kind];
      for (const std::vector<float>* input : {&x, const_cast<const std::vector<float>*>(&xs)}) {
        both(name, at(n) + (input == &xs ? " specials" : ""), {*input, std::vector<float>(n, 7.0f)}, {1}, act_tol[kind],
             [&](const IsaTable& T, auto& b) { T.activation_forward(kind, n, alpha, b[0].data(), b[1].data()); });
      }
      std::vector<float> y(n);
      scalar_table.activation_forward(kind, n, alpha, x.data(), y.data());
      both(std::string("activation_backward ") + act_names[kind], at(n), {x, y, dy, std::vector<float>(n, 7.0f)}, {3},
           act_back_tol[kind], [&](const IsaTable& T, auto& b) {
             T.activation_backward(kind, n, alpha, b[0].data(), b[1].data(), b[2].data(), b[3].data());
           });
    }
    both("step_forward", at(n), {xs, std::vector<float>(n)}, {1}, kExact,
         [&](const IsaTable& T, auto& b) { T.step_forward(n, b[0].data(), b[1].data()); });
    const auto mask = rng.vec(n, 0, 1);
    std::vector<float> binary(n);
    for (size_t i = 0; i < n; ++i) binary[i] = mask[i] < 0.4f ? 0.0f : 1.0f;
    both("masked_scale", at(n), {binary, x, std::vector<float>(n)}, {2}, kExact,
         [&](const IsaTable& T, auto& b) { T.masked_scale(n, 1.0f / 0.6f, b[0].data(), b[1].data(), b[2].data()); });
    both("scale", at(n), {x}, {0}, kExact, [&](const IsaTable& T, auto& b) { T.scale(n, -0.37f, b[0].data()); });
    both("clip", at(n), {xs}, {0}, kExact, [&](const IsaTable& T, auto& b) { T.clip(n, -2.5f, 3.0f, b[0].data()); });
    both("axpy", at(n), {x, dy}, {1}, kFused, [&](const IsaTable& T, auto& b) { T.axpy(n, 0.3f, b[0].data(), b[1].data()); });
    for (float l1 : {0.0f, 0.01f})
      both(l1 ? "regularizer_gradient l1 l2" : "regularizer_gradient l2", at(n), {xs, dy}, {1}, kFused,
           [&](const IsaTable& T, auto& b) { T.regularizer_gradient(n, l1, 0.04f, b[0].data(), b[1].data()); });
    both("copy", at(n), {xs, std::vector<float>(n, 7.0f)}, {1}, kExact,
         [&](const IsaTable& T, auto& b) { T.copy(n, b[0].data(), b[1].data()); });
    double mag = 0;
    for (float v : x) mag += static_cast<double>(v) * v;
    compare_sum("sum_of_squares", at(n), neon_table.sum_of_squares(n, x.data()), scalar_table.sum_of_squares(n, x.data()), mag);
  }
}

// ------------------------------------------------------------------------------------------- vmath
void check_vmath() {
  const char* names[] = {"exp", "log", "tanh", "sigmoid", "Phi"};
  const float lo[] = {-87, 1e-30f, -20, -30, -9};
  const float hi[] = {88, 1e30f, 20, 30, 9};
  for (int kind = 0; kind < 5; ++kind) {
    for (size_t n : {size_t(1), size_t(7), size_t(4099)}) {
      std::vector<float> x(n);
      for (size_t i = 0; i < n; ++i) {
        const double f = n == 1 ? 0.5 : static_cast<double>(i) / (n - 1);
        x[i] = kind == 1 ? static_cast<float>(std::exp(std::log(lo[kind]) + f * (std::log(hi[kind]) - std::log(lo[kind]))))
                         : static_cast<float>(lo[kind] + f * (hi[kind] - lo[kind]));
      }
      if (kind == 1 && n > 20) {  // log outside the positive normals: 0, negative, +inf, NaN
        x[3] = 0.0f;
        x[6] = -1.0f;
        x[9] = INFINITY;
        x[12] = NAN;
      }
      // exp is compared relative to its value only: its results span 1e-38 .. 1e38.
      const Tol tol = kind == 0 ? Tol{0, kVmath.rtol} : kind == 1 ? Tol{kVmath.atol, kVmath.rtol} : kVmath;
      both(std::string("vmath ") + names[kind], at(n), {x, std::vector<float>(n)}, {1}, tol,
           [&](const IsaTable& T, auto& b) { T.vmath(kind, n, b[0].data(), b[1].data()); });
    }
  }
}

// --------------------------------------------------------------------------------------- row-wise
// Puts the two largest values of each row at a column moving by 7 per row, so the row maximum lands in
// every vector lane across the rows; a maximum that misses a lane makes the exponentials overflow.
void largest_in_moving_lane(std::vector<float>& x, size_t rows, size_t cols, float top) {
  if (cols < 3) return;
  for (size_t r = 0; r < rows; ++r) {
    const size_t c = (9 + 7 * r) % (cols - 1);
    x[r * cols + c] = top;
    x[r * cols + c + 1] = top - 1;
  }
}

void check_rows(Rng& rng) {
  for (const auto& s : kShapes) {
    const size_t rows = s[0], cols = s[1], n = rows * cols;
    const std::string where = at(rows, cols);
    // bias
    both("bias_add", where, {rng.vec(cols, -1, 1), rng.vec(n, -1, 1)}, {1}, kExact,
         [&](const IsaTable& T, auto& b) { T.bias_add(rows, cols, b[0].data(), b[1].data()); });
    const size_t ld = cols + 3;  // a column range of a wider matrix
    both("column_sums", where + " ld=" + std::to_string(ld), {rng.vec(rows * ld, -1, 1), std::vector<float>(cols, 7.0f)}, {1},
         kExact, [&](const IsaTable& T, auto& b) {
           std::vector<double> acc(cols, 7.0);  // float64 scratch: the kernel must overwrite it
           T.column_sums(rows, cols, ld, b[0].data(), acc.data(), b[1].data());
         });
    // Added to running sums that are not zero, compared after rounding to float32 (as their users round them).
    both("column_sums_add", where + " ld=" + std::to_string(ld), {rng.vec(rows * ld, -1, 1), std::vector<float>(cols)},
         {1}, kExact, [&](const IsaTable& T, auto& b) {
           std::vector<double> acc(cols);
           for (size_t c = 0; c < cols; ++c) acc[c] = 0.25 * static_cast<double>(c);
           T.column_sums_add(rows, cols, ld, b[0].data(), acc.data());
           for (size_t c = 0; c < cols; ++c) b[1][c] = static_cast<float>(acc[c]);
         });
    // The float64 column sums, compared after rounding to float32 (as their users round them).
    both("column_sums_of_squares", where, {rng.vec(rows * ld, -1, 1), std::vector<float>(cols, 7.0f)}, {1}, kFused,
         [&](const IsaTable& T, auto& b) {
           std::vector<double> out(cols, 7.0);
           T.column_sums_of_squares(rows, cols, ld, b[0].data(), out.data());
           for (size_t c = 0; c < cols; ++c) b[1][c] = static_cast<float>(out[c]);
         });
    both("scale_columns", where, {rng.vec(cols, 0, 2), rng.vec(n, -1, 1)}, {1}, kExact,
         [&](const IsaTable& T, auto& b) { T.scale_columns(rows, cols, b[0].data(), b[1].data()); });

    // softmax
    auto logits = rng.vec(n, -8, 8);
    largest_in_moving_lane(logits, rows, cols, 100);
    both("softmax_forward", where, {logits, std::vector<float>(n)}, {1}, kVmath,
         [&](const IsaTable& T, auto& b) { T.softmax_forward(rows, cols, b[0].data(), b[1].data()); });
    std::vector<float> y(n);
    scalar_table.softmax_forward(rows, cols, logits.data(), y.data());
    both("softmax_backward", where, {y, rng.vec(n, -1, 1), std::vector<float>(n)}, {2}, kFused,
         [&](const IsaTable& T, auto& b) { T.softmax_backward(rows, cols, b[0].data(), b[1].data(), b[2].data()); });

    // losses: g = 1 / count as loss.cc passes it
    const float g = 1.0f / static_cast<float>(n);
    const auto pred = rng.vec(n, -2, 2), target = rng.vec(n, -2, 2), prob = rng.vec(n, 0.001f, 0.999f), t01 = rng.vec(n, 0, 1);
    auto loss = [&](const char* name, const std::vector<float>& p, const std::vector<float>& t, Tol tol,
                    double (*IsaTable::*fn)(size_t, float, const float*, const float*, float*)) {
      std::vector<float> gn(n), gs(n);
      const double vn = (neon_table.*fn)(n, g, p.data(), t.data(), gn.data());
      const double vs = (scalar_table.*fn)(n, g, p.data(), t.data(), gs.data());
      compare(std::string(name) + " grad", where, gn.data(), gs.data(), n, tol);
      compare_sum(std::string(name) + " sum", where, vn, vs, std::fabs(vs) + n * 1e-3);
    };
    loss("squared_error", pred, target, kFused, &IsaTable::squared_error);
    loss("bce", prob, t01, kFused, &IsaTable::bce);
    loss("bce_logits", pred, t01, kVmath, &IsaTable::bce_logits);

    auto ce_logits = rng.vec(n, -10, 10);
    largest_in_moving_lane(ce_logits, rows, cols, 300);
    std::vector<float> onehot(n, 0.0f), labels(rows);
    for (size_t r = 0; r < rows; ++r) {
      labels[r] = static_cast<float>(rng.next() % cols);
      onehot[r * cols + static_cast<size_t>(labels[r])] = 1.0f;
    }
    const float gr = 1.0f / static_cast<float>(rows);
    for (int sparse = 0; sparse < 2; ++sparse) {
      std::vector<float> pn(n), ps(n), gn(n), gs(n);
      double vn, vs;
      if (sparse) {
        vn = neon_table.sparse_softmax_ce(rows, cols, gr, ce_logits.data(), labels.data(), pn.data(), gn.data());
        vs = scalar_table.sparse_softmax_ce(rows, cols, gr, ce_logits.data(), labels.data(), ps.data(), gs.data());
      } else {
        vn = neon_table.softmax_ce(rows, cols, gr, ce_logits.data(), onehot.data(), pn.data(), gn.data());
        vs = scalar_table.softmax_ce(rows, cols, gr, ce_logits.data(), onehot.data(), ps.data(), gs.data());
      }
      const std::string name = sparse ? "sparse_softmax_ce" : "softmax_ce";
      compare(name + " probs", where, pn.data(), ps.data(), n, kVmath);
      compare(name + " grad", where, gn.data(), gs.data(), n, kVmath);
      compare_sum(name + " sum", where, vn, vs, std::fabs(vs) + rows * 1e-3);
    }

    // batch normalisation over a column range (ld > cols), data far from 0 as real features are
    std::vector<float> x(rows * ld);
    for (size_t i = 0; i < x.size(); ++i) x[i] = 100.0f + rng.uniform(-3, 3);
    std::vector<float> st[2][3];  // mean_hi, mean_lo, var: the float64 statistics split as native/batchnorm.cc does
    const IsaTable* tables[2] = {&neon_table, &scalar_table};
    for (int w = 0; w < 2; ++w) {
      std::vector<double> mean(cols, 7.0), var(cols, 7.0);
      tables[w]->bn_mean_var(rows, cols, ld, x.data(), mean.data(), var.data());
      for (auto& v : st[w]) v.resize(cols);
      for (size_t c = 0; c < cols; ++c) {
        st[w][0][c] = static_cast<float>(mean[c]);
        st[w][1][c] = static_cast<float>(mean[c] - static_cast<double>(st[w][0][c]));
        st[w][2][c] = static_cast<float>(var[c]);
      }
    }
    compare("bn_mean_var mean_hi", where, st[0][0].data(), st[1][0].data(), cols, kExact);
    compare("bn_mean_var mean_lo", where, st[0][1].data(), st[1][1].data(), cols, kExact);
    compare("bn_mean_var var", where, st[0][2].data(), st[1][2].data(), cols, kFused);
    const auto scale = rng.vec(cols, 0.5f, 1.5f), beta = rng.vec(cols, -1, 1);
    std::vector<float> xc(n);  // contiguous rows for the row-wise passes
    for (size_t r = 0; r < rows; ++r) std::memcpy(&xc[r * cols], &x[r * ld], cols * sizeof(float));
    both("bn_scale_shift", where, {xc, std::vector<float>(n)}, {1}, kFused, [&](const IsaTable& T, auto& b) {
      T.bn_scale_shift(rows, cols, b[0].data(), st[1][0].data(), st[1][1].data(), scale.data(), beta.data(), b[1].data());
    });
    std::vector<float> invstd(cols);
    for (size_t c = 0; c < cols; ++c) invstd[c] = 1.0f / std::sqrt(st[1][2][c] + 1e-3f);
    const auto dyb = rng.vec(rows * ld, -1, 1);
    both("bn_backward_sums", where, {std::vector<float>(cols), std::vector<float>(cols)}, {0, 1}, Tol{1e-5 * rows, 1e-5},
         [&](const IsaTable& T, auto& b) {
           std::vector<double> acc(2 * cols, 7.0);
           T.bn_backward_sums(rows, cols, ld, x.data(), dyb.data(), st[1][0].data(), invstd.data(), acc.data(), b[0].data(),
                              b[1].data());
         });
    std::vector<float> dgamma(cols), dbeta(cols), k1(cols), dyc(n);
    std::vector<double> acc(2 * cols);
    scalar_table.bn_backward_sums(rows, cols, ld, x.data(), dyb.data(), st[1][0].data(), invstd.data(), acc.data(), dgamma.data(),
                                  dbeta.data());
    for (size_t c = 0; c < cols; ++c) k1[c] = scale[c] * invstd[c] / static_cast<float>(rows);
    for (size_t r = 0; r < rows; ++r) std::memcpy(&dyc[r * cols], &dyb[r * ld], cols * sizeof(float));
    // dx = k1 (rows dy - dbeta - xhat dgamma): the bracket cancels down from terms of size `rows`.
    both("bn_backward_dx", where, {std::vector<float>(n)}, {0}, Tol{1e-6 * rows, 1e-5}, [&](const IsaTable& T, auto& b) {
      T.bn_backward_dx(rows, cols, static_cast<float>(rows), xc.data(), dyc.data(), st[1][0].data(), invstd.data(), k1.data(),
                       dgamma.data(), dbeta.data(), b[0].data());
    });
  }
}

// ---------------------------------------------------------------------------------------- optimizer
void check_optimizers(Rng& rng) {
  for (size_t n : kSizes) {
    const std::string where = at(n);
    const auto w = rng.vec(n, -1, 1), g = rng.vec(n, -1, 1), v = rng.vec(n, -0.1f, 0.1f), h = rng.vec(n, 0, 0.1f);
    both("sgd", where, {w}, {0}, kFused, [&](const IsaTable& T, auto& b) { T.sgd(n, 0.1f, b[0].data(), g.data()); });
    for (bool nesterov : {false, true})
      both(nesterov ? "momentum nesterov" : "momentum", where, {w, v}, {0, 1}, kFused,
           [&](const IsaTable& T, auto& b) {
             T.momentum(n, 0.1f, 0.9f, nesterov, b[0].data(), g.data(), b[1].data());
           });
    both("adagrad", where, {w, h}, {0, 1}, kExact,
         [&](const IsaTable& T, auto& b) { T.adagrad(n, 0.1f, 1e-7f, b[0].data(), g.data(), b[1].data()); });
    both("rmsprop", where, {w, h}, {0, 1}, kExact, [&](const IsaTable& T, auto& b) {
      T.rmsprop(n, 0.01f, 0.9f, 0.1f, 1e-7f, b[0].data(), g.data(), b[1].data());
    });
    // Adam has no fused multiply-add (every operation rounded on its own), so the levels agree exactly; step 3
    // (correction2 != 1) and step 20,000 (correction2 == 1) run both of its loops.
    for (double t : {3.0, 20000.0})
      for (double wd : {0.0, 0.01}) {
        const AdamConstants c{static_cast<float>(-(0.001 / (1 - std::pow(0.9, t)))),
                              static_cast<float>(std::sqrt(1 - std::pow(0.999, t))),
                              static_cast<float>(1 - 0.001 * wd),
                              0.9f,
                              0.1f,
                              0.999f,
                              static_cast<float>(1 - 0.999),
                              1e-7f};
        both(wd ? "adam wd" : "adam", where + " t=" + std::to_string(t), {w, v, h}, {0, 1, 2}, kExact,
             [&](const IsaTable& T, auto& b) { T.adam(n, c, b[0].data(), g.data(), b[1].data(), b[2].data()); });
      }
  }
}

// ---------------------------------------------------------------------------------------------- pooling
// One max-pooling window of a 5 x 6 image at channel counts around the vector width, over values with ties
// (every third value repeats one value), NaN, infinities and signed zeros: selects only, so exact.
void check_pooling(Rng& rng) {
  const size_t h = 5, w = 6;
  const size_t windows[][4] = {{0, 1, 0, 1}, {0, 2, 0, 2}, {1, 4, 2, 6}, {0, 5, 0, 6}, {3, 5, 5, 6}};
  for (size_t c : {size_t(1), size_t(3), size_t(4), size_t(7), size_t(8), size_t(17), size_t(33)}) {
    auto image = rng.vec(h * w * c, -1, 1);
    for (size_t i = 0; i < image.size(); i += 3) image[i] = image[0];
    sprinkle_specials(image);
    for (const auto& win : windows) {
      const std::string where = "c=" + std::to_string(c) + " rows " + std::to_string(win[0]) + "-" +
                                std::to_string(win[1]) + " cols " + std::to_string(win[2]) + "-" + std::to_string(win[3]);
      both("max_pool_cell", where, {std::vector<float>(c, 7.0f), std::vector<float>(c, 7.0f)}, {0, 1}, kExact,
           [&](const IsaTable& T, auto& b) {
             T.max_pool_cell(c, w, win[0], win[1], win[2], win[3], image.data(), b[0].data(), b[1].data());
           });
    }
  }
}

}  // namespace

int main() {
  bp::neon::fill_table(neon_table);
  bp::scalar::fill_table(scalar_table);
  if (std::strcmp(neon_table.name, "neon") != 0 || std::strcmp(scalar_table.name, "scalar") != 0) {
    std::printf("FAIL tables are %s and %s, expected neon and scalar\n", neon_table.name, scalar_table.name);
    return 1;
  }
  Rng rng(20240611);
  check_gemm(rng);
  check_gemm_small_m(rng);
  check_elementwise(rng);
  check_vmath();
  check_rows(rng);
  check_optimizers(rng);
  check_pooling(rng);
  int checks = 0, failures = 0;
  for (const auto& k : kernels) {
    std::printf("%-4s %-32s %8d values, worst error %.3g of the tolerance\n", k.failures ? "FAIL" : "ok", k.name.c_str(), k.checks,
                k.worst);
    checks += k.checks;
    failures += k.failures;
  }
  std::printf("neon-vs-scalar: %d kernels, %d values, %d outside the tolerance\n", static_cast<int>(kernels.size()), checks, failures);
  return failures ? 1 : 0;
}
