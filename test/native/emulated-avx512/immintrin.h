// Test-only stand-in for <immintrin.h>, found first (-I) when test/native/emulated-avx512.ts compiles
// native/isa_avx512.cc for a CPU without AVX-512: the real header for SSE/AVX2, then SIMD Everywhere
// (SIMDe, https://github.com/simd-everywhere/simde) whose "native aliases" map every _mm512_* name and
// the __m512 types onto portable code built from the 256-bit instructions the compile flags allow.
//
// No AVX-512 instruction can slip through: the emulated build has no -mavx512* flag, so any _mm512_*
// call SIMDe does not alias resolves to GCC's own intrinsic, which refuses to inline ("target specific
// option mismatch") and stops the build.
#pragma once

#include_next <immintrin.h>

#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>

// SIMDe 0.7.4 lacks the three AVX-512F conversions below; each is built from its 256-bit AVX form on the
// two halves (same rounding: cvtps2dq converts with the current mode, round-to-nearest-even).
static inline simde__m512i bp_emulated_mm512_cvtps_epi32(simde__m512 a) {
  const simde__m256 lo = simde_mm512_castps512_ps256(a);
  const simde__m256 hi = simde_mm256_castpd_ps(simde_mm512_extractf64x4_pd(simde_mm512_castps_pd(a), 1));
  return simde_mm512_inserti64x4(simde_mm512_castsi256_si512(simde_mm256_cvtps_epi32(lo)), simde_mm256_cvtps_epi32(hi), 1);
}

static inline simde__m512 bp_emulated_mm512_cvtepi32_ps(simde__m512i a) {
  const simde__m256i lo = simde_mm512_castsi512_si256(a);
  const simde__m256i hi = simde_mm512_extracti64x4_epi64(a, 1);
  return simde_mm512_insertf32x8(simde_mm512_castps256_ps512(simde_mm256_cvtepi32_ps(lo)), simde_mm256_cvtepi32_ps(hi), 1);
}

// Widening float -> double is exact, so the halves give the same values as vcvtps2pd.
static inline simde__m512d bp_emulated_mm512_cvtps_pd(simde__m256 a) {
  const simde__m128 lo = simde_mm256_castps256_ps128(a);
  const simde__m128 hi = simde_mm256_extractf128_ps(a, 1);
  return simde_mm512_insertf64x4(simde_mm512_castpd256_pd512(simde_mm256_cvtps_pd(lo)), simde_mm256_cvtps_pd(hi), 1);
}

#define _mm512_cvtps_pd(a) bp_emulated_mm512_cvtps_pd(a)
#define _mm512_cvtps_epi32(a) bp_emulated_mm512_cvtps_epi32(a)
#define _mm512_cvtepi32_ps(a) bp_emulated_mm512_cvtepi32_ps(a)
