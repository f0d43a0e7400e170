// Window geometry shared by the convolution (conv.cc) and pooling (pool.cc) kernels: which taps of a
// window fall inside the image. A window's taps along one axis sit at base + t * step for t in [0, k),
// base being the output coordinate times the stride less the padding before the first cell (contract.ts).
#pragma once
#include <cstddef>
#include <cstdint>

namespace bp {

// The taps [lo, hi) whose coordinate lies in [0, limit); lo == hi when none does. The taps inside are
// contiguous because the coordinate grows with t. Every argument is below 2^31 and base above -2^31
// (checked sizes), and base itself below 2^62 (an output coordinate times a stride), so nothing
// overflows int64.
struct Taps {
  size_t lo, hi;
};
inline Taps taps_inside(int64_t base, int64_t step, size_t k, int64_t limit) {
  const int64_t taps = static_cast<int64_t>(k);
  int64_t lo = base >= 0 ? 0 : (-base + step - 1) / step;
  int64_t hi = base >= limit ? 0 : (limit - base + step - 1) / step;
  if (lo > taps) lo = taps;
  if (hi > taps) hi = taps;
  if (hi < lo) hi = lo;
  return {static_cast<size_t>(lo), static_cast<size_t>(hi)};
}

// The window of output coordinate o along one axis: base = o * stride - pad.
inline int64_t window_base(size_t o, size_t stride, size_t pad) {
  return static_cast<int64_t>(o) * static_cast<int64_t>(stride) - static_cast<int64_t>(pad);
}

// The outputs o in [0, count) whose whole window lies in [0, limit): base = o * stride - pad and the taps
// span `span` cells (k taps step apart span (k - 1) * step + 1). A range [lo, hi), empty when lo == hi.
inline Taps windows_inside(size_t count, size_t stride, size_t pad, size_t span, size_t limit) {
  const int64_t s = static_cast<int64_t>(stride), p = static_cast<int64_t>(pad);
  const int64_t last_start = static_cast<int64_t>(limit) - static_cast<int64_t>(span) + p;  // o * s <= this
  int64_t lo = (p + s - 1) / s;
  int64_t hi = last_start < 0 ? 0 : last_start / s + 1;
  const int64_t n = static_cast<int64_t>(count);
  if (hi > n) hi = n;
  if (lo > hi) lo = hi;
  return {static_cast<size_t>(lo), static_cast<size_t>(hi)};
}

}  // namespace bp
