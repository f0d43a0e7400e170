// Every non-GEMM hot loop of the kernel contract, written once over the wrapper of one instruction set.
// Included inside bp::<isa> by isa_<name>.cc after the wrapper, vmath.inl and loops.inl. The families
// (native/<family>.cc) call these through the IsaTable on ranges they choose; the shapes are in
// dispatch.h.

// ------------------------------------------------------------------------------------------- bias
static void bias_add(size_t rows, size_t cols, const float* bias, float* y) {
  for (size_t r = 0; r < rows; ++r) {
    float* row = y + r * cols;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      X::store(row + i, X::add(X::load(row + i), X::load(bias + i)));
    });
  }
}

// acc[c] += dy[r * ld + c] over the rows, in row order, in float64: the running column sums.
static void column_sums_add(size_t rows, size_t cols, size_t ld, const float* dy, double* acc) {
  for (size_t r = 0; r < rows; ++r) {
    const float* row = dy + r * ld;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      X::dstore(acc + i, X::dadd(X::dload(acc + i), X::widen(X::load(row + i))));
    });
  }
}

// Column sums accumulated in float64 (acc: cols doubles of scratch), rounded once into out.
static void column_sums(size_t rows, size_t cols, size_t ld, const float* dy, double* acc, float* out) {
  for (size_t c = 0; c < cols; ++c) acc[c] = 0.0;
  column_sums_add(rows, cols, ld, dy, acc);
  for (size_t c = 0; c < cols; ++c) out[c] = static_cast<float>(acc[c]);
}

// ------------------------------------------------------------------------------------------- activation
static void activation_forward(int kind, size_t n, float alpha, const float* x, float* y) {
  switch (static_cast<ActivationCode>(kind)) {
    case ActivationCode::identity:
      copy_floats(n, x, y);
      return;
    case ActivationCode::sigmoid:
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        X::store(y + i, VMath<X>::sigmoid(X::load(x + i)));
      });
      return;
    case ActivationCode::tanh:
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        X::store(y + i, VMath<X>::tanh(X::load(x + i)));
      });
      return;
    case ActivationCode::relu:  // max(0, x) returns its second operand, x, when x is NaN (see the wrappers)
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        X::store(y + i, X::max(X::zero(), X::load(x + i)));
      });
      return;
    case ActivationCode::leakyRelu:
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto v = X::load(x + i);
        X::store(y + i, X::select(X::gt(v, X::zero()), v, X::mul(X::set1(alpha), v)));
      });
      return;
    case ActivationCode::elu:
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto v = X::load(x + i);
        const auto neg = X::mul(X::set1(alpha), X::sub(VMath<X>::exp(v), X::set1(1.0f)));
        X::store(y + i, X::select(X::gt(v, X::zero()), v, neg));
      });
      return;
    case ActivationCode::gelu:
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto v = X::load(x + i);
        X::store(y + i, X::mul(v, VMath<X>::normal_cdf(v)));
      });
      return;
  }  // no default: the binding rejects other codes, and -Wswitch names a code added without a case
}

static void activation_backward(int kind, size_t n, float alpha, const float* x, const float* y,
                                const float* dy, float* dx) {
  switch (static_cast<ActivationCode>(kind)) {
    case ActivationCode::identity:
      copy_floats(n, dy, dx);
      return;
    case ActivationCode::sigmoid:  // f' = y (1 - y)
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto s = X::load(y + i);
        X::store(dx + i, X::mul(X::load(dy + i), X::mul(s, X::sub(X::set1(1.0f), s))));
      });
      return;
    case ActivationCode::tanh:  // f' = 1 - y^2
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto s = X::load(y + i);
        X::store(dx + i, X::mul(X::load(dy + i), X::fnmadd(s, s, X::set1(1.0f))));
      });
      return;
    case ActivationCode::relu:  // dy for x > 0; NaN where x or dy is NaN; else 0
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto v = X::load(x + i);
        const auto d = X::load(dy + i);
        const auto flat = X::select(X::isnan(v), v, X::select(X::isnan(d), d, X::zero()));
        X::store(dx + i, X::select(X::gt(v, X::zero()), d, flat));
      });
      return;
    case ActivationCode::leakyRelu:  // dy for x > 0; NaN where x is NaN; else alpha dy
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto v = X::load(x + i);
        const auto d = X::load(dy + i);
        const auto slope = X::select(X::isnan(v), v, X::mul(X::set1(alpha), d));
        X::store(dx + i, X::select(X::gt(v, X::zero()), d, slope));
      });
      return;
    case ActivationCode::elu:  // f' = 1 for x > 0, alpha exp(x) otherwise
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto v = X::load(x + i);
        const auto d = X::load(dy + i);
        const auto neg = X::mul(d, X::mul(X::set1(alpha), VMath<X>::exp(v)));
        X::store(dx + i, X::select(X::gt(v, X::zero()), d, neg));
      });
      return;
    case ActivationCode::gelu:  // f' = Phi(x) + x phi(x)
      for_lanes(n, [=](auto t, size_t i) {
        using X = decltype(t);
        const auto v = X::load(x + i);
        const auto g = X::fmadd(v, VMath<X>::normal_pdf(v), VMath<X>::normal_cdf(v));
        X::store(dx + i, X::mul(X::load(dy + i), g));
      });
      return;
  }
}

// 1 for x > 0, NaN for NaN (as PyTorch's heaviside), else 0.
static void step_forward(size_t n, const float* x, float* y) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto v = X::load(x + i);
    X::store(y + i, X::select(X::gt(v, X::zero()), X::set1(1.0f), X::select(X::isnan(v), v, X::zero())));
  });
}

// One row: y = exp(x - max), returning their sum (in float64) and the max; y may be x. The softmax and
// the losses below divide by the sum.
static inline double softmax_row_unnormalised(size_t cols, const float* x, float* y, float* row_max) {
  const float mx = max_of(cols, x);
  *row_max = mx;
  return sum_lanes(cols, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto e = VMath<X>::exp(X::sub(X::load(x + i), X::set1(mx)));
    X::store(y + i, e);
    return X::widen(e);
  });
}

static void softmax_forward(size_t rows, size_t cols, const float* x, float* y) {
  for (size_t r = 0; r < rows; ++r) {
    float mx;
    float* yr = y + r * cols;
    const float inv = static_cast<float>(1.0 / softmax_row_unnormalised(cols, x + r * cols, yr, &mx));
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      X::store(yr + i, X::mul(X::load(yr + i), X::set1(inv)));
    });
  }
}

static void softmax_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx) {
  for (size_t r = 0; r < rows; ++r) {
    const float* yr = y + r * cols;
    const float* dyr = dy + r * cols;
    float* dxr = dx + r * cols;
    const float dot = static_cast<float>(sum_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      return X::dmul(X::widen(X::load(dyr + i)), X::widen(X::load(yr + i)));
    }));
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      X::store(dxr + i, X::mul(X::load(yr + i), X::sub(X::load(dyr + i), X::set1(dot))));
    });
  }
}

// ------------------------------------------------------------------------------------------- loss
// Every loss sums its terms in float64 (sum_lanes). The squared error forms p - t and its square in
// float64 too (both exact for float32 inputs, up to the product's rounding), as the js reference does,
// so the value agrees with js to float64 rounding and cannot overflow before the final mean.
static double squared_error(size_t n, float g, const float* pred, const float* target, float* grad) {
  return sum_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto p = X::load(pred + i);
    const auto y = X::load(target + i);
    X::store(grad + i, X::mul(X::set1(g), X::sub(p, y)));
    const auto d = X::dsub(X::widen(p), X::widen(y));
    return X::dmul(d, d);
  });
}

static double bce(size_t n, float g, const float* prob, const float* target, float* grad) {
  return sum_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto one = X::set1(1.0f);
    auto p = X::max(X::set1(1e-7f), X::load(prob + i));
    p = X::min(X::set1(1.0f - 1e-7f), p);
    const auto y = X::load(target + i);
    const auto q = X::sub(one, p);
    X::store(grad + i, X::div(X::mul(X::set1(g), X::sub(p, y)), X::mul(p, q)));
    // -(t log p + (1 - t) log(1 - p))
    const auto l = X::fmadd(y, VMath<X>::log(p), X::mul(X::sub(one, y), VMath<X>::log(q)));
    return X::widen(X::sub(X::zero(), l));
  });
}

static double bce_logits(size_t n, float g, const float* logits, const float* target, float* grad) {
  return sum_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto one = X::set1(1.0f);
    const auto z = X::load(logits + i);
    const auto y = X::load(target + i);
    const auto e = VMath<X>::exp(X::sub(X::zero(), X::abs(z)));  // exp(-|z|) in (0, 1]
    const auto inv = X::div(one, X::add(one, e));
    const auto sig = X::select(X::lt(z, X::zero()), X::mul(e, inv), inv);
    X::store(grad + i, X::mul(X::set1(g), X::sub(sig, y)));
    // max(z, 0) - z t + log(1 + exp(-|z|))
    return X::widen(X::add(X::fnmadd(z, y, X::max(X::zero(), z)), VMath<X>::log1p(e)));
  });
}

static double softmax_ce(size_t rows, size_t cols, float g, const float* logits, const float* target,
                         float* probs, float* grad) {
  double total = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    const float* z = logits + r * cols;
    const float* tr = target + r * cols;
    float* pr = probs + r * cols;
    float* gr = grad + r * cols;
    float mx;
    const double sum = softmax_row_unnormalised(cols, z, pr, &mx);
    const float inv = static_cast<float>(1.0 / sum);
    const double dot = sum_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      const auto p = X::mul(X::load(pr + i), X::set1(inv));
      const auto y = X::load(tr + i);
      X::store(pr + i, p);
      X::store(gr + i, X::mul(X::set1(g), X::sub(p, y)));
      return X::dmul(X::widen(y), X::widen(X::load(z + i)));
    });
    const double target_sum = sum_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      return X::widen(X::load(tr + i));
    });
    // -sum t log softmax(z) = lse sum(t) - sum t z, lse = max + log(sum exp(z - max)) in float64.
    const double lse = static_cast<double>(mx) + __builtin_log(sum);
    total += lse * target_sum - dot;
  }
  return total;
}

static double sparse_softmax_ce(size_t rows, size_t cols, float g, const float* logits, const float* labels,
                                float* probs, float* grad) {
  double total = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    const float* z = logits + r * cols;
    float* pr = probs + r * cols;
    float* gr = grad + r * cols;
    const size_t label = static_cast<size_t>(labels[r]);
    float mx;
    const double sum = softmax_row_unnormalised(cols, z, pr, &mx);
    const float inv = static_cast<float>(1.0 / sum);
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      const auto p = X::mul(X::load(pr + i), X::set1(inv));
      X::store(pr + i, p);
      X::store(gr + i, X::mul(X::set1(g), p));
    });
    gr[label] = g * (pr[label] - 1.0f);
    total += static_cast<double>(mx) + __builtin_log(sum) - static_cast<double>(z[label]);
  }
  return total;
}

// ------------------------------------------------------------------------------------------- batchnorm
// Column means and biased variances in float64, as the js reference computes them: the mean from a
// float64 sum, the variance from a second pass over (x - mean)^2 in float64 (no cancellation when |mean|
// is large against the spread). mean, var: cols doubles each (overwritten).
static void bn_mean_var(size_t rows, size_t cols, size_t ld, const float* x, double* mean, double* var) {
  for (size_t c = 0; c < cols; ++c) mean[c] = var[c] = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    const float* row = x + r * ld;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      X::dstore(mean + i, X::dadd(X::dload(mean + i), X::widen(X::load(row + i))));
    });
  }
  const double n = static_cast<double>(rows);
  for (size_t c = 0; c < cols; ++c) mean[c] /= n;
  for (size_t r = 0; r < rows; ++r) {
    const float* row = x + r * ld;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      const auto d = X::dsub(X::widen(X::load(row + i)), X::dload(mean + i));
      X::dstore(var + i, X::dadd(X::dload(var + i), X::dmul(d, d)));
    });
  }
  for (size_t c = 0; c < cols; ++c) var[c] /= n;
}

static void bn_scale_shift(size_t rows, size_t cols, const float* x, const float* mean_hi, const float* mean_lo,
                           const float* scale, const float* beta, float* y) {
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      const auto centred = X::sub(X::sub(X::load(xr + i), X::load(mean_hi + i)), X::load(mean_lo + i));
      X::store(yr + i, X::fmadd(centred, X::load(scale + i), X::load(beta + i)));
    });
  }
}

// dbeta = sum dy and dgamma = invstd * sum dy (x - mean), both summed in float64 (acc: 2 * cols
// doubles of scratch) and rounded once.
static void bn_backward_sums(size_t rows, size_t cols, size_t ld, const float* x, const float* dy,
                             const float* mean, const float* invstd, double* acc, float* dgamma, float* dbeta) {
  double* sum_dy = acc;
  double* sum_dy_xc = acc + cols;
  for (size_t c = 0; c < cols; ++c) sum_dy[c] = sum_dy_xc[c] = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * ld;
    const float* dr = dy + r * ld;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      const auto d = X::widen(X::load(dr + i));
      const auto centred = X::dsub(X::widen(X::load(xr + i)), X::widen(X::load(mean + i)));
      X::dstore(sum_dy + i, X::dadd(X::dload(sum_dy + i), d));
      X::dstore(sum_dy_xc + i, X::dadd(X::dload(sum_dy_xc + i), X::dmul(d, centred)));
    });
  }
  for (size_t c = 0; c < cols; ++c) {
    dbeta[c] = static_cast<float>(sum_dy[c]);
    dgamma[c] = static_cast<float>(sum_dy_xc[c] * static_cast<double>(invstd[c]));
  }
}

static void bn_backward_dx(size_t rows, size_t cols, float rows_total, const float* x, const float* dy,
                           const float* mean, const float* invstd, const float* k1, const float* dgamma,
                           const float* dbeta, float* dx) {
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    const float* dr = dy + r * cols;
    float* out = dx + r * cols;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      const auto xhat = X::mul(X::sub(X::load(xr + i), X::load(mean + i)), X::load(invstd + i));
      auto s = X::sub(X::mul(X::set1(rows_total), X::load(dr + i)), X::load(dbeta + i));
      s = X::fnmadd(xhat, X::load(dgamma + i), s);
      X::store(out + i, X::mul(X::load(k1 + i), s));
    });
  }
}

// ------------------------------------------------------------------------------------------- dropout
static void masked_scale(size_t n, float scale, const float* mask, const float* x, float* y) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    X::store(y + i, X::mul(X::mul(X::load(x + i), X::load(mask + i)), X::set1(scale)));
  });
}

// ------------------------------------------------------------------------------------------- optimizer
// The optimizers step on the gradient as given: a penalty's gradient is added to it first
// (regularizer_gradient below).
static void sgd(size_t n, float lr, float* w, const float* g) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    X::store(w + i, X::fnmadd(X::set1(lr), X::load(g + i), X::load(w + i)));
  });
}

static void momentum(size_t n, float lr, float mom, bool nesterov, float* w, const float* g, float* v) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto gv = X::load(g + i);
    const auto vel = X::fnmadd(X::set1(lr), gv, X::mul(X::set1(mom), X::load(v + i)));
    X::store(v + i, vel);
    const auto step = nesterov ? X::fnmadd(X::set1(lr), gv, X::mul(X::set1(mom), vel)) : vel;
    X::store(w + i, X::add(X::load(w + i), step));
  });
}


// A product, rounded as it is: GCC contracts a product and the sum that uses it into one fused multiply-add
// where the instruction set has one (its default, -ffp-contract=fast, outside ISO C), which rounds once
// instead of twice. The empty asm makes the product a value the compiler cannot see through: in a vector
// register where the type fits one, else in memory (the AVX-512 wrapper emulated on narrower registers).
template <class R>
static inline R rounded_product(R product) {
#if defined(__x86_64__) || defined(__i386__)
#if defined(__AVX512F__)
  constexpr size_t register_bytes = 64;
#elif defined(__AVX__)
  constexpr size_t register_bytes = 32;
#else
  constexpr size_t register_bytes = 16;
#endif
  if constexpr (sizeof(R) <= register_bytes) asm("" : "+v"(product));
  else asm("" : "+m"(product));
#elif defined(__aarch64__)
  if constexpr (sizeof(R) <= 16) asm("" : "+w"(product));
  else asm("" : "+m"(product));
#endif
  return product;
}

// AdaGrad and RMSprop as PyTorch computes them in float32 (formulas in dispatch.h), every operation rounded on
// its own, so the bits are those of the js and wasm backends.
static void adagrad(size_t n, float lr, float eps, float* w, const float* g, float* h) {
  const float neg_lr = -lr;
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto gv = X::load(g + i);
    const auto hv = X::add(X::load(h + i), rounded_product(X::mul(gv, gv)));
    X::store(h + i, hv);
    const auto step = X::div(X::mul(X::set1(neg_lr), gv), X::add(X::sqrt(hv), X::set1(eps)));
    X::store(w + i, X::add(X::load(w + i), step));
  });
}

static void rmsprop(size_t n, float lr, float rho, float rest, float eps, float* w, const float* g, float* h) {
  const float neg_lr = -lr;
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto gv = X::load(g + i);
    const auto hv = X::add(rounded_product(X::mul(X::load(h + i), X::set1(rho))),
                           rounded_product(X::mul(X::mul(X::set1(rest), gv), gv)));
    X::store(h + i, hv);
    const auto step = X::div(X::mul(X::set1(neg_lr), gv), X::add(X::sqrt(hv), X::set1(eps)));
    X::store(w + i, X::add(X::load(w + i), step));
  });
}

// Adam / AdamW in PyTorch's float32 order (AdamConstants in dispatch.h), every operation rounded on its own (no
// fused multiply-add), so the bits are those of the js and wasm backends. corrects2: whether correction2
// differs from 1 (dividing by exactly 1 returns its operand, so the division is skipped with the same bits).
template <bool corrects2>
static void adam_loop(size_t n, const AdamConstants& c, float* w, const float* g, float* m, float* v) {
  for_lanes(n, [=, &c](auto t, size_t i) {
    using X = decltype(t);
    const auto wv = rounded_product(X::mul(X::load(w + i), X::set1(c.decay)));
    const auto gv = X::load(g + i);
    const auto mv = X::add(rounded_product(X::mul(X::load(m + i), X::set1(c.beta1))),
                           rounded_product(X::mul(X::set1(c.rest1), gv)));
    const auto vv = X::add(rounded_product(X::mul(X::load(v + i), X::set1(c.beta2))),
                           rounded_product(X::mul(X::mul(X::set1(c.rest2), gv), gv)));
    X::store(m + i, mv);
    X::store(v + i, vv);
    const auto root = X::sqrt(vv);
    const auto denom = X::add(corrects2 ? X::div(root, X::set1(c.correction2)) : root, X::set1(c.epsilon));
    X::store(w + i, X::add(wv, X::div(rounded_product(X::mul(X::set1(c.neg_step_size), mv)), denom)));
  });
}

static void adam(size_t n, const AdamConstants& c, float* w, const float* g, float* m, float* v) {
  if (c.correction2 != 1.0f) adam_loop<true>(n, c, w, g, m, v);
  else adam_loop<false>(n, c, w, g, m, v);
}

// ------------------------------------------------------------------------------------------- norm
// The squares are formed in float64 (exact for float32 values) and summed in float64.
static double sum_of_squares(size_t n, const float* x) {
  return sum_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto v = X::widen(X::load(x + i));
    return X::dmul(v, v);
  });
}

static void scale(size_t n, float s, float* x) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    X::store(x + i, X::mul(X::load(x + i), X::set1(s)));
  });
}

static void clip(size_t n, float lo, float hi, float* x) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    X::store(x + i, X::min(X::set1(hi), X::max(X::set1(lo), X::load(x + i))));
  });
}

static void axpy(size_t n, float alpha, const float* x, float* y) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    X::store(y + i, X::fmadd(X::set1(alpha), X::load(x + i), X::load(y + i)));
  });
}

// grad += l1 sign(w) + l2 w, sign(0) = 0: the gradient of the L1 penalty l1 sum |w| (its subgradient 0
// at 0, as PyTorch's sign) plus that of an L2 penalty whose factor the caller has already doubled (Keras'
// l2 sum w^2 has gradient 2 l2 w). A NaN w gives a NaN gradient: sign(NaN) is taken as 0 here, but
// l2 * NaN is NaN for every l2, 0 included.
static void regularizer_gradient(size_t n, float l1, float l2, const float* w, float* g) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    const auto wv = X::load(w + i);
    const auto sign = X::sub(X::select(X::gt(wv, X::zero()), X::set1(1.0f), X::zero()),
                             X::select(X::lt(wv, X::zero()), X::set1(1.0f), X::zero()));
    X::store(g + i, X::add(X::load(g + i), X::fmadd(X::set1(l2), wv, X::mul(X::set1(l1), sign))));
  });
}

static void copy(size_t n, const float* x, float* y) { copy_floats(n, x, y); }

// Column sums of squares in float64 (out: cols doubles, overwritten).
static void column_sums_of_squares(size_t rows, size_t cols, size_t ld, const float* w, double* out) {
  for (size_t c = 0; c < cols; ++c) out[c] = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    const float* row = w + r * ld;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      const auto v = X::widen(X::load(row + i));
      X::dstore(out + i, X::dadd(X::dload(out + i), X::dmul(v, v)));
    });
  }
}

static void scale_columns(size_t rows, size_t cols, const float* factor, float* w) {
  for (size_t r = 0; r < rows; ++r) {
    float* row = w + r * cols;
    for_lanes(cols, [=](auto t, size_t i) {
      using X = decltype(t);
      X::store(row + i, X::mul(X::load(row + i), X::load(factor + i)));
    });
  }
}

// ------------------------------------------------------------------------------------------- pooling
// Max pooling of one output cell over its c channels, a vector of channels at a time: the window is the
// cells [y0, y1) x [x0, x1) of a channels-last image of row length w (non-empty, inside the image), read in
// row-major order. A cell takes the place when its value is larger, or when it is NaN and the best is not
// (the first NaN wins and keeps its place; NaN > best is false), as the js reference; argmax gets the
// cell's index iy * w + ix as float32.
static void max_pool_cell(size_t c, size_t w, size_t y0, size_t y1, size_t x0, size_t x1, const float* image,
                          float* y, float* argmax) {
  for_lanes(c, [=](auto t, size_t i) {
    using X = decltype(t);
    auto best = X::load(image + (y0 * w + x0) * c + i);
    auto arg = X::set1(static_cast<float>(y0 * w + x0));
    for (size_t iy = y0; iy < y1; ++iy) {
      for (size_t ix = iy == y0 ? x0 + 1 : x0; ix < x1; ++ix) {
        const size_t cell = iy * w + ix;
        const auto v = X::load(image + cell * c + i);
        const auto at = X::set1(static_cast<float>(cell));
        const auto larger = X::gt(v, best);
        const auto nan_v = X::isnan(v);
        const auto nan_best = X::isnan(best);
        arg = X::select(nan_best, arg, X::select(nan_v, at, X::select(larger, at, arg)));
        best = X::select(nan_best, best, X::select(nan_v, v, X::select(larger, v, best)));
      }
    }
    X::store(y + i, best);
    X::store(argmax + i, arg);
  });
}

// ------------------------------------------------------------------------------------------- vmath hook
static void vmath(int kind, size_t n, const float* x, float* y) {
  for_lanes(n, [=](auto t, size_t i) {
    using X = decltype(t);
    using M = VMath<X>;
    const auto v = X::load(x + i);
    X::store(y + i, kind == 0   ? M::exp(v)
                    : kind == 1 ? M::log(v)
                    : kind == 2 ? M::tanh(v)
                    : kind == 3 ? M::sigmoid(v)
                                : M::normal_cdf(v));
  });
}

static void fill_elementwise(IsaTable& t) {
  t.bias_add = bias_add;
  t.column_sums = column_sums;
  t.column_sums_add = column_sums_add;
  t.activation_forward = activation_forward;
  t.activation_backward = activation_backward;
  t.step_forward = step_forward;
  t.softmax_forward = softmax_forward;
  t.softmax_backward = softmax_backward;
  t.squared_error = squared_error;
  t.bce = bce;
  t.bce_logits = bce_logits;
  t.softmax_ce = softmax_ce;
  t.sparse_softmax_ce = sparse_softmax_ce;
  t.bn_mean_var = bn_mean_var;
  t.bn_scale_shift = bn_scale_shift;
  t.bn_backward_sums = bn_backward_sums;
  t.bn_backward_dx = bn_backward_dx;
  t.masked_scale = masked_scale;
  t.sgd = sgd;
  t.momentum = momentum;
  t.adagrad = adagrad;
  t.rmsprop = rmsprop;
  t.adam = adam;
  t.sum_of_squares = sum_of_squares;
  t.scale = scale;
  t.clip = clip;
  t.axpy = axpy;
  t.regularizer_gradient = regularizer_gradient;
  t.copy = copy;
  t.column_sums_of_squares = column_sums_of_squares;
  t.scale_columns = scale_columns;
  t.max_pool_cell = max_pool_cell;
  t.vmath = vmath;
}
