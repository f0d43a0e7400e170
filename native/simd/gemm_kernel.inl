// Blocked, packed SGEMM for one instruction set (the Goto / BLIS scheme), written once over V.
// Included inside bp::<isa> by isa_<name>.cc, which first defines
//   BP_GEMM_MR   rows of the register tile
//   BP_GEMM_NRV  vectors across the register tile (NR = NRV * V::W columns)
//   BP_GEMM_KC, BP_GEMM_MC, BP_GEMM_NC   cache blocks (k, m, n)
//
// Loop nest (each C element is summed over k in the same order whatever the blocking of m and n, so a
// thread split along m or n never changes a result):
//   jc over n by NC:  pc over k by KC:  pack B[pc.., jc..] (KC x NC) into NR-wide column panels
//     ic over m by MC:  pack A[ic.., pc..] (MC x KC) into MR-tall row panels   (lives in L2)
//       jr over NC by NR:  ir over MC by MR:  microkernel  C[MR x NR] (+)= A panel * B panel
// Packed panels hold op(A) and op(B), so the four transpose cases differ only in the packing loops.
// Edge panels are zero-padded; edge tiles of C go through a small buffer.

namespace gemm_impl {

constexpr size_t MR = BP_GEMM_MR;
constexpr size_t NRV = BP_GEMM_NRV;
constexpr size_t NR = NRV * V::W;
constexpr size_t KC = BP_GEMM_KC;
constexpr size_t MC = BP_GEMM_MC;
constexpr size_t NC = BP_GEMM_NC;
static_assert(MC % MR == 0 && NC % NR == 0, "cache blocks must hold whole register tiles");

constexpr size_t kPackBFloats = KC * NC;
constexpr size_t kPackAFloats = KC * MC;
constexpr size_t kWorkspaceFloats = kPackBFloats + kPackAFloats;

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

// C[mr x nr] = alpha * (A panel . B panel) + beta * C; beta == 0 never reads C.
static inline void microkernel(size_t kc, const float* __restrict a, const float* __restrict b, float* c,
                               size_t ldc, float alpha, float beta, size_t mr, size_t nr) {
  typename V::R acc[MR][NRV];
#pragma GCC unroll 16
  for (size_t i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (size_t v = 0; v < NRV; ++v) acc[i][v] = V::zero();

#pragma GCC unroll 4
  for (size_t p = 0; p < kc; ++p) {
    typename V::R bv[NRV];
#pragma GCC unroll 4
    for (size_t v = 0; v < NRV; ++v) bv[v] = V::load(b + p * NR + v * V::W);
#pragma GCC unroll 16
    for (size_t i = 0; i < MR; ++i) {
      const typename V::R av = V::set1(a[p * MR + i]);
#pragma GCC unroll 4
      for (size_t v = 0; v < NRV; ++v) acc[i][v] = V::fmadd(av, bv[v], acc[i][v]);
    }
  }

  const typename V::R va = V::set1(alpha);
  if (mr == MR && nr == NR) {
    if (beta == 0.0f) {
#pragma GCC unroll 16
      for (size_t i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (size_t v = 0; v < NRV; ++v) V::store(c + i * ldc + v * V::W, V::mul(va, acc[i][v]));
    } else {
      const typename V::R vb = V::set1(beta);
#pragma GCC unroll 16
      for (size_t i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (size_t v = 0; v < NRV; ++v) {
          float* cp = c + i * ldc + v * V::W;
          V::store(cp, V::fmadd(vb, V::load(cp), V::mul(va, acc[i][v])));
        }
    }
    return;
  }
  alignas(64) float tile[MR * NR];
  for (size_t i = 0; i < MR; ++i)
    for (size_t v = 0; v < NRV; ++v) V::store(tile + i * NR + v * V::W, V::mul(va, acc[i][v]));
  for (size_t i = 0; i < mr; ++i) {
    float* cr = c + i * ldc;
    const float* tr = tile + i * NR;
    if (beta == 0.0f) {
      for (size_t j = 0; j < nr; ++j) cr[j] = tr[j];
    } else {
      for (size_t j = 0; j < nr; ++j) cr[j] = S::fmadd(beta, cr[j], tr[j]);
    }
  }
}

static void gemm(const GemmProblem& P, float* workspace) {
  float* bpack = workspace;
  float* apack = workspace + kPackBFloats;
  for (size_t jc = 0; jc < P.n; jc += NC) {
    const size_t nc = P.n - jc < NC ? P.n - jc : NC;
    for (size_t pc = 0; pc < P.k; pc += KC) {
      const size_t kc = P.k - pc < KC ? P.k - pc : KC;
      const float beta = pc == 0 ? P.beta : 1.0f;  // later k blocks accumulate onto the first
      pack_b(P, pc, kc, jc, nc, bpack);
      for (size_t ic = 0; ic < P.m; ic += MC) {
        const size_t mc = P.m - ic < MC ? P.m - ic : MC;
        pack_a(P, ic, mc, pc, kc, apack);
        for (size_t jr = 0; jr < nc; jr += NR) {
          const size_t nr = nc - jr < NR ? nc - jr : NR;
          for (size_t ir = 0; ir < mc; ir += MR) {
            const size_t mr = mc - ir < MR ? mc - ir : MR;
            microkernel(kc, apack + ir * kc, bpack + jr * kc, P.c + (ic + ir) * P.ldc + jc + jr, P.ldc,
                        P.alpha, beta, mr, nr);
          }
        }
      }
    }
  }
}

}  // namespace gemm_impl

static void fill_gemm(IsaTable& t) {
  t.gemm = gemm_impl::gemm;
  t.gemm_workspace_floats = gemm_impl::kWorkspaceFloats;
  t.gemm_mr = gemm_impl::MR;
  t.gemm_nr = gemm_impl::NR;
}
