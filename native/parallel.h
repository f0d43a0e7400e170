// How the kernel families split work over the pool. Both helpers give results that do not depend on
// the number of threads: parallel_ranges hands out disjoint pieces of an output, and blocked_sum always
// sums the same fixed blocks in the same order.
#pragma once
#include <cstddef>
#include <vector>

#include "thread_auto.h"
#include "thread_pool.h"

namespace bp {

// Pieces per thread when work is split. More pieces than threads is what keeps two threads from losing to
// one on a busy machine: pieces are claimed one at a time (thread_pool.h), so when a worker wakes late or
// runs at half speed beside another process, the calling thread takes the pieces it has not claimed.
constexpr size_t kPiecesPerThread = 4;

// Calls f(begin, end) over [0, n) in one piece when n < min_parallel, else in kPiecesPerThread pieces per
// thread whose boundaries are multiples of `align` (a cache line of floats by default, to avoid false
// sharing).
template <class F>
void parallel_ranges(size_t n, size_t min_parallel, F f, size_t align = 16) {
  // Work too small to split does not ask for the count (the first ask may measure it: thread_auto.h).
  const size_t threads = n < min_parallel ? 1 : chosen_thread_count();
  if (threads <= 1) {
    f(size_t{0}, n);
    return;
  }
  const size_t units = (n + align - 1) / align;
  const size_t pieces = units < threads * kPiecesPerThread ? units : threads * kPiecesPerThread;
  auto task = [&](size_t t) {
    const size_t b = units * t / pieces * align;
    const size_t e = units * (t + 1) / pieces * align;
    if (b < n) f(b, e < n ? e : n);
  };
  parallel_tasks(pieces, task);
}

// Sum of f(begin, end) over fixed blocks of `block` units covering [0, n), added in block order. The
// blocks run on the pool when `parallel` is true (the caller judges whether the work is worth it).
template <class F>
double blocked_sum(size_t n, size_t block, F f, bool parallel) {
  const size_t blocks = (n + block - 1) / block;
  if (blocks <= 1) return n == 0 ? 0.0 : f(size_t{0}, n);
  std::vector<double> partial(blocks);
  auto task = [&](size_t b) {
    const size_t begin = b * block;
    const size_t end = begin + block < n ? begin + block : n;
    partial[b] = f(begin, end);
  };
  if (parallel && chosen_thread_count() > 1) {
    parallel_tasks(blocks, task);
  } else {
    for (size_t b = 0; b < blocks; ++b) task(b);
  }
  double total = 0.0;
  for (double p : partial) total += p;
  return total;
}

// Work sizes below which splitting costs more than it saves (waking a worker is a few microseconds).
constexpr size_t kParallelCheap = size_t{1} << 17;     // memory-bound loops (axpy, scale, optimizers)
constexpr size_t kParallelCostly = size_t{1} << 14;    // loops with exp/log/tanh per value
constexpr size_t kReduceBlock = size_t{1} << 14;       // floats per fixed reduction block

// Per-column reductions of a rows x cols matrix split by columns when it has at least this many: then
// every piece of 16 columns (a cache line of each row) sums whole columns, in row order. Narrower
// matrices with many rows (a convolution's 32 or 64 channels over batch * height * width rows) give too
// few column pieces to share out and are split by rows instead (column_sums_in_blocks).
constexpr size_t kColumnSplitMin = 128;

// float64 scratch of the calling OS thread, grown once and kept, so steady-state training allocates nothing.
// The tasks of a job may write disjoint parts of their caller's scratch.
inline double* reduction_scratch(size_t doubles) {
  thread_local std::vector<double> buffer;
  if (buffer.size() < doubles) buffer.resize(doubles);
  return buffer.data();
}

// out[c] = the sum over rows of column c, in float64, in fixed blocks of rows (kReduceBlock floats each):
// block(r0, r1, acc) adds rows [r0, r1) of every column into acc (cols doubles, zeroed first), the blocks
// run on the pool, and their sums are added into out in block order. The blocks depend on rows and cols
// alone, so the result does not depend on the thread count.
template <class F>
void column_sums_in_blocks(size_t rows, size_t cols, F block, double* out) {
  const size_t block_rows = cols >= kReduceBlock ? 1 : kReduceBlock / cols;
  const size_t blocks = (rows + block_rows - 1) / block_rows;
  for (size_t c = 0; c < cols; ++c) out[c] = 0.0;
  if (blocks <= 1) {
    block(size_t{0}, rows, out);
    return;
  }
  double* partial = reduction_scratch(blocks * cols);
  parallel_ranges(
      blocks, 2,
      [&](size_t b0, size_t b1) {
        for (size_t b = b0; b < b1; ++b) {
          double* acc = partial + b * cols;
          for (size_t c = 0; c < cols; ++c) acc[c] = 0.0;
          const size_t r0 = b * block_rows, r1 = r0 + block_rows < rows ? r0 + block_rows : rows;
          block(r0, r1, acc);
        }
      },
      1);
  for (size_t b = 0; b < blocks; ++b) {
    for (size_t c = 0; c < cols; ++c) out[c] += partial[b * cols + c];
  }
}

}  // namespace bp
