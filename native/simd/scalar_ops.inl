// The one-lane twin of a vector wrapper, used for loop tails so a formula is written once.
// Included INSIDE each instruction set's namespace (bp::<isa>), never on its own: every function here is
// compiled with that instruction set's flags, and the namespace keeps the linker from merging the
// copies (an AVX2-built inline must never be picked for the SSE2 path).
// Before including, define BP_SCALAR_FUSED_FMA to 1 when the vector fmadd is fused (AVX2, AVX-512,
// NEON) so tails round exactly like the vector body; 0 otherwise (SSE2, plain scalar).
struct S {
  using R = float;
  using M = bool;
  static constexpr int W = 1;
  static inline R zero() { return 0.0f; }
  static inline R set1(float v) { return v; }
  static inline R load(const float* p) { return *p; }
  static inline void store(float* p, R v) { *p = v; }
  static inline R add(R a, R b) { return a + b; }
  static inline R sub(R a, R b) { return a - b; }
  static inline R mul(R a, R b) { return a * b; }
  static inline R div(R a, R b) { return a / b; }
#if BP_SCALAR_FUSED_FMA
  static inline R fmadd(R a, R b, R c) { return __builtin_fmaf(a, b, c); }
  static inline R fnmadd(R a, R b, R c) { return __builtin_fmaf(-a, b, c); }
#else
  static inline R fmadd(R a, R b, R c) { return a * b + c; }
  static inline R fnmadd(R a, R b, R c) { return c - a * b; }
#endif
  // max/min return b when either is NaN, as the x86 instructions do, so max(c, x) propagates a NaN x.
  static inline R max(R a, R b) { return a > b ? a : b; }
  static inline R min(R a, R b) { return a < b ? a : b; }
  static inline R sqrt(R a) { return __builtin_sqrtf(a); }
  static inline R abs(R a) { return __builtin_fabsf(a); }
  static inline M gt(R a, R b) { return a > b; }
  static inline M lt(R a, R b) { return a < b; }
  static inline M eq(R a, R b) { return a == b; }
  static inline M isnan(R a) { return a != a; }
  static inline R select(M m, R a, R b) { return m ? a : b; }
  static inline float hsum(R a) { return a; }
  static inline float hmax(R a) { return a; }
  // Nearest integer (ties to even, as cvtps2dq does), for |a| < 2^31.
  static inline R round_int(R a) { return static_cast<float>(__builtin_lrintf(a)); }
  // 2^n for an integer-valued n in [-126, 127], built in the exponent bits.
  static inline R pow2n(R n) {
    const unsigned bits = static_cast<unsigned>(static_cast<int>(n) + 127) << 23;
    return __builtin_bit_cast(float, bits);
  }
  // For a positive normal a = m * 2^e with m in [1, 2): exponent gives e, mantissa gives m.
  static inline R exponent(R a) {
    return static_cast<float>(static_cast<int>(__builtin_bit_cast(unsigned, a) >> 23) - 127);
  }
  static inline R mantissa(R a) {
    return __builtin_bit_cast(float, (__builtin_bit_cast(unsigned, a) & 0x007fffffu) | 0x3f800000u);
  }

  // Float64 "lanes" for reductions (see the vector wrappers' D): one double.
  using D = double;
  static inline D widen(R a) { return static_cast<double>(a); }
  static inline D dzero() { return 0.0; }
  static inline D dload(const double* p) { return *p; }
  static inline void dstore(double* p, D a) { *p = a; }
  static inline D dadd(D a, D b) { return a + b; }
  static inline D dsub(D a, D b) { return a - b; }
  static inline D dmul(D a, D b) { return a * b; }
  static inline double dhsum(D a) { return a; }
};
