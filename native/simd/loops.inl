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

// Sums body(X{}, i) over [0, n), where body returns its lanes' terms as float64 (X::D, e.g.
// X::widen of float terms): one float64 accumulator per lane, lanes added at the end, the tail added
// in order. Every addition is in float64, as the js reference adds in JavaScript numbers, so a sum of
// many values keeps about 1e-16 relative rounding per addition instead of float32's 6e-8; the order
// depends only on n and the instruction set.
// Two accumulators take alternate vectors so consecutive additions do not wait on each other (a
// float64 add has 3-4 cycles of latency). Against the float32 lanes this replaced (AVX2, one thread):
// the transcendental losses cost 4-9 % more, a 1M-value MSE 12-24 %, sumOfSquares 7 % less.
template <class F>
static inline double sum_lanes(size_t n, F body) {
  typename V::D acc0 = V::dzero(), acc1 = V::dzero();
  size_t i = 0;
  for (; i + 2 * V::W <= n; i += 2 * V::W) {
    acc0 = V::dadd(acc0, body(V{}, i));
    acc1 = V::dadd(acc1, body(V{}, i + V::W));
  }
  if (i + V::W <= n) {
    acc0 = V::dadd(acc0, body(V{}, i));
    i += V::W;
  }
  double total = V::dhsum(V::dadd(acc0, acc1));
  for (; i < n; ++i) total += body(S{}, i);
  return total;
}

// Largest value of x[0..n) (n >= 1). A NaN in the row may or may not come out (max returns its second
// operand when either is NaN); the softmax callers compute exp(x - max) of every value, which makes the
// whole row NaN either way.
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
