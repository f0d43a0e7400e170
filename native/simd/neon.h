// NEON wrapper (AArch64: every 64-bit Arm CPU has Advanced SIMD with fused multiply-add). 4 floats per
// register. Include only from isa_neon.cc.
#pragma once
#include <arm_neon.h>

namespace bp {
namespace neon {

struct V {
  using R = float32x4_t;
  using M = uint32x4_t;
  static constexpr int W = 4;
  static inline R zero() { return vdupq_n_f32(0.0f); }
  static inline R set1(float v) { return vdupq_n_f32(v); }
  static inline R load(const float* p) { return vld1q_f32(p); }
  static inline void store(float* p, R v) { vst1q_f32(p, v); }
  static inline R add(R a, R b) { return vaddq_f32(a, b); }
  static inline R sub(R a, R b) { return vsubq_f32(a, b); }
  static inline R mul(R a, R b) { return vmulq_f32(a, b); }
  static inline R div(R a, R b) { return vdivq_f32(a, b); }
  static inline R fmadd(R a, R b, R c) { return vfmaq_f32(c, a, b); }
  static inline R fnmadd(R a, R b, R c) { return vfmsq_f32(c, a, b); }
  // x86 semantics (b when either is NaN) so the shared code behaves the same on both architectures.
  static inline R max(R a, R b) { return vbslq_f32(vcgtq_f32(a, b), a, b); }
  static inline R min(R a, R b) { return vbslq_f32(vcltq_f32(a, b), a, b); }
  static inline R sqrt(R a) { return vsqrtq_f32(a); }
  static inline R abs(R a) { return vabsq_f32(a); }
  static inline M gt(R a, R b) { return vcgtq_f32(a, b); }
  static inline M lt(R a, R b) { return vcltq_f32(a, b); }
  static inline M eq(R a, R b) { return vceqq_f32(a, b); }
  static inline M isnan(R a) { return vmvnq_u32(vceqq_f32(a, a)); }
  static inline R select(M m, R a, R b) { return vbslq_f32(m, a, b); }
  static inline float hsum(R a) {
    const float32x2_t s = vadd_f32(vget_low_f32(a), vget_high_f32(a));
    return vget_lane_f32(vpadd_f32(s, s), 0);
  }
  static inline float hmax(R a) { return vmaxvq_f32(a); }
  static inline R round_int(R a) { return vrndnq_f32(a); }
  static inline R pow2n(R n) {
    const int32x4_t e = vaddq_s32(vcvtnq_s32_f32(n), vdupq_n_s32(127));
    return vreinterpretq_f32_s32(vshlq_n_s32(e, 23));
  }
  static inline R exponent(R a) {
    const int32x4_t bits = vreinterpretq_s32_f32(a);
    return vcvtq_f32_s32(vsubq_s32(vshrq_n_s32(bits, 23), vdupq_n_s32(127)));
  }
  static inline R mantissa(R a) {
    const uint32x4_t m = vandq_u32(vreinterpretq_u32_f32(a), vdupq_n_u32(0x007fffff));
    return vreinterpretq_f32_u32(vorrq_u32(m, vdupq_n_u32(0x3f800000)));
  }

  // Float64 lanes for reductions: the W floats of one R widened to two float64x2_t (lo: lanes 0-1).
  struct D {
    float64x2_t lo, hi;
  };
  static inline D widen(R a) { return {vcvt_f64_f32(vget_low_f32(a)), vcvt_high_f64_f32(a)}; }
  static inline D dzero() { return {vdupq_n_f64(0.0), vdupq_n_f64(0.0)}; }
  static inline D dload(const double* p) { return {vld1q_f64(p), vld1q_f64(p + 2)}; }
  static inline void dstore(double* p, D a) {
    vst1q_f64(p, a.lo);
    vst1q_f64(p + 2, a.hi);
  }
  static inline D dadd(D a, D b) { return {vaddq_f64(a.lo, b.lo), vaddq_f64(a.hi, b.hi)}; }
  static inline D dsub(D a, D b) { return {vsubq_f64(a.lo, b.lo), vsubq_f64(a.hi, b.hi)}; }
  static inline D dmul(D a, D b) { return {vmulq_f64(a.lo, b.lo), vmulq_f64(a.hi, b.hi)}; }
  static inline double dhsum(D a) { return vaddvq_f64(vaddq_f64(a.lo, a.hi)); }
};

#define BP_SCALAR_FUSED_FMA 1
#include "scalar_ops.inl"
#undef BP_SCALAR_FUSED_FMA

}  // namespace neon
}  // namespace bp
