// The batch gather: rows of bytes (a data set of byte images) scaled into float32 rows of a batch.
//
// Each output is the float64 product byte * scale rounded once to float32, as JavaScript computes
// Math.fround(byte * scale): a float32 multiply by a float32 scale would differ in the last bit for some
// bytes (scale = 1/255 is not a float32). A byte takes only 256 values, so the 256 products are formed once
// per call and each output is a lookup: exactly those bits, at one load and one store per value.
#include <cstdint>

#include "kernels.h"
#include "parallel.h"

namespace bp {

namespace {

// Values gathered below which one thread does the whole batch: a value costs about a cycle (a lookup and
// a store), so this is some 20 microseconds of work, several times what waking a worker costs.
constexpr size_t kGatherParallel = size_t{1} << 16;

}  // namespace

void gather_byte_rows(size_t rows, size_t cols, size_t count, double scale, const uint8_t* x,
                      const uint32_t* order, float* y) {
  float products[256];
  for (int b = 0; b < 256; ++b) products[b] = static_cast<float>(static_cast<double>(b) * scale);
  const size_t min_rows = cols == 0 ? count + 1 : (kGatherParallel + cols - 1) / cols;
  parallel_ranges(
      count, min_rows,
      [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          const uint8_t* src = x + static_cast<size_t>(order[i]) * cols;
          float* dst = y + i * cols;
          for (size_t f = 0; f < cols; ++f) dst[f] = products[src[f]];
        }
      },
      1);
}

}  // namespace bp
