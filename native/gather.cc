// The batch gather: rows of bytes (a data set of byte images) scaled into float32 rows of a batch.
//
// Each output is the float64 product byte * scale rounded once to float32, as JavaScript computes
// Math.fround(byte * scale): a float32 multiply by a float32 scale would differ in the last bit for some
// bytes (scale = 1/255 is not a float32). The compiler vectorises the row loop (bytes widened to int32,
// converted to float64, multiplied, narrowed to float32); on x86 a copy built for AVX2 takes 32 bytes per
// iteration where the baseline (SSE2) copy takes 16, chosen by the instruction set the addon runs at.
#include <cstdint>
#include <cstring>

#include "dispatch.h"
#include "kernels.h"
#include "parallel.h"

namespace bp {

namespace {

// Values gathered below which one thread does the whole batch: at about a nanosecond per value (a byte
// row read from anywhere in the data set, a float row written) this is some 60 microseconds of work, many
// times what waking a worker costs. A batch of 128 images of 784 bytes is above it.
constexpr size_t kGatherParallel = size_t{1} << 16;

void scale_row(size_t cols, double scale, const uint8_t* src, float* dst) {
  for (size_t f = 0; f < cols; ++f) dst[f] = static_cast<float>(static_cast<double>(src[f]) * scale);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void scale_row_avx2(size_t cols, double scale, const uint8_t* src, float* dst) {
  for (size_t f = 0; f < cols; ++f) dst[f] = static_cast<float>(static_cast<double>(src[f]) * scale);
}

// Whether the addon runs at an instruction set that includes AVX2 (never above BACKPROP_NATIVE_ISA's cap), on
// a CPU that has it (a build that emulates AVX-512 in software may run its avx512 level on a CPU without AVX2).
bool runs_avx2() {
  static const bool cpu_has_avx2 = __builtin_cpu_supports("avx2");
  return cpu_has_avx2 && (std::strcmp(isa().name, "avx2") == 0 || std::strcmp(isa().name, "avx512") == 0);
}
#else
void scale_row_avx2(size_t cols, double scale, const uint8_t* src, float* dst) { scale_row(cols, scale, src, dst); }
bool runs_avx2() { return false; }
#endif

}  // namespace

void gather_byte_rows(size_t rows, size_t cols, size_t count, double scale, const uint8_t* x,
                      const uint32_t* order, float* y) {
  const auto row = runs_avx2() ? scale_row_avx2 : scale_row;
  const size_t min_rows = cols == 0 ? count + 1 : (kGatherParallel + cols - 1) / cols;
  parallel_ranges(
      count, min_rows,
      [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) row(cols, scale, x + static_cast<size_t>(order[i]) * cols, y + i * cols);
      },
      1);
}

}  // namespace bp
