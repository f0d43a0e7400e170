// Native GEMM against OpenBLAS in one process, for tuning on a shared machine (not part of npm run bench).
// Times each shape alternately on the two libraries, best of RUNS (default 5) runs of at least MINSEC
// seconds each, in thread CPU time (WALL=1 for wall-clock time, needed with THREADS > 1): time the
// thread spent descheduled by other work does not count, so ratios are stable when the machine is busy.
// Build (needs libopenblas-dev) from the package root; -DBP_GEMM_DEV_DIRECT enables the BP_DIRECT /
// BP_SWAP overrides in native/simd/gemm_kernel.inl for experiments:
//   F="-std=c++17 -O3 -fno-math-errno -Inative -DBP_GEMM_DEV_DIRECT -include cstdlib"; mkdir -p bench/out
//   g++ $F -c native/isa_avx2.cc -mavx2 -mfma -o bench/out/avx2.o && g++ $F -c native/isa_sse2.cc -o bench/out/sse2.o
//   g++ $F -c native/isa_scalar.cc -o bench/out/scalar.o
//   g++ $F -c native/isa_avx512.cc -mavx2 -mfma -mavx512f -mavx512bw -mavx512dq -mavx512vl -Wno-maybe-uninitialized -o bench/out/avx512.o
//   g++ $F bench/peers/openblas/side-by-side.cc native/gemm.cc native/dispatch.cc native/thread_pool.cc \
//       bench/out/*.o -lopenblas -pthread -o bench/out/side-by-side
// Run: bench/out/side-by-side THREADS MINSEC mlp|sq|1024|2048|x M N K [T|N] [T|N]

#include <cblas.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <cmath>
#include "kernels.h"
#include "thread_pool.h"
extern "C" void openblas_set_num_threads(int);
using namespace std::chrono;
#include <time.h>
static double now() { timespec ts; clock_gettime(getenv("WALL") ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID, &ts); return ts.tv_sec + ts.tv_nsec * 1e-9; }
// interleaved best-of: returns {native, blas} seconds per call
template <class F, class G> std::pair<double,double> best2(F f, G g, double minsec) {
  f(); g();
  double bf = 1e30, bg = 1e30;
  static int R = getenv("RUNS") ? atoi(getenv("RUNS")) : 5;
  for (int r = 0; r < R; ++r) {
    { long reps = 0; double t0 = now(), el; do { f(); ++reps; el = now() - t0; } while (el < minsec); bf = std::min(bf, el / reps); }
    { long reps = 0; double t0 = now(), el; do { g(); ++reps; el = now() - t0; } while (el < minsec); bg = std::min(bg, el / reps); }
  }
  return {bf, bg};
}
int main(int argc, char** argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  double minsec = argc > 2 ? atof(argv[2]) : 0.1;
  const char* only = argc > 3 ? argv[3] : "all";
  bp::set_thread_count(threads);
  openblas_set_num_threads(threads);
  struct S { int m, n, k; bool ta, tb; };
  std::vector<S> shapes;
  if (!strcmp(only, "all") || !strcmp(only, "mlp")) {
    int batches[] = {32, 128, 512};
    int layers[][2] = {{784, 256}, {256, 128}, {128, 10}};
    for (int b : batches) for (auto& l : layers) {
      shapes.push_back({b, l[1], l[0], false, false});
      shapes.push_back({l[0], l[1], b, true, false});
      shapes.push_back({b, l[0], l[1], false, true});
    }
  }
  if (!strcmp(only, "all") || !strcmp(only, "sq")) {
    for (int s : {256, 512, 1024}) for (int t = 0; t < 4; ++t) shapes.push_back({s, s, s, (t & 1) != 0, (t & 2) != 0});
  }
  if (!strcmp(only, "x")) shapes.push_back({atoi(argv[4]), atoi(argv[5]), atoi(argv[6]), argc > 7 && argv[7][0]=='T', argc > 8 && argv[8][0]=='T'});
  if (!strcmp(only, "1024")) shapes.push_back({1024, 1024, 1024, false, false});
  if (!strcmp(only, "2048")) shapes.push_back({2048, 2048, 2048, false, false});
  int worse = 0; double lsum = 0;
  for (auto& s : shapes) {
    std::vector<float> a((size_t)s.m * s.k), b((size_t)s.k * s.n), c((size_t)s.m * s.n), r((size_t)s.m * s.n);
    for (size_t i = 0; i < a.size(); ++i) a[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (size_t i = 0; i < b.size(); ++i) b[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
    double fl = 2.0 * s.m * s.n * s.k;
    int lda = s.ta ? s.m : s.k, ldb = s.tb ? s.k : s.n;
    auto [tn, to] = best2([&] { bp::gemm(s.ta, s.tb, s.m, s.n, s.k, 1.0f, a.data(), b.data(), 0.0f, c.data()); },
      [&] { cblas_sgemm(CblasRowMajor, s.ta ? CblasTrans : CblasNoTrans, s.tb ? CblasTrans : CblasNoTrans, s.m, s.n, s.k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f, r.data(), s.n); }, minsec);
    double err = 0; for (size_t i = 0; i < c.size(); ++i) err = std::max(err, (double)std::fabs(c[i] - r[i]));
    double ratio = to / tn; lsum += std::log(ratio); if (ratio < 1) ++worse;
    printf("%c%c %5d %5d %5d  native %7.2f  blas %7.2f  ratio %5.2f  %6.2fus err %.1e\n", s.ta ? 'T' : 'N', s.tb ? 'T' : 'N', s.m, s.n, s.k, fl / tn / 1e9, fl / to / 1e9, ratio, tn * 1e6, err);
  }
  printf("below 1: %d/%zu geomean %.3f\n", worse, shapes.size(), std::exp(lsum / shapes.size()));
}
