// AVX-512 (F, BW, DQ, VL: Skylake-SP, Ice Lake, Zen 4 and later) wrapper. 16 floats per register,
// comparisons give k-masks. Include only from isa_avx512.cc (compiled with the AVX-512 flags).
#pragma once
#include <immintrin.h>

namespace bp {
namespace avx512 {

struct V {
  using R = __m512;
  using M = __mmask16;
  static constexpr int W = 16;
  static inline R zero() { return _mm512_setzero_ps(); }
  static inline R set1(float v) { return _mm512_set1_ps(v); }
  static inline R load(const float* p) { return _mm512_loadu_ps(p); }
  static inline void store(float* p, R v) { _mm512_storeu_ps(p, v); }
  static inline R add(R a, R b) { return _mm512_add_ps(a, b); }
  static inline R sub(R a, R b) { return _mm512_sub_ps(a, b); }
  static inline R mul(R a, R b) { return _mm512_mul_ps(a, b); }
  static inline R div(R a, R b) { return _mm512_div_ps(a, b); }
  static inline R fmadd(R a, R b, R c) { return _mm512_fmadd_ps(a, b, c); }
  static inline R fnmadd(R a, R b, R c) { return _mm512_fnmadd_ps(a, b, c); }
  static inline R max(R a, R b) { return _mm512_max_ps(a, b); }
  static inline R min(R a, R b) { return _mm512_min_ps(a, b); }
  static inline R sqrt(R a) { return _mm512_sqrt_ps(a); }
  static inline R abs(R a) { return _mm512_abs_ps(a); }
  static inline M gt(R a, R b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
  static inline M lt(R a, R b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
  static inline M eq(R a, R b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
  static inline M isnan(R a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
  // blend takes the second operand where the mask bit is set.
  static inline R select(M m, R a, R b) { return _mm512_mask_blend_ps(m, b, a); }
  static inline float hsum(R a) {
    const __m256 lo = _mm512_castps512_ps256(a);
    const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1));
    __m256 s8 = _mm256_add_ps(lo, hi);
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
  }
  static inline float hmax(R a) {
    const __m256 lo = _mm512_castps512_ps256(a);
    const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1));
    const __m256 m8 = _mm256_max_ps(lo, hi);
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(m8), _mm256_extractf128_ps(m8, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    return _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps(m, m, 1)));
  }
  static inline R round_int(R a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static inline R pow2n(R n) {
    const __m512i e = _mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127));
    return _mm512_castsi512_ps(_mm512_slli_epi32(e, 23));
  }
  static inline R exponent(R a) {
    const __m512i e = _mm512_sub_epi32(_mm512_srli_epi32(_mm512_castps_si512(a), 23), _mm512_set1_epi32(127));
    return _mm512_cvtepi32_ps(e);
  }
  static inline R mantissa(R a) {
    const __m512i m = _mm512_and_si512(_mm512_castps_si512(a), _mm512_set1_epi32(0x007fffff));
    return _mm512_castsi512_ps(_mm512_or_si512(m, _mm512_set1_epi32(0x3f800000)));
  }

  // Float64 lanes for reductions: the W floats of one R widened to two __m512d (lo: lanes 0-7).
  struct D {
    __m512d lo, hi;
  };
  // The zero-masked extracts: GCC 12's plain _mm512_extractf64x4_pd (and the cast built on it) reads an
  // "undefined" vector that -Wuninitialized reports once inlined into these loops.
  static inline D widen(R a) {
    const __m512d bits = _mm512_castps_pd(a);
    const __m256 lo = _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xF, bits, 0));
    const __m256 hi = _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xF, bits, 1));
    return {_mm512_cvtps_pd(lo), _mm512_cvtps_pd(hi)};
  }
  static inline D dzero() { return {_mm512_setzero_pd(), _mm512_setzero_pd()}; }
  static inline D dload(const double* p) { return {_mm512_loadu_pd(p), _mm512_loadu_pd(p + 8)}; }
  static inline void dstore(double* p, D a) {
    _mm512_storeu_pd(p, a.lo);
    _mm512_storeu_pd(p + 8, a.hi);
  }
  static inline D dadd(D a, D b) { return {_mm512_add_pd(a.lo, b.lo), _mm512_add_pd(a.hi, b.hi)}; }
  static inline D dsub(D a, D b) { return {_mm512_sub_pd(a.lo, b.lo), _mm512_sub_pd(a.hi, b.hi)}; }
  static inline D dmul(D a, D b) { return {_mm512_mul_pd(a.lo, b.lo), _mm512_mul_pd(a.hi, b.hi)}; }
  static inline double dhsum(D a) {
    const __m512d s8 = _mm512_add_pd(a.lo, a.hi);
    const __m256d s4 = _mm256_add_pd(_mm512_maskz_extractf64x4_pd(0xF, s8, 0), _mm512_maskz_extractf64x4_pd(0xF, s8, 1));
    const __m128d t = _mm_add_pd(_mm256_castpd256_pd128(s4), _mm256_extractf128_pd(s4, 1));
    return _mm_cvtsd_f64(_mm_add_sd(t, _mm_unpackhi_pd(t, t)));
  }
};

#define BP_SCALAR_FUSED_FMA 1
#include "scalar_ops.inl"
#undef BP_SCALAR_FUSED_FMA

}  // namespace avx512
}  // namespace bp
