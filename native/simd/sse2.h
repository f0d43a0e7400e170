// SSE2 wrapper (the x86-64 baseline: every x86-64 CPU has it). 4 floats per register, no FMA.
// Include only from isa_sse2.cc: see scalar_ops.inl for why these live in a per-ISA namespace.
#pragma once
#include <emmintrin.h>

namespace bp {
namespace sse2 {

struct V {
  using R = __m128;
  using M = __m128;  // all-ones / all-zeros lanes
  static constexpr int W = 4;
  static inline R zero() { return _mm_setzero_ps(); }
  static inline R set1(float v) { return _mm_set1_ps(v); }
  static inline R load(const float* p) { return _mm_loadu_ps(p); }
  static inline void store(float* p, R v) { _mm_storeu_ps(p, v); }
  static inline R add(R a, R b) { return _mm_add_ps(a, b); }
  static inline R sub(R a, R b) { return _mm_sub_ps(a, b); }
  static inline R mul(R a, R b) { return _mm_mul_ps(a, b); }
  static inline R div(R a, R b) { return _mm_div_ps(a, b); }
  static inline R fmadd(R a, R b, R c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
  static inline R fnmadd(R a, R b, R c) { return _mm_sub_ps(c, _mm_mul_ps(a, b)); }
  static inline R max(R a, R b) { return _mm_max_ps(a, b); }
  static inline R min(R a, R b) { return _mm_min_ps(a, b); }
  static inline R sqrt(R a) { return _mm_sqrt_ps(a); }
  static inline R abs(R a) { return _mm_and_ps(a, _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff))); }
  static inline M gt(R a, R b) { return _mm_cmpgt_ps(a, b); }
  static inline M lt(R a, R b) { return _mm_cmplt_ps(a, b); }
  static inline M eq(R a, R b) { return _mm_cmpeq_ps(a, b); }
  static inline M isnan(R a) { return _mm_cmpunord_ps(a, a); }
  static inline R select(M m, R a, R b) { return _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b)); }
  static inline float hsum(R a) {
    const R hi = _mm_movehl_ps(a, a);
    const R s = _mm_add_ps(a, hi);
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
  }
  static inline float hmax(R a) {
    const R m = _mm_max_ps(a, _mm_movehl_ps(a, a));
    return _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps(m, m, 1)));
  }
  static inline R round_int(R a) { return _mm_cvtepi32_ps(_mm_cvtps_epi32(a)); }
  static inline R pow2n(R n) {
    const __m128i e = _mm_add_epi32(_mm_cvtps_epi32(n), _mm_set1_epi32(127));
    return _mm_castsi128_ps(_mm_slli_epi32(e, 23));
  }
  static inline R exponent(R a) {
    const __m128i e = _mm_sub_epi32(_mm_srli_epi32(_mm_castps_si128(a), 23), _mm_set1_epi32(127));
    return _mm_cvtepi32_ps(e);
  }
  static inline R mantissa(R a) {
    const __m128i m = _mm_and_si128(_mm_castps_si128(a), _mm_set1_epi32(0x007fffff));
    return _mm_castsi128_ps(_mm_or_si128(m, _mm_set1_epi32(0x3f800000)));
  }

  // Float64 lanes for reductions: the W floats of one R widened to two __m128d (lo: lanes 0-1).
  struct D {
    __m128d lo, hi;
  };
  static inline D widen(R a) { return {_mm_cvtps_pd(a), _mm_cvtps_pd(_mm_movehl_ps(a, a))}; }
  static inline D dzero() { return {_mm_setzero_pd(), _mm_setzero_pd()}; }
  static inline D dload(const double* p) { return {_mm_loadu_pd(p), _mm_loadu_pd(p + 2)}; }
  static inline void dstore(double* p, D a) {
    _mm_storeu_pd(p, a.lo);
    _mm_storeu_pd(p + 2, a.hi);
  }
  static inline D dadd(D a, D b) { return {_mm_add_pd(a.lo, b.lo), _mm_add_pd(a.hi, b.hi)}; }
  static inline D dsub(D a, D b) { return {_mm_sub_pd(a.lo, b.lo), _mm_sub_pd(a.hi, b.hi)}; }
  static inline D dmul(D a, D b) { return {_mm_mul_pd(a.lo, b.lo), _mm_mul_pd(a.hi, b.hi)}; }
  static inline double dhsum(D a) {
    const __m128d t = _mm_add_pd(a.lo, a.hi);
    return _mm_cvtsd_f64(_mm_add_sd(t, _mm_unpackhi_pd(t, t)));
  }
};

#define BP_SCALAR_FUSED_FMA 0
#include "scalar_ops.inl"
#undef BP_SCALAR_FUSED_FMA

}  // namespace sse2
}  // namespace bp
