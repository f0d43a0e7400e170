// Packing for the blocked SGEMM (included by gemm_kernel.inl): copies of op(A) and op(B) blocks laid out
// in the order the microkernel reads them, zero-padded to whole register tiles.

// B panel layout: for each NR-wide panel jp, kc rows of NR floats: dst[(jp * kc + p) * NR + j].
static void pack_b(const GemmProblem& P, size_t pc, size_t kc, size_t jc, size_t nc, float* dst) {
  for (size_t j0 = 0; j0 < nc; j0 += NR) {
    const size_t nr = nc - j0 < NR ? nc - j0 : NR;
    float* out = dst + j0 * kc;
    if (!P.trans_b) {  // op(B)(p, j) = B[p * ldb + j]: rows of the panel are contiguous
      const float* src = P.b + pc * P.ldb + jc + j0;
      for (size_t p = 0; p < kc; ++p, src += P.ldb, out += NR) {
        if (nr == NR) {
          for (size_t v = 0; v < NRV; ++v) V::store(out + v * V::W, V::load(src + v * V::W));
        } else {
          size_t j = 0;
          for (; j < nr; ++j) out[j] = src[j];
          for (; j < NR; ++j) out[j] = 0.0f;
        }
      }
    } else {  // op(B)(p, j) = B[j * ldb + p]: read each column of the panel along k
      for (size_t j = 0; j < NR; ++j) {
        if (j < nr) {
          const float* src = P.b + (jc + j0 + j) * P.ldb + pc;
          for (size_t p = 0; p < kc; ++p) out[p * NR + j] = src[p];
        } else {
          for (size_t p = 0; p < kc; ++p) out[p * NR + j] = 0.0f;
        }
      }
    }
  }
}

// A panel layout: for each MR-tall panel ip, kc columns of MR floats: dst[(ip * kc + p) * MR + i].
static void pack_a(const GemmProblem& P, size_t ic, size_t mc, size_t pc, size_t kc, float* dst) {
  for (size_t i0 = 0; i0 < mc; i0 += MR) {
    const size_t mr = mc - i0 < MR ? mc - i0 : MR;
    float* out = dst + i0 * kc;
    if (P.trans_a) {  // op(A)(i, p) = A[p * lda + i]: MR contiguous values per p
      const float* src = P.a + pc * P.lda + ic + i0;
      for (size_t p = 0; p < kc; ++p, src += P.lda, out += MR) {
        size_t i = 0;
        for (; i < mr; ++i) out[i] = src[i];
        for (; i < MR; ++i) out[i] = 0.0f;
      }
    } else {  // op(A)(i, p) = A[i * lda + p]: walk MR rows side by side
      const float* rows[MR];
      for (size_t i = 0; i < MR; ++i) rows[i] = P.a + (ic + i0 + (i < mr ? i : 0)) * P.lda + pc;
      for (size_t p = 0; p < kc; ++p, out += MR) {
        for (size_t i = 0; i < MR; ++i) out[i] = i < mr ? rows[i][p] : 0.0f;
      }
    }
  }
}
