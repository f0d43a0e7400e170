// AVX2 + FMA wrapper (Haswell, Zen and later). 8 floats per register, fused multiply-add.
// Include only from isa_avx2.cc (compiled with -mavx2 -mfma).
#pragma once
#include <immintrin.h>

namespace bp {
namespace avx2 {

struct V {
  using R = __m256;
  using M = __m256;  // all-ones / all-zeros lanes
  static constexpr int W = 8;
  static inline R zero() { return _mm256_setzero_ps(); }
  static inline R set1(float v) { return _mm256_set1_ps(v); }
  static inline R load(const float* p) { return _mm256_loadu_ps(p); }
  static inline void store(float* p, R v) { _mm256_storeu_ps(p, v); }
  static inline R add(R a, R b) { return _mm256_add_ps(a, b); }
  static inline R sub(R a, R b) { return _mm256_sub_ps(a, b); }
  static inline R mul(R a, R b) { return _mm256_mul_ps(a, b); }
  static inline R div(R a, R b) { return _mm256_div_ps(a, b); }
  static inline R fmadd(R a, R b, R c) { return _mm256_fmadd_ps(a, b, c); }
  static inline R fnmadd(R a, R b, R c) { return _mm256_fnmadd_ps(a, b, c); }
  static inline R max(R a, R b) { return _mm256_max_ps(a, b); }
  static inline R min(R a, R b) { return _mm256_min_ps(a, b); }
  static inline R sqrt(R a) { return _mm256_sqrt_ps(a); }
  static inline R abs(R a) { return _mm256_and_ps(a, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff))); }
  static inline M gt(R a, R b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
  static inline M lt(R a, R b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
  static inline M eq(R a, R b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
  static inline M isnan(R a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
  static inline R select(M m, R a, R b) { return _mm256_blendv_ps(b, a, m); }
  static inline float hsum(R a) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
  }
  static inline float hmax(R a) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    return _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps(m, m, 1)));
  }
  static inline R round_int(R a) { return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static inline R pow2n(R n) {
    const __m256i e = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
  }
  static inline R exponent(R a) {
    const __m256i e = _mm256_sub_epi32(_mm256_srli_epi32(_mm256_castps_si256(a), 23), _mm256_set1_epi32(127));
    return _mm256_cvtepi32_ps(e);
  }
  static inline R mantissa(R a) {
    const __m256i m = _mm256_and_si256(_mm256_castps_si256(a), _mm256_set1_epi32(0x007fffff));
    return _mm256_castsi256_ps(_mm256_or_si256(m, _mm256_set1_epi32(0x3f800000)));
  }

  // Float64 lanes for reductions: the W floats of one R widened to two __m256d (lo: lanes 0-3).
  struct D {
    __m256d lo, hi;
  };
  static inline D widen(R a) {
    return {_mm256_cvtps_pd(_mm256_castps256_ps128(a)), _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1))};
  }
  static inline D dzero() { return {_mm256_setzero_pd(), _mm256_setzero_pd()}; }
  static inline D dload(const double* p) { return {_mm256_loadu_pd(p), _mm256_loadu_pd(p + 4)}; }
  static inline void dstore(double* p, D a) {
    _mm256_storeu_pd(p, a.lo);
    _mm256_storeu_pd(p + 4, a.hi);
  }
  static inline D dadd(D a, D b) { return {_mm256_add_pd(a.lo, b.lo), _mm256_add_pd(a.hi, b.hi)}; }
  static inline D dsub(D a, D b) { return {_mm256_sub_pd(a.lo, b.lo), _mm256_sub_pd(a.hi, b.hi)}; }
  static inline D dmul(D a, D b) { return {_mm256_mul_pd(a.lo, b.lo), _mm256_mul_pd(a.hi, b.hi)}; }
  static inline double dhsum(D a) {
    const __m256d s = _mm256_add_pd(a.lo, a.hi);
    const __m128d t = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
    return _mm_cvtsd_f64(_mm_add_sd(t, _mm_unpackhi_pd(t, t)));
  }
};

#define BP_SCALAR_FUSED_FMA 1
#include "scalar_ops.inl"
#undef BP_SCALAR_FUSED_FMA

}  // namespace avx2
}  // namespace bp
