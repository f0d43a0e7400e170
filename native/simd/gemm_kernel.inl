// SGEMM for one instruction set, written once over V. Included inside bp::<isa> by isa_<name>.cc, which
// first defines
//   BP_GEMM_MR   rows of the register tile
//   BP_GEMM_NRV  vectors across the register tile (NR = NRV * V::W columns)
//   BP_GEMM_KC, BP_GEMM_MC, BP_GEMM_NC   cache blocks (k, m, n)
//   BP_GEMM_INPLACE_A_FLOATS   largest m * min(k, KC) read from A in place (see use_a_in_place)
//
// Loop nest (the Goto / BLIS scheme; each C element is summed over k in KC blocks in the same order
// whatever the blocking of m and n, so a thread split along m or n never changes a result):
//   jc over n by NC:  pc over k by KC:  pack B[pc.., jc..] (KC x NC) into NR-wide column panels
//     ic over m by MC:  pack A[ic.., pc..] (MC x KC) into MR-tall row panels   (lives in L2)
//       jr over NC by NR:  ir over MC by MR:  microkernel  C[MR x NR] (+)= A panel * B panel
// Packed panels hold op(A) and op(B), so the four transpose cases differ only in the packing loops.
//
// The fast path for small and skinny problems (MLP training: a batch of 32 to 512 against layers of 10
// to 784) is to skip packing A. Packing A costs about one pass over it per NC block of columns, which
// the blocked scheme earns back over many column panels; with n = 10 it costs as much as the
// multiply-adds. When op(A) for one k block fits in L2 the microkernel reads it in place instead (rows
// of an untransposed A, MR-wide column slices of a transposed one) and only the last partial row tile
// is packed. B is always packed: it is cheap (each packed float is reused m / MR times) and in place
// its rows would sit a power-of-two stride apart and thrash the L1 sets.
//
// Rows left over after the whole MR-tall tiles would run as one more MR-tall tile, zero-padded: at a
// batch of 32 or 128 with MR = 6 that is 36 or 132 rows of work for 32 or 128. When A is read in place
// and 4-row tiles cover those rows exactly (with or without the last whole tile), they run as 4-row
// tiles instead (quad_rows_from): a 4-row tile keeps 8 accumulators in flight, enough for both FMA
// pipes, so it should cost about 4 / MR of a whole one. Every element is still summed over p in order with one
// fused multiply-add per step, so the result does not depend on the tiling.
//
// Orientation: C^T = op(B)^T op(A)^T is the same problem with the roles of A and B exchanged, written
// to C through the transposed store of the microkernel (each element still gets the same sum, bit for
// bit: x * y == y * x). choose_orientation estimates both and takes the cheaper: it pays when B is
// transposed and m is small (packing B^T costs a scalar copy per float, reused only m / MR times) or
// when n is so small that the NR-wide tile would waste most of its lanes on a long k.

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

#include "gemm_microkernel.inl"
#include "gemm_pack.inl"

// See the header and gemm_reads_a_in_place (dispatch.h).
static bool use_a_in_place(const GemmProblem& P) {
#ifdef BP_GEMM_DEV_DIRECT
  if (const char* e = std::getenv("BP_DIRECT")) return e[0] == '1';
#endif
  return gemm_reads_a_in_place(P.m, P.n, P.k, KC, NR, BP_GEMM_INPLACE_A_FLOATS);
}

// Height of the short row tiles (see the header).
constexpr size_t kQuad = 4;

// First row of [0, mc) to run as 4-row tiles read in place, or mc when none: the rows after the whole
// MR-tall tiles, or after all but the last whole tile, when their count is a multiple of kQuad.
static size_t quad_rows_from(size_t mc) {
  const size_t whole = mc / MR * MR;
  if (MR <= kQuad || whole == mc) return mc;
  if ((mc - whole) % kQuad == 0) return whole;
  if (whole >= MR && (mc - whole + MR) % kQuad == 0) return whole - MR;
  return mc;
}

// One register tile of R rows from `row` on, op(A) read where it is (see use_a_in_place).
template <size_t R>
static inline void tile_in_place(const GemmProblem& P, size_t row, size_t pc, size_t kc, const float* b, float* c,
                                 bool c_trans, float beta, size_t nr) {
  if (P.trans_a) {
    microkernel<R, false>(kc, P.a + pc * P.lda + row, P.lda, b, NR, c, P.ldc, c_trans, P.alpha, beta, R, nr);
  } else {
    microkernel<R, true>(kc, P.a + row * P.lda + pc, P.lda, b, NR, c, P.ldc, c_trans, P.alpha, beta, R, nr);
  }
}

// The problem with A and B exchanged: C^T (n x m) = op(B)^T (n x k) op(A)^T (k x m).
static GemmProblem transposed(const GemmProblem& P) {
  return GemmProblem{!P.trans_b, !P.trans_a, P.n, P.m, P.k, P.alpha, P.beta, P.b, P.ldb, P.a, P.lda, P.c, P.ldc};
}

// Rough cost in cycles of one orientation: multiply-adds over whole register tiles (two vector FMAs per
// cycle), packing (a vector copy per W floats, or a scalar copy per float when gathering across rows),
// and storing C (a scalar store per float when transposed).
static double orientation_cost(const GemmProblem& P, bool c_trans) {
  const bool quads = use_a_in_place(P) && P.m <= MC && quad_rows_from(P.m) < P.m;  // rows computed: exactly m
  const double mt = static_cast<double>(quads ? P.m : (P.m + MR - 1) / MR * MR);
  const double nt = static_cast<double>((P.n + NR - 1) / NR * NR);
  const double k = static_cast<double>(P.k), w = static_cast<double>(V::W);
  double cost = mt * nt * k / (2 * w);
  cost += nt * k * (P.trans_b ? 1.0 : 1.0 / w);
  if (!use_a_in_place(P)) cost += mt * k * (P.trans_a ? 1.0 / w : 1.0) * (nt > NC ? nt / NC : 1.0);
  cost += static_cast<double>(P.m * P.n) * (c_trans ? 1.0 : 1.0 / w);
  return cost;
}

static void gemm_oriented(const GemmProblem& P, bool c_trans, float* workspace) {
  float* bpack = workspace;
  float* apack = workspace + kPackBFloats;
  const bool a_in_place = use_a_in_place(P);
  // C element (i, j) of this problem lives at c[i * rs + j * cs].
  const size_t rs = c_trans ? 1 : P.ldc, cs = c_trans ? P.ldc : 1;
  for (size_t jc = 0; jc < P.n; jc += NC) {
    const size_t nc = P.n - jc < NC ? P.n - jc : NC;
    for (size_t pc = 0; pc < P.k; pc += KC) {
      const size_t kc = P.k - pc < KC ? P.k - pc : KC;
      const float beta = pc == 0 ? P.beta : 1.0f;  // later k blocks accumulate onto the first
      pack_b(P, pc, kc, jc, nc, bpack);
      for (size_t ic = 0; ic < P.m; ic += MC) {
        const size_t mc = P.m - ic < MC ? P.m - ic : MC;
        // In place, rows after the whole tiles run as 4-row tiles where those fit exactly, else the last
        // partial row tile is packed (the microkernel reads whole tiles).
        const size_t quads_from = a_in_place ? quad_rows_from(mc) : mc;
        const size_t packed_from = !a_in_place ? 0 : quads_from < mc ? mc : mc / MR * MR;
        if (packed_from < mc) pack_a(P, ic + packed_from, mc - packed_from, pc, kc, apack + packed_from * kc);
        for (size_t jr = 0; jr < nc; jr += NR) {
          const size_t nr = nc - jr < NR ? nc - jr : NR;
          const float* b = bpack + jr * kc;
          for (size_t ir = 0; ir < quads_from; ir += MR) {
            const size_t mr = mc - ir < MR ? mc - ir : MR;
            float* c = P.c + (ic + ir) * rs + (jc + jr) * cs;
            if (ir >= packed_from) {
              microkernel<MR, false>(kc, apack + ir * kc, MR, b, NR, c, P.ldc, c_trans, P.alpha, beta, mr, nr);
            } else {
              tile_in_place<MR>(P, ic + ir, pc, kc, b, c, c_trans, beta, nr);
            }
          }
          for (size_t ir = quads_from; ir < mc; ir += kQuad) {
            tile_in_place<kQuad>(P, ic + ir, pc, kc, b, P.c + (ic + ir) * rs + (jc + jr) * cs, c_trans, beta, nr);
          }
        }
      }
    }
  }
}

static void gemm(const GemmProblem& P, float* workspace) {
  const GemmProblem T = transposed(P);
  bool swap = T.n <= NC && orientation_cost(T, true) < orientation_cost(P, false);
#ifdef BP_GEMM_DEV_DIRECT
  if (const char* e = std::getenv("BP_SWAP")) swap = e[0] == '1' && T.n <= NC;
#endif
  if (swap) {
    gemm_oriented(T, true, workspace);
  } else {
    gemm_oriented(P, false, workspace);
  }
}

#include "gemm_small_m.inl"

}  // namespace gemm_impl

static void fill_gemm(IsaTable& t) {
  t.gemm = gemm_impl::gemm;
  t.gemm_workspace_floats = gemm_impl::kWorkspaceFloats;
  t.gemm_mr = gemm_impl::MR;
  t.gemm_nr = gemm_impl::NR;
  t.gemm_small_m = gemm_impl::gemm_small::gemm;
  t.gemm_small_m_rows = gemm_impl::gemm_small::kSmallMRows;
  t.gemm_kc = gemm_impl::KC;
  t.gemm_in_place_a_floats = BP_GEMM_INPLACE_A_FLOATS;
}
