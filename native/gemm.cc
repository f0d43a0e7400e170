// GEMM: C = alpha * op(A) * op(B) + beta * C (shapes in src/backends/contract.ts).
// The per-ISA libraries hold the packed, blocked, register-tiled kernel (simd/gemm_kernel.inl); this
// file splits C between threads and keeps the naive reference next to it.
#include <cstdlib>
#include <memory>
#include <vector>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {
namespace {

// Packing buffers, one per OS thread, grown once and kept (a training step then allocates nothing).
float* thread_workspace(size_t floats) {
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  thread_local std::unique_ptr<float, Free> buffer;
  thread_local size_t capacity = 0;
  if (capacity < floats) {
    const size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
    buffer.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
    capacity = buffer ? floats : 0;
    if (!buffer) std::abort();  // out of memory inside a kernel: nothing sensible left to do
  }
  return buffer.get();
}

// Below this many multiply-adds one thread is faster than waking another (about 20 microseconds of work).
constexpr double kParallelFlops = 1 << 20;
// The smallest piece worth handing out (a few microseconds of work: claiming it costs well under one).
constexpr double kMinPieceFlops = 1 << 18;

// Products with few outputs and a long k, such as a convolution's kernel gradient (cols^T dz: 9 x 32
// outputs over batch x height x width = 86,528 terms for a 3 x 3 x 1 -> 32 layer at batch 128), have too few
// register tiles of C to share out, and every piece of C would read all of A and B again. They are cut along
// k into blocks of kSplitKBlock terms instead: each block is a whole GEMM into its own m x n partial sum, the
// blocks run on the pool, and the partials are added in block order. The blocks depend on the shape alone, so
// the result is the same for any thread count (at one thread the blocks run in turn).
constexpr size_t kSplitKBlock = 4096;  // a multiple of every level's KC, so a block ends where a KC block does
constexpr size_t kSplitKMaxOutputs = 4096;

bool splits_k(size_t m, size_t n, size_t k) { return m * n <= kSplitKMaxOutputs && k >= 2 * kSplitKBlock; }

// Partial sums of the k blocks, one buffer per OS thread (the caller's; the blocks write disjoint parts).
float* partial_sums(size_t floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < floats) buffer.resize(floats);
  return buffer.data();
}

}  // namespace

void gemm(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a,
          const float* b, float beta, float* c) {
  if (m == 0 || n == 0) return;
  if (k == 0 || alpha == 0.0f) {  // C = beta * C; with beta = 0, C is overwritten without being read
    for (size_t i = 0; i < m * n; ++i) c[i] = beta == 0.0f ? 0.0f : beta * c[i];
    return;
  }
  const IsaTable& t = isa();
  GemmProblem whole{trans_a, trans_b, m, n, k, alpha, beta, a, trans_a ? m : k, b, trans_b ? k : n, c, n};

  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  // Work too small to split does not ask for the count (the first ask may measure it: thread_auto.h).
  const size_t threads = work < kParallelFlops ? 1 : chosen_thread_count();
  const size_t row_tiles = (m + t.gemm_mr - 1) / t.gemm_mr;
  const size_t col_tiles = (n + t.gemm_nr - 1) / t.gemm_nr;
  // Each piece is a whole GEMM on its own block of C (same k order per element), so the result is the same
  // for any thread count. A piece of rows packs all of B again, which costs as much as its multiply-adds
  // when B is transposed and the piece has few rows; a piece of columns packs only its own panels of B but
  // all of A again, unless the kernel reads A in place (training batches). So: columns when A is read in
  // place and there are enough column tiles to go round, else the dimension with more tiles.
  const bool a_in_place = gemm_reads_a_in_place(m, n, k, t.gemm_kc, t.gemm_nr, t.gemm_in_place_a_floats);
  const bool by_columns = a_in_place && col_tiles >= threads * 2;
  const bool split_rows = !by_columns && row_tiles > col_tiles;
  const size_t tiles = split_rows ? row_tiles : col_tiles;
  const size_t most_pieces = static_cast<size_t>(work / kMinPieceFlops);
  size_t pieces = threads * kPiecesPerThread;
  if (pieces > tiles) pieces = tiles;
  if (pieces > most_pieces) pieces = most_pieces;
  // A few rows of C skip the packed kernel (simd/gemm_small_m.inl); both operands transposed stay packed.
  const bool few_rows = m <= t.gemm_small_m_rows && !(trans_a && trans_b);
  auto run = [&](const GemmProblem& p) {
    if (few_rows)
      t.gemm_small_m(p);
    else
      t.gemm(p, thread_workspace(t.gemm_workspace_floats));
  };
  if (splits_k(m, n, k)) {
    const size_t blocks = (k + kSplitKBlock - 1) / kSplitKBlock;
    float* partial = partial_sums(blocks * m * n);
    auto block = [&](size_t index) {
      const size_t p0 = index * kSplitKBlock;
      GemmProblem p = whole;
      p.k = k - p0 < kSplitKBlock ? k - p0 : kSplitKBlock;
      p.alpha = 1.0f;
      p.beta = 0.0f;
      p.a = trans_a ? a + p0 * whole.lda : a + p0;
      p.b = trans_b ? b + p0 : b + p0 * whole.ldb;
      p.c = partial + index * m * n;
      run(p);
    };
    if (threads <= 1) {
      for (size_t index = 0; index < blocks; ++index) block(index);
    } else {
      parallel_tasks(blocks, block);
    }
    for (size_t i = 0; i < m * n; ++i) {
      float sum = partial[i];
      for (size_t index = 1; index < blocks; ++index) sum += partial[index * m * n + i];
      c[i] = beta == 0.0f ? alpha * sum : alpha * sum + beta * c[i];
    }
    return;
  }
  if (threads <= 1 || pieces <= 1 || work < kParallelFlops) {
    run(whole);
    return;
  }
  auto task = [&](size_t piece) {
    const size_t tile0 = tiles * piece / pieces;
    const size_t tile1 = tiles * (piece + 1) / pieces;
    GemmProblem p = whole;
    if (split_rows) {
      const size_t i0 = tile0 * t.gemm_mr;
      const size_t i1 = tile1 * t.gemm_mr < m ? tile1 * t.gemm_mr : m;
      p.m = i1 - i0;
      p.a = trans_a ? a + i0 : a + i0 * whole.lda;
      p.c = c + i0 * n;
    } else {
      const size_t j0 = tile0 * t.gemm_nr;
      const size_t j1 = tile1 * t.gemm_nr < n ? tile1 * t.gemm_nr : n;
      p.n = j1 - j0;
      p.b = trans_b ? b + j0 * whole.ldb : b + j0;
      p.c = c + j0;
    }
    run(p);
  };
  parallel_tasks(pieces, task);
}

void gemm_reference(bool trans_a, bool trans_b, size_t m, size_t n, size_t k, float alpha, const float* a,
                    const float* b, float beta, float* c) {
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (size_t p = 0; p < k; ++p) {
        const float av = trans_a ? a[p * m + i] : a[i * k + p];
        const float bv = trans_b ? b[j * k + p] : b[p * n + j];
        sum += static_cast<double>(av) * static_cast<double>(bv);
      }
      const double prior = beta == 0.0f ? 0.0 : static_cast<double>(beta) * c[i * n + j];
      c[i * n + j] = static_cast<float>(static_cast<double>(alpha) * sum + prior);
    }
  }
}

}  // namespace bp
