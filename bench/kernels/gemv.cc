// One-row inference of the Fashion-MNIST MLP 784-256-128-10 as GEMM calls (m = 1: x W for each layer,
// W stored k x n as the dense layer keeps it), against a plain streaming read of the same weights: the
// read is the bound a matrix-vector product cannot beat, since every weight is used once. Rounds alternate
// between the two on the same buffers, so a busy moment hits both alike; prints the fastest round and the
// median of each (microseconds per pass) and the rate in GB/s of weights. From the package root:
//
//   F="-std=c++17 -O3 -g -fno-math-errno -Inative -include native/glibc_symbols.h"; o=/tmp/gemv; mkdir -p $o
//   g++ $F -mavx2 -mfma -c native/isa_avx2.cc -o $o/avx2.o
//   g++ $F -mavx2 -mfma -mavx512f -mavx512bw -mavx512dq -mavx512vl -Wno-maybe-uninitialized \
//     -c native/isa_avx512.cc -o $o/avx512.o
//   for f in isa_sse2 isa_scalar gemm dispatch thread_pool thread_auto; do g++ $F -c native/$f.cc -o $o/$f.o; done
//   g++ $F -mavx2 bench/kernels/gemv.cc $o/*.o -pthread -o $o/gemv
//   $o/gemv [rounds=2000]          (BACKPROP_NATIVE_ISA picks the level as in the addon)
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "../../native/dispatch.h"
#include "../../native/kernels.h"
#include "../../native/thread_pool.h"

namespace {

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Sum of every float of [p, p + n) with eight independent AVX accumulators: one full-width load per 32
// bytes, in address order, the fastest way to read the buffer once (n a multiple of 64).
__attribute__((target("avx2"))) float stream_sum(const float* p, size_t n) {
  __m256 s[8];
  for (auto& v : s) v = _mm256_setzero_ps();
  for (size_t i = 0; i < n; i += 64)
    for (int v = 0; v < 8; ++v) s[v] = _mm256_add_ps(s[v], _mm256_loadu_ps(p + i + 8 * v));
  for (int v = 1; v < 8; ++v) s[0] = _mm256_add_ps(s[0], s[v]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, s[0]);
  float t = 0;
  for (float f : lanes) t += f;
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 2000;
  bp::set_thread_count(1);
  bp::attach_environment();
  const size_t units[] = {784, 256, 128, 10};
  std::vector<float> w[3], act[4];
  size_t weight_floats = 0;
  for (int l = 0; l < 4; ++l) act[l].assign(units[l], 0.0f);
  for (size_t i = 0; i < units[0]; ++i) act[0][i] = static_cast<float>((i * 7919) % 1000) / 1000.0f;
  for (int l = 0; l < 3; ++l) {
    w[l].resize(units[l] * units[l + 1] + 64);  // padded so the streaming read covers it in whole steps
    for (size_t i = 0; i < w[l].size(); ++i) w[l][i] = static_cast<float>((i * 104729) % 1000) / 1000.0f - 0.5f;
    weight_floats += units[l] * units[l + 1];
  }
  auto gemv = [&] {
    for (int l = 0; l < 3; ++l)
      bp::gemm(false, false, 1, units[l + 1], units[l], 1.0f, act[l].data(), w[l].data(), 0.0f, act[l + 1].data());
  };
  volatile float sink = 0;
  auto read = [&] {
    for (int l = 0; l < 3; ++l) sink = sink + stream_sum(w[l].data(), (units[l] * units[l + 1] + 63) / 64 * 64);
  };
  std::vector<double> t_gemv, t_read;
  for (int r = 0; r < rounds; ++r) {
    double t0 = seconds_now();
    gemv();
    double t1 = seconds_now();
    read();
    double t2 = seconds_now();
    if (r >= 10) t_gemv.push_back(t1 - t0), t_read.push_back(t2 - t1);
  }
  const double bytes = static_cast<double>(weight_floats) * sizeof(float);
  std::printf("%s, %.2f MB of weights, %zu rounds after 10 warm-up\n", bp::isa().name, bytes / 1e6, t_gemv.size());
  for (auto [name, t] : {std::pair{"gemm m=1", &t_gemv}, std::pair{"stream read", &t_read}}) {
    std::sort(t->begin(), t->end());
    const double fast = t->front(), median = (*t)[t->size() / 2];
    std::printf("%-12s fastest %7.2f us (%5.1f GB/s), median %7.2f us (%5.1f GB/s)\n", name, fast * 1e6,
                bytes / fast / 1e9, median * 1e6, bytes / median / 1e9);
  }
  std::printf("out[0] %g\n", act[3][0]);
  return 0;
}
