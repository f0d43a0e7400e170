// Vectorised exp, log, tanh, sigmoid and the normal CDF, written once over a wrapper X (the vector type
// V or its one-lane twin S of the same instruction set). Included inside bp::<isa>.
//
// Accuracy (float32; bounds asserted by test/native/vmath.test.ts against float64 Math.* on dense sweeps
// at every instruction-set level; measured maxima in brackets):
//   exp:     relative error <= 2e-7 on [-87, 88] [1.2e-7]. Inputs are clamped to [-87, 88]: exp(x) for
//            x < -87 returns exp(-87) ~ 1.6e-38 (not a denormal or 0), x > 88 returns exp(88) ~ 1.7e38.
//   log:     error <= 1.5e-7 * max(1, |log x|) for positive normal x [7.6e-8]; log(0) = -inf, log(x<0) = NaN.
//   tanh:    absolute error <= 1.5e-7 and relative <= 2e-7 on [-20, 20] [6.8e-8, 1.2e-7].
//   sigmoid: absolute error <= 1.5e-7 [8.9e-8].
//   Phi (normal CDF, for GELU): absolute error <= 4e-7 [2.1e-7] (erfc after Numerical Recipes' fit).
// NaN inputs give NaN (max/min keep the NaN in their second operand).

template <class X>
struct VMath {
  using R = typename X::R;

  // exp(x) = 2^n * exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2]; ln 2 is split in a
  // part exact in float and a correction so r keeps full precision. Degree-6 minimax for exp(r).
  static inline R exp(R x) {
    x = X::max(X::set1(-87.0f), x);
    x = X::min(X::set1(88.0f), x);
    const R n = X::round_int(X::mul(x, X::set1(1.44269504088896341f)));
    R r = X::fnmadd(n, X::set1(0.693359375f), x);
    r = X::fnmadd(n, X::set1(-2.12194440e-4f), r);
    R p = X::set1(1.9875691500e-4f);
    p = X::fmadd(p, r, X::set1(1.3981999507e-3f));
    p = X::fmadd(p, r, X::set1(8.3334519073e-3f));
    p = X::fmadd(p, r, X::set1(4.1665795894e-2f));
    p = X::fmadd(p, r, X::set1(1.6666665459e-1f));
    p = X::fmadd(p, r, X::set1(5.0000001201e-1f));
    p = X::fmadd(p, X::mul(r, r), X::add(r, X::set1(1.0f)));
    return X::mul(p, X::pow2n(n));
  }

  // log(x) = e ln 2 + log(m), x = m 2^e with m in [sqrt(1/2), sqrt 2); degree-9 polynomial in m - 1.
  static inline R log(R x) {
    const R one = X::set1(1.0f);
    R e = X::exponent(x);
    R m = X::mantissa(x);  // [1, 2)
    const auto big = X::gt(m, X::set1(1.41421356237f));
    m = X::select(big, X::mul(m, X::set1(0.5f)), m);  // [sqrt(1/2), sqrt 2)
    e = X::select(big, X::add(e, one), e);
    const R f = X::sub(m, one);
    const R z = X::mul(f, f);
    R y = X::set1(7.0376836292e-2f);
    y = X::fmadd(y, f, X::set1(-1.1514610310e-1f));
    y = X::fmadd(y, f, X::set1(1.1676998740e-1f));
    y = X::fmadd(y, f, X::set1(-1.2420140846e-1f));
    y = X::fmadd(y, f, X::set1(1.4249322787e-1f));
    y = X::fmadd(y, f, X::set1(-1.6668057665e-1f));
    y = X::fmadd(y, f, X::set1(2.0000714765e-1f));
    y = X::fmadd(y, f, X::set1(-2.4999993993e-1f));
    y = X::fmadd(y, f, X::set1(3.3333331174e-1f));
    y = X::mul(X::mul(y, f), z);
    y = X::fmadd(e, X::set1(-2.12194440e-4f), y);
    y = X::fnmadd(z, X::set1(0.5f), y);
    R res = X::add(f, y);
    res = X::fmadd(e, X::set1(0.693359375f), res);
    // Outside the positive normals: 0 -> -inf, negative -> NaN, +inf -> +inf (NaN stays NaN through f).
    res = X::select(X::eq(x, X::zero()), X::set1(-__builtin_inff()), res);
    res = X::select(X::lt(x, X::zero()), X::set1(__builtin_nanf("")), res);
    res = X::select(X::eq(x, X::set1(__builtin_inff())), x, res);
    return X::select(X::eq(x, x), res, x);  // NaN in, NaN out (the bit tricks above would not keep it)
  }

  // log(1 + t) for t >= 0, exact for tiny t: log(u) * t / (u - 1) with u = 1 + t corrects the rounding
  // of u (Goldberg's trick).
  static inline R log1p(R t) {
    const R u = X::add(X::set1(1.0f), t);
    const R d = X::sub(u, X::set1(1.0f));
    const R l = X::div(X::mul(log(u), t), d);
    return X::select(X::eq(d, X::zero()), t, l);
  }

  // tanh: odd polynomial for |x| < 0.625, else 1 - 2 / (exp(2|x|) + 1) with |x| capped at 10 (tanh of
  // anything above 9.01 rounds to 1 in float).
  static inline R tanh(R x) {
    const R ax = X::abs(x);
    const R z = X::mul(x, x);
    R p = X::set1(-5.70498872745e-3f);
    p = X::fmadd(p, z, X::set1(2.06390887954e-2f));
    p = X::fmadd(p, z, X::set1(-5.37397155531e-2f));
    p = X::fmadd(p, z, X::set1(1.33314422036e-1f));
    p = X::fmadd(p, z, X::set1(-3.33332819422e-1f));
    const R small = X::fmadd(X::mul(p, z), x, x);
    const R e = exp(X::mul(X::set1(2.0f), X::min(X::set1(10.0f), ax)));
    const R t = X::sub(X::set1(1.0f), X::div(X::set1(2.0f), X::add(e, X::set1(1.0f))));
    const R large = X::select(X::lt(x, X::zero()), X::sub(X::zero(), t), t);
    return X::select(X::lt(ax, X::set1(0.625f)), small, large);
  }

  static inline R sigmoid(R x) {
    const R e = exp(X::sub(X::zero(), x));
    return X::div(X::set1(1.0f), X::add(X::set1(1.0f), e));
  }

  // Phi(x) = P(N(0,1) <= x) = erfc(-x / sqrt 2) / 2, with erfc(u) ~ t exp(-u^2 + P(t)), t = 1/(1 + u/2).
  static inline R normal_cdf(R x) {
    const R u = X::mul(X::abs(x), X::set1(0.70710678118654752f));
    const R t = X::div(X::set1(1.0f), X::fmadd(X::set1(0.5f), u, X::set1(1.0f)));
    R p = X::set1(0.17087277f);
    p = X::fmadd(p, t, X::set1(-0.82215223f));
    p = X::fmadd(p, t, X::set1(1.48851587f));
    p = X::fmadd(p, t, X::set1(-1.13520398f));
    p = X::fmadd(p, t, X::set1(0.27886807f));
    p = X::fmadd(p, t, X::set1(-0.18628806f));
    p = X::fmadd(p, t, X::set1(0.09678418f));
    p = X::fmadd(p, t, X::set1(0.37409196f));
    p = X::fmadd(p, t, X::set1(1.00002368f));
    p = X::fmadd(p, t, X::set1(-1.26551223f));
    const R half_erfc = X::mul(X::set1(0.5f), X::mul(t, exp(X::fnmadd(u, u, p))));
    return X::select(X::lt(x, X::zero()), half_erfc, X::sub(X::set1(1.0f), half_erfc));
  }

  // Standard normal density exp(-x^2 / 2) / sqrt(2 pi).
  static inline R normal_pdf(R x) {
    return X::mul(X::set1(0.3989422804014327f), exp(X::mul(X::set1(-0.5f), X::mul(x, x))));
  }
};
