// The 24 GEMM calls of three training steps of the Fashion-MNIST MLP 784-256-128-10 at batch 128 (or the
// batch given after the thread count, up to 1024): forward, weight gradient X^T dY, input gradient dY W^T,
// with the pool at a given thread count; for counting instructions, which unlike time do not depend on
// what else the machine runs. From the package root (the flags are binding.gyp's for each instruction set):
//
//   F="-std=c++17 -O2 -g -fno-math-errno -Inative -include native/glibc_symbols.h"; o=/tmp/mlp-gemms; mkdir -p $o
//   g++ $F -mavx2 -mfma -c native/isa_avx2.cc -o $o/avx2.o
//   g++ $F -mavx2 -mfma -mavx512f -mavx512bw -mavx512dq -mavx512vl -Wno-maybe-uninitialized \
//     -c native/isa_avx512.cc -o $o/avx512.o
//   for f in isa_sse2 isa_scalar gemm dispatch thread_pool; do g++ $F -c native/$f.cc -o $o/$f.o; done
//   g++ $F bench/kernels/mlp-gemms.cc $o/*.o -pthread -o $o/mlp-gemms
//   valgrind --tool=callgrind --callgrind-out-file=$o/cg.out $o/mlp-gemms 2
//   callgrind_annotate --inclusive=yes $o/cg.out | grep 'gemm_impl::gemm('
//
// The instructions inside the per-ISA kernel, summed over threads, show what splitting C costs (each
// piece packs its own share of the operands); the spinning of idle threads is outside it.
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "../../native/kernels.h"
#include "../../native/thread_pool.h"

int main(int argc, char** argv) {
  const int batch_arg = argc == 3 ? std::atoi(argv[2]) : 128;
  if (argc < 2 || argc > 3 || std::atoi(argv[1]) < 1 || batch_arg < 1 || batch_arg > 1024) {
    std::fprintf(stderr, "usage: mlp-gemms <threads >= 1> [batch 1..1024, default 128]\n");
    return 2;
  }
  bp::set_thread_count(static_cast<size_t>(std::atoi(argv[1])));
  bp::attach_environment();
  const size_t batch = static_cast<size_t>(batch_arg), units[] = {784, 256, 128, 10};
  std::vector<float> a(1 << 20, 0.01f), b(1 << 20, 0.02f), c(1 << 20);
  for (int step = 0; step < 3; ++step) {
    for (int l = 0; l < 3; ++l) {
      const size_t in = units[l], out = units[l + 1];
      bp::gemm(false, false, batch, out, in, 1, a.data(), b.data(), 0, c.data());
      bp::gemm(true, false, in, out, batch, 1, a.data(), b.data(), 0, c.data());
      if (l > 0) bp::gemm(false, true, batch, in, out, 1, a.data(), b.data(), 0, c.data());
    }
  }
  std::printf("c[0] = %g\n", c[0]);
  bp::detach_environment();
}
