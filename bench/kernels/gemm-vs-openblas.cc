// Our SGEMM against OpenBLAS's, one thread each, interleaved in one process on the shapes of the MLP
// 784-256-128-10: inference in chunks of R rows (forward only) and a training step at batch B (forward,
// weight gradient X^T dY, input gradient dY W^T). OpenBLAS is loaded with dlopen (libopenblas.so.0, so
// only the runtime library is needed, not its headers). From the package root:
//
//   F="-std=c++17 -O3 -fno-math-errno -Inative -include native/glibc_symbols.h"; o=/tmp/gemm-vs-blas; mkdir -p $o
//   g++ $F -mavx2 -mfma -c native/isa_avx2.cc -o $o/avx2.o
//   g++ $F -mavx2 -mfma -mavx512f -mavx512bw -mavx512dq -mavx512vl -Wno-maybe-uninitialized \
//     -c native/isa_avx512.cc -o $o/avx512.o
//   for f in isa_sse2 isa_scalar gemm dispatch thread_pool thread_auto; do g++ $F -c native/$f.cc -o $o/$f.o; done
//   g++ $F bench/kernels/gemm-vs-openblas.cc $o/*.o -pthread -ldl -o $o/gemm-vs-blas
//   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $o/gemm-vs-blas [rounds=200] [inference rows=256] [batch=512]
//   $o/gemm-vs-blas 200 NT:512x256x128 ...   (only these shapes: op(A) op(B):m x n x k)
//
// Each round times a few calls of ours, then a few of OpenBLAS's, on the same operands; a shape's figure is
// its fastest round (GFLOPS = 2 m n k / seconds): on a machine shared with other work the fastest round is
// the one nothing else interrupted, and alternating in short rounds exposes both libraries to the same
// conditions. BACKPROP_NATIVE_ISA picks our level as in the addon.
#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../../native/dispatch.h"
#include "../../native/kernels.h"
#include "../../native/thread_pool.h"

namespace {

using Sgemm = void (*)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a,
                       int lda, const float* b, int ldb, float beta, float* c, int ldc);
constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;  // cblas.h's enumerators

struct Shape {
  const char* pass;
  bool ta, tb;
  size_t m, n, k;
};

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 200;
  const bool listed = argc > 2 && std::strchr(argv[2], ':');
  const size_t rows = argc > 2 && !listed ? std::strtoul(argv[2], nullptr, 10) : 256;
  const size_t batch = argc > 3 && !listed ? std::strtoul(argv[3], nullptr, 10) : 512;
  void* blas = dlopen("libopenblas.so.0", RTLD_NOW);
  if (!blas || rounds < 1 || rows < 1 || batch < 1) {
    std::fprintf(stderr, "usage: gemm-vs-blas [rounds] [inference rows] [batch]; needs libopenblas.so.0 (%s)\n",
                 blas ? "" : dlerror());
    return 2;
  }
  const auto sgemm = reinterpret_cast<Sgemm>(dlsym(blas, "cblas_sgemm"));
  const auto set_threads = reinterpret_cast<void (*)(int)>(dlsym(blas, "openblas_set_num_threads"));
  const auto core = reinterpret_cast<char* (*)()>(dlsym(blas, "openblas_get_corename"));
  if (!sgemm || !set_threads || !core) return 2;
  set_threads(1);
  // For a profiler: BP_OURS_ONLY=1 skips OpenBLAS in the timed rounds.
  const bool ours_only = std::getenv("BP_OURS_ONLY") != nullptr;
  bp::set_thread_count(1);
  bp::attach_environment();

  const size_t units[] = {784, 256, 128, 10};
  std::vector<Shape> shapes;
  for (int i = 2; listed && i < argc; ++i) {
    Shape s{"listed", argv[i][0] == 'T', argv[i][1] == 'T', 0, 0, 0};
    if (std::sscanf(argv[i] + 3, "%zux%zux%zu", &s.m, &s.n, &s.k) != 3) return 2;
    shapes.push_back(s);
  }
  for (int l = 0; l < 3 && !listed; ++l) shapes.push_back({"predict", false, false, rows, units[l + 1], units[l]});
  for (int l = 0; l < 3 && !listed; ++l) {
    const size_t in = units[l], out = units[l + 1];
    shapes.push_back({"forward", false, false, batch, out, in});
    shapes.push_back({"weight-grad", true, false, in, out, batch});
    if (l > 0) shapes.push_back({"input-grad", false, true, batch, in, out});
  }

  std::printf("ours: %s, OpenBLAS: %s; best of %d rounds\n", bp::isa().name, core(), rounds);
  std::printf("%-12s %-3s %-16s %9s %9s %7s\n", "pass", "op", "m x n x k", "ours", "openblas", "ratio");
  double ours_total = 0, blas_total = 0;
  for (const Shape& s : shapes) {
    std::vector<float> a(s.m * s.k), b(s.k * s.n), c(s.m * s.n);
    for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>((i * 104729) % 1000) / 1000.0f - 0.5f;
    const double flops = 2.0 * s.m * s.n * s.k;
    // About 0.2 ms of work per round and library at 50 GFLOPS.
    const int calls = static_cast<int>(1e7 / flops) + 1;
    auto ours = [&] { bp::gemm(s.ta, s.tb, s.m, s.n, s.k, 1.0f, a.data(), b.data(), 0.0f, c.data()); };
    auto theirs = [&] {
      sgemm(kRowMajor, s.ta ? kTrans : kNoTrans, s.tb ? kTrans : kNoTrans, static_cast<int>(s.m),
            static_cast<int>(s.n), static_cast<int>(s.k), 1.0f, a.data(), static_cast<int>(s.ta ? s.m : s.k),
            b.data(), static_cast<int>(s.tb ? s.k : s.n), 0.0f, c.data(), static_cast<int>(s.n));
    };
    ours();
    theirs();
    double best_ours = 1e30, best_theirs = 1e30;
    for (int r = 0; r < rounds; ++r) {
      double t0 = seconds_now();
      for (int i = 0; i < calls; ++i) ours();
      double t1 = seconds_now();
      for (int i = 0; i < calls && !ours_only; ++i) theirs();
      double t2 = seconds_now();
      if ((t1 - t0) / calls < best_ours) best_ours = (t1 - t0) / calls;
      if ((t2 - t1) / calls < best_theirs) best_theirs = (t2 - t1) / calls;
    }
    char dims[32];
    std::snprintf(dims, sizeof dims, "%zux%zux%zu", s.m, s.n, s.k);
    std::printf("%-12s %c%c  %-16s %9.1f %9.1f %7.2f\n", s.pass, s.ta ? 'T' : 'N', s.tb ? 'T' : 'N', dims,
                flops / best_ours / 1e9, flops / best_theirs / 1e9, best_theirs / best_ours);
    ours_total += best_ours;
    blas_total += best_theirs;
  }
  std::printf("sum of best times: ours %.1f us, OpenBLAS %.1f us (%.2fx)\n", ours_total * 1e6, blas_total * 1e6,
              blas_total / ours_total);
  bp::detach_environment();
}
