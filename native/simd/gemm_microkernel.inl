// The register-tiled inner kernel of SGEMM, written once over V (included by gemm_kernel.inl).
//
// C[mr x nr] = alpha * sum_p a(i, p) * b(p, j) + beta * C, for i < mr <= MR_, j < nr <= NR, p < kc.
//   b(p, j) = b[p * b_stride + j]: NR contiguous floats per p (a packed panel, b_stride = NR, or rows of
//            an untransposed B read in place, b_stride = ldb). All NR columns must be readable.
//   kARows = false: a(i, p) = a[p * a_stride + i] (a packed panel, a_stride = MR, or columns of a
//            transposed A read in place, a_stride = lda).
//   kARows = true:  a(i, p) = a[i * a_stride + p] (rows of an untransposed A read in place).
//   All MR_ rows must be readable; rows past mr are computed and dropped.
// C element (i, j) is c[i * ldc + j], or c[j * ldc + i] when c_trans (gemm_kernel.inl may compute the
// transposed problem C^T = op(B)^T op(A)^T). beta == 0 never reads C. Every element is accumulated over p in order with one fused multiply-add
// per step, then scaled, so how a problem is cut into tiles never changes a result.

template <size_t MR_, bool kARows>
static inline void microkernel(size_t kc, const float* __restrict a, size_t a_stride, const float* __restrict b,
                               size_t b_stride, float* c, size_t ldc, bool c_trans, float alpha, float beta,
                               size_t mr, size_t nr) {
  typename V::R acc[MR_][NRV];
#pragma GCC unroll 16
  for (size_t i = 0; i < MR_; ++i)
#pragma GCC unroll 4
    for (size_t v = 0; v < NRV; ++v) acc[i][v] = V::zero();

  // The C rows are touched after the loop: ask for them now so the misses overlap the arithmetic.
  if (!c_trans) {
#pragma GCC unroll 16
    for (size_t i = 0; i < MR_; ++i) {
      __builtin_prefetch(c + i * ldc, 1);
      __builtin_prefetch(c + i * ldc + NR - 1, 1);
    }
  }

#pragma GCC unroll 4
  for (size_t p = 0; p < kc; ++p) {
    typename V::R bv[NRV];
#pragma GCC unroll 4
    for (size_t v = 0; v < NRV; ++v) bv[v] = V::load(b + p * b_stride + v * V::W);
#pragma GCC unroll 16
    for (size_t i = 0; i < MR_; ++i) {
      const typename V::R av = V::set1(kARows ? a[i * a_stride + p] : a[p * a_stride + i]);
#pragma GCC unroll 4
      for (size_t v = 0; v < NRV; ++v) acc[i][v] = V::fmadd(av, bv[v], acc[i][v]);
    }
  }

  const typename V::R va = V::set1(alpha);
  if (mr == MR_ && nr == NR && !c_trans) {
    if (beta == 0.0f) {
#pragma GCC unroll 16
      for (size_t i = 0; i < MR_; ++i)
#pragma GCC unroll 4
        for (size_t v = 0; v < NRV; ++v) V::store(c + i * ldc + v * V::W, V::mul(va, acc[i][v]));
    } else {
      const typename V::R vb = V::set1(beta);
#pragma GCC unroll 16
      for (size_t i = 0; i < MR_; ++i)
#pragma GCC unroll 4
        for (size_t v = 0; v < NRV; ++v) {
          float* cp = c + i * ldc + v * V::W;
          V::store(cp, V::fmadd(vb, V::load(cp), V::mul(va, acc[i][v])));
        }
    }
    return;
  }
  if (c_trans) {  // through a buffer, with the same rounding as the full tile (S::fmadd is fused where V's is)
    alignas(64) float tile[MR_ * NR];
    for (size_t i = 0; i < MR_; ++i)
      for (size_t v = 0; v < NRV; ++v) V::store(tile + i * NR + v * V::W, V::mul(va, acc[i][v]));
    for (size_t j = 0; j < nr; ++j) {
      float* cc = c + j * ldc;
      if (beta == 0.0f) {
        for (size_t i = 0; i < mr; ++i) cc[i] = tile[i * NR + j];
      } else {
        for (size_t i = 0; i < mr; ++i) cc[i] = S::fmadd(beta, cc[i], tile[i * NR + j]);
      }
    }
    return;
  }
  // Edge tile: whole vectors of a row go straight out, the last nr % W columns one by one (a 10-unit
  // layer: one vector and two floats per row).
  const typename V::R vb = V::set1(beta);
#pragma GCC unroll 16
  for (size_t i = 0; i < MR_; ++i) {
    if (i >= mr) break;
#pragma GCC unroll 4
    for (size_t v = 0; v < NRV; ++v) {
      float* cp = c + i * ldc + v * V::W;
      const typename V::R r = V::mul(va, acc[i][v]);
      if ((v + 1) * V::W <= nr) {
        V::store(cp, beta == 0.0f ? r : V::fmadd(vb, V::load(cp), r));
      } else if (v * V::W < nr) {
        alignas(64) float part[V::W];
        V::store(part, r);
        for (size_t j = 0; j < nr - v * V::W; ++j) cp[j] = beta == 0.0f ? part[j] : S::fmadd(beta, cp[j], part[j]);
      }
    }
  }
}
