// Loop helpers shared by the per-ISA kernel bodies: a body is a generic lambda called with a tag of the
// vector type V for the main part and of its one-lane twin S for the tail, so each formula is written
// once and the tail rounds like the body. Included inside bp::<isa> after the wrapper and vmath.inl.

// Calls body(V{}, i) for i = 0, W, 2W, ... while a whole vector fits, then body(S{}, i) for the rest.
template <class F>
static inline void for_lanes(size_t n, F body) {
  size_t i = 0;
  for (; i + V::W <= n; i += V::W) body(V{}, i);
  for (; i < n; ++i) body(S{}, i);
}

// Sums body(X{}, i) over [0, n): float lanes within blocks of 1024 values, blocks added in double, in a
// fixed order (so the result depends only on n and the instruction set).
template <class F>
static inline double sum_lanes(size_t n, F body) {
  double total = 0.0;
  size_t i = 0;
  while (i < n) {
    const size_t end = n - i > 1024 ? i + 1024 : n;
    typename V::R acc = V::zero();
    for (; i + V::W <= end; i += V::W) acc = V::add(acc, body(V{}, i));
    float tail = 0.0f;
    for (; i < end; ++i) tail += body(S{}, i);
    total += static_cast<double>(V::hsum(acc)) + static_cast<double>(tail);
  }
  return total;
}

// Largest value of x[0..n) (n >= 1); NaN if the row holds a NaN at a lane the comparisons see.
static inline float max_of(size_t n, const float* x) {
  typename V::R mv = V::set1(-__builtin_inff());
  size_t i = 0;
  for (; i + V::W <= n; i += V::W) mv = V::max(mv, V::load(x + i));
  float m = V::hmax(mv);
  for (; i < n; ++i) m = S::max(m, x[i]);
  return m;
}

static inline void copy_floats(size_t n, const float* x, float* y) {
  if (x != y) __builtin_memmove(y, x, n * sizeof(float));
}
