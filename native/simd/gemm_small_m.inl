// SGEMM for a few rows of C (m <= kSmallMRows), written once over V; included by gemm_kernel.inl inside
// bp::<isa> after the blocked kernel (it uses its KC). gemm.cc sends such problems here.
//
// One row of C is a matrix-vector product: model.predict on one sample, or a training step at batch 1.
// The blocked kernel would pack all of B (k x n, every float copied once) to reuse each packed float
// m / MR times, a fraction here, and run MR-tall register tiles of which m rows are used: for the
// 784 x 256 layer of an MLP, packing alone costs more than the 200k multiply-adds. Here nothing is
// packed: the weights are streamed once, straight from where they are.
//
// op(B) untransposed (rows of B contiguous), one or two rows of C: B is read row after row in full
// (rows_streamed), the weights streamed in address order as a plain read of them would be. Three or four rows
// of C: C is cut into column strips of NV vectors; each strip keeps
// m x NV accumulators over one KC block of k, reading each B row segment once for all m rows. Every C
// element is summed over p in order with one V::fmadd per step, in the same KC blocks, then scaled and
// added to beta * C exactly as the blocked microkernel does (gemm_microkernel.inl), so the result is bit
// for bit the blocked kernel's: a row predicted alone equals the same row predicted inside a batch. The
// last n % W columns run on S, whose fmadd is fused exactly where V's is.
//
// op(B) transposed with A untransposed (B is n x k, A is m x k: each C element is a dot product of two
// contiguous k-vectors, as in a layer's input gradient dz W^T): C is computed a few columns at a time,
// SIMD over k with one accumulator per (row, column), summed across lanes at the end. The summation
// order differs from the blocked kernel's (results agree to rounding, as any two float orders do). Both
// operands transposed (no layer computes that) stays on the blocked kernel.

namespace gemm_small {

constexpr size_t kSmallMRows = 4;

// C[0..M) x [j, j + NV * W) of the problem, over k block [pc, pc + kc). a(i, p) = a[i * ars + p * acs].
template <size_t M, size_t NV>
static inline void strip(size_t kc, const float* __restrict a, size_t ars, size_t acs, const float* __restrict b,
                         size_t ldb, float* c, size_t ldc, float alpha, float beta) {
  typename V::R acc[M][NV];
#pragma GCC unroll 8
  for (size_t i = 0; i < M; ++i)
#pragma GCC unroll 8
    for (size_t v = 0; v < NV; ++v) acc[i][v] = V::zero();
  for (size_t p = 0; p < kc; ++p) {
    const float* bp = b + p * ldb;
#pragma GCC unroll 8
    for (size_t i = 0; i < M; ++i) {
      const typename V::R av = V::set1(a[i * ars + p * acs]);
#pragma GCC unroll 8
      for (size_t v = 0; v < NV; ++v) acc[i][v] = V::fmadd(av, V::load(bp + v * V::W), acc[i][v]);
    }
  }
  const typename V::R va = V::set1(alpha);
  const typename V::R vb = V::set1(beta);
#pragma GCC unroll 8
  for (size_t i = 0; i < M; ++i)
#pragma GCC unroll 8
    for (size_t v = 0; v < NV; ++v) {
      float* cp = c + i * ldc + v * V::W;
      const typename V::R r = V::mul(va, acc[i][v]);
      V::store(cp, beta == 0.0f ? r : V::fmadd(vb, V::load(cp), r));
    }
}

// One column j of C[0..M) over k block [pc, pc + kc), on S: the rounding of one lane of strip().
template <size_t M>
static inline void column(size_t kc, const float* a, size_t ars, size_t acs, const float* b, size_t ldb, float* c,
                          size_t ldc, float alpha, float beta) {
  float acc[M] = {};
  for (size_t p = 0; p < kc; ++p)
    for (size_t i = 0; i < M; ++i) acc[i] = S::fmadd(a[i * ars + p * acs], b[p * ldb], acc[i]);
  for (size_t i = 0; i < M; ++i) {
    const float r = alpha * acc[i];
    c[i * ldc] = beta == 0.0f ? r : S::fmadd(beta, c[i * ldc], r);
  }
}

// One or two rows of C: B is read row after row, R rows of it at a time, each in full, in address order, so
// the hardware prefetchers see R sequential streams and every weight is loaded once with a full-width load
// (strips of columns would jump a whole row of B after every few cache lines). The accumulators of a chunk of
// up to kStreamChunk columns live in an L1 buffer: per vector of C, one load and one store of the accumulator
// carry R fused multiply-adds per row of C, each element still summed over p in order, one fmadd per step,
// then scaled and added to beta * C at the end of each KC block as strip() does: the same bits.
constexpr size_t kStreamChunk = 512;

template <size_t M, size_t R>
static inline void stream_step(size_t w, const float* const* brow, const typename V::R (&av)[M][R], float* acc) {
  for (size_t v = 0; v < w; v += V::W) {
    typename V::R bv[R];
#pragma GCC unroll 8
    for (size_t q = 0; q < R; ++q) bv[q] = V::load(brow[q] + v);
#pragma GCC unroll 4
    for (size_t i = 0; i < M; ++i) {
      typename V::R s = V::load(acc + i * kStreamChunk + v);
#pragma GCC unroll 8
      for (size_t q = 0; q < R; ++q) s = V::fmadd(av[i][q], bv[q], s);
      V::store(acc + i * kStreamChunk + v, s);
    }
  }
}

template <size_t M>
static void rows_streamed(const GemmProblem& P) {
  constexpr size_t R = M == 1 ? 4 : 2;  // rows of B per pass: R loads and M * R broadcasts in registers
  const size_t ars = P.trans_a ? 1 : P.lda, acs = P.trans_a ? P.lda : 1;
  const size_t vector_cols = P.n / V::W * V::W;
  alignas(64) float acc[M * kStreamChunk];
  for (size_t pc = 0; pc < P.k; pc += KC) {
    const size_t kc = P.k - pc < KC ? P.k - pc : KC;
    const float beta = pc == 0 ? P.beta : 1.0f;  // later k blocks accumulate onto the first, as the blocked kernel
    const float* a = P.a + pc * acs;
    for (size_t j0 = 0; j0 < vector_cols; j0 += kStreamChunk) {
      const size_t w = vector_cols - j0 < kStreamChunk ? vector_cols - j0 : kStreamChunk;
      for (size_t i = 0; i < M; ++i)
        for (size_t v = 0; v < w; v += V::W) V::store(acc + i * kStreamChunk + v, V::zero());
      const float* b = P.b + pc * P.ldb + j0;
      size_t p = 0;
      for (; p + R <= kc; p += R) {
        const float* brow[R];
        typename V::R av[M][R];
        for (size_t q = 0; q < R; ++q) brow[q] = b + (p + q) * P.ldb;
        for (size_t i = 0; i < M; ++i)
          for (size_t q = 0; q < R; ++q) av[i][q] = V::set1(a[i * ars + (p + q) * acs]);
        stream_step<M, R>(w, brow, av, acc);
      }
      for (; p < kc; ++p) {
        const float* brow[1] = {b + p * P.ldb};
        typename V::R av[M][1];
        for (size_t i = 0; i < M; ++i) av[i][0] = V::set1(a[i * ars + p * acs]);
        stream_step<M, 1>(w, brow, av, acc);
      }
      const typename V::R va = V::set1(P.alpha);
      const typename V::R vb = V::set1(beta);
      for (size_t i = 0; i < M; ++i)
        for (size_t v = 0; v < w; v += V::W) {
          float* cp = P.c + i * P.ldc + j0 + v;
          const typename V::R r = V::mul(va, V::load(acc + i * kStreamChunk + v));
          V::store(cp, beta == 0.0f ? r : V::fmadd(vb, V::load(cp), r));
        }
    }
    const float* b = P.b + pc * P.ldb;
    for (size_t j = vector_cols; j < P.n; ++j)
      column<M>(kc, a, ars, acs, b + j, P.ldb, P.c + j, P.ldc, P.alpha, beta);
  }
}

// Strips of NV vectors while whole ones fit (NV chosen so M * NV accumulators keep the FMA units busy
// without spilling), then single vectors, then single columns.
template <size_t M>
static void rows_untransposed_b(const GemmProblem& P) {
  constexpr size_t NV = M == 1 ? 8 : M == 2 ? 4 : 2;
  constexpr size_t wide = NV * V::W;
  const size_t ars = P.trans_a ? 1 : P.lda, acs = P.trans_a ? P.lda : 1;
  for (size_t pc = 0; pc < P.k; pc += KC) {
    const size_t kc = P.k - pc < KC ? P.k - pc : KC;
    const float beta = pc == 0 ? P.beta : 1.0f;  // later k blocks accumulate onto the first, as the blocked kernel
    const float* a = P.a + pc * acs;
    const float* b = P.b + pc * P.ldb;
    size_t j = 0;
    for (; j + wide <= P.n; j += wide) strip<M, NV>(kc, a, ars, acs, b + j, P.ldb, P.c + j, P.ldc, P.alpha, beta);
    for (; j + V::W <= P.n; j += V::W) strip<M, 1>(kc, a, ars, acs, b + j, P.ldb, P.c + j, P.ldc, P.alpha, beta);
    for (; j < P.n; ++j) column<M>(kc, a, ars, acs, b + j, P.ldb, P.c + j, P.ldc, P.alpha, beta);
  }
}

// C[0..M) x [j, j + J) as dot products of op(A) rows (contiguous, stride lda) with B rows j.. (stride ldb).
template <size_t M, size_t J>
static inline void dots(size_t k, const float* a, size_t lda, const float* b, size_t ldb, float* c, size_t ldc,
                        float alpha, float beta) {
  typename V::R acc[M][J];
  for (size_t i = 0; i < M; ++i)
    for (size_t jj = 0; jj < J; ++jj) acc[i][jj] = V::zero();
  size_t p = 0;
  for (; p + V::W <= k; p += V::W) {
    typename V::R bv[J];
    for (size_t jj = 0; jj < J; ++jj) bv[jj] = V::load(b + jj * ldb + p);
    for (size_t i = 0; i < M; ++i) {
      const typename V::R av = V::load(a + i * lda + p);
      for (size_t jj = 0; jj < J; ++jj) acc[i][jj] = V::fmadd(av, bv[jj], acc[i][jj]);
    }
  }
  for (size_t i = 0; i < M; ++i)
    for (size_t jj = 0; jj < J; ++jj) {
      float sum = V::hsum(acc[i][jj]);
      for (size_t q = p; q < k; ++q) sum = S::fmadd(a[i * lda + q], b[jj * ldb + q], sum);
      float* cp = c + i * ldc + jj;
      *cp = beta == 0.0f ? alpha * sum : S::fmadd(beta, *cp, alpha * sum);
    }
}

// Rows of an untransposed A (contiguous) against rows of B: J columns per pass while J fit (M * J
// accumulators and J B vectors in registers), then one.
template <size_t M>
static void rows_transposed_b(const GemmProblem& P) {
  constexpr size_t J = M <= 2 ? 4 : 2;
  size_t j = 0;
  for (; j + J <= P.n; j += J) dots<M, J>(P.k, P.a, P.lda, P.b + j * P.ldb, P.ldb, P.c + j, P.ldc, P.alpha, P.beta);
  for (; j < P.n; ++j) dots<M, 1>(P.k, P.a, P.lda, P.b + j * P.ldb, P.ldb, P.c + j, P.ldc, P.alpha, P.beta);
}

// C = alpha op(A) op(B) + beta C for 1 <= m <= kSmallMRows, not both transposed; k >= 1, alpha != 0.
static void gemm(const GemmProblem& P) {
  switch (P.m) {
    case 1: return P.trans_b ? rows_transposed_b<1>(P) : rows_streamed<1>(P);
    case 2: return P.trans_b ? rows_transposed_b<2>(P) : rows_streamed<2>(P);
    case 3: return P.trans_b ? rows_transposed_b<3>(P) : rows_untransposed_b<3>(P);
    default: return P.trans_b ? rows_transposed_b<4>(P) : rows_untransposed_b<4>(P);
  }
}

}  // namespace gemm_small
