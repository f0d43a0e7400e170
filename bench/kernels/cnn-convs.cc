// The convolution and pooling calls of one training step of the Fashion-MNIST CNN at batch 128 (conv 32
// 3x3 on 28x28x1, max pool 2x2, conv 64 3x3 on 13x13x32, max pool 2x2; 'valid' padding), as the conv2d
// layer makes them: im2col, the forward gemm cols x kernel, the kernel gradient cols^T dz, and for the
// second convolution the input gradient dcols = dz kernel^T and col2im. Prints each call's median time over
// `reps` runs (wall clock: run it on a quiet machine), or, with reps = 1, is a fixed workload for
// counting instructions, which do not depend on what else the machine runs. From the package root (the
// flags are binding.gyp's for each instruction set):
//
//   F="-std=c++17 -O3 -g -fno-math-errno -Inative -include native/glibc_symbols.h"; o=/tmp/cnn-convs; mkdir -p $o
//   g++ $F -mavx2 -mfma -c native/isa_avx2.cc -o $o/avx2.o
//   g++ $F -mavx2 -mfma -mavx512f -mavx512bw -mavx512dq -mavx512vl -Wno-maybe-uninitialized \
//     -c native/isa_avx512.cc -o $o/avx512.o
//   for f in isa_sse2 isa_scalar gemm conv pool dispatch thread_pool; do g++ $F -c native/$f.cc -o $o/$f.o; done
//   g++ $F bench/kernels/cnn-convs.cc $o/*.o -pthread -o $o/cnn-convs
//   $o/cnn-convs 1 50                  # threads, reps: median milliseconds per call
//   valgrind --tool=callgrind --callgrind-out-file=$o/cg.out $o/cnn-convs 1 1
//   callgrind_annotate --inclusive=yes $o/cg.out | grep -E 'bp::(im2col|col2im|gemm|max_pool)'
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "../../native/dispatch.h"
#include "../../native/kernels.h"
#include "../../native/thread_pool.h"

namespace {

int reps = 1;

// Median wall time of f over reps calls, in milliseconds, printed with its label.
void time_call(const std::string& label, const std::function<void()>& f) {
  std::vector<double> ms;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-44s %9.3f ms\n", label.c_str(), ms[ms.size() / 2]);
}

// One 'valid' 3x3 convolution layer with stride 1 over n images h x w x c into `filters` channels.
void conv_layer(const std::string& name, size_t n, size_t h, size_t w, size_t c, size_t filters, bool input_grad) {
  const size_t k = 3, oh = h - k + 1, ow = w - k + 1, rows = n * oh * ow, depth = k * k * c;
  std::vector<float> x(n * h * w * c, 0.5f), cols(rows * depth), kernel(depth * filters, 0.01f);
  std::vector<float> z(rows * filters), dz(rows * filters, 0.001f), dkernel(depth * filters), dx(x.size());
  const std::string shape = " " + std::to_string(h) + "x" + std::to_string(w) + "x" + std::to_string(c) + " -> " +
                            std::to_string(filters);
  time_call(name + " im2col" + shape, [&] {
    bp::im2col(n, h, w, c, k, k, 1, 1, 1, 1, 0, 0, oh, ow, x.data(), cols.data());
  });
  time_call(name + " gemm NN (forward)", [&] {
    bp::gemm(false, false, rows, filters, depth, 1, cols.data(), kernel.data(), 0, z.data());
  });
  time_call(name + " gemm TN (kernel gradient)", [&] {
    bp::gemm(true, false, depth, filters, rows, 1, cols.data(), dz.data(), 0, dkernel.data());
  });
  if (!input_grad) return;
  time_call(name + " gemm NT (dcols)", [&] {
    bp::gemm(false, true, rows, depth, filters, 1, dz.data(), kernel.data(), 0, cols.data());
  });
  time_call(name + " col2im", [&] {
    bp::col2im(n, h, w, c, k, k, 1, 1, 1, 1, 0, 0, oh, ow, cols.data(), dx.data());
  });
}

// A 2x2 max pool with stride 2 over n images h x w x c, forward and backward.
void pool_layer(const std::string& name, size_t n, size_t h, size_t w, size_t c) {
  const size_t oh = h / 2, ow = w / 2;
  std::vector<float> x(n * h * w * c), y(n * oh * ow * c), argmax(y.size()), dy(y.size(), 0.1f), dx(x.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 7919) % 1000);
  const std::string shape = " " + std::to_string(h) + "x" + std::to_string(w) + "x" + std::to_string(c);
  time_call(name + " maxPoolForward" + shape, [&] {
    bp::max_pool_forward(n, h, w, c, 2, 2, 2, 2, 0, 0, oh, ow, x.data(), y.data(), argmax.data());
  });
  time_call(name + " maxPoolBackward", [&] {
    bp::max_pool_backward(n, h, w, c, oh, ow, argmax.data(), dy.data(), dx.data());
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::atoi(argv[1]) < 1 || std::atoi(argv[2]) < 1) {
    std::fprintf(stderr, "usage: cnn-convs <threads >= 1> <reps >= 1>\n");
    return 2;
  }
  bp::set_thread_count(static_cast<size_t>(std::atoi(argv[1])));
  reps = std::atoi(argv[2]);
  bp::attach_environment();
  std::printf("isa %s, %zu threads, batch 128, median of %d\n", bp::isa().name, bp::thread_count(), reps);
  conv_layer("conv1", 128, 28, 28, 1, 32, false);
  pool_layer("pool1", 128, 26, 26, 32);
  conv_layer("conv2", 128, 13, 13, 32, 64, true);
  pool_layer("pool2", 128, 11, 11, 64);
  bp::detach_environment();
}
