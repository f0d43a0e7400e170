// The one argument checker of the binding: an Args checks a whole kernel call against that kernel's
// specs in the manifest (generated/manifest.h) before any memory is touched: the argument count, each
// argument by its kind and range, each buffer's length, and that no written buffer overlaps another
// (except a listed pair that is exactly the same memory). A wrong call throws a KernelArgumentError (a
// wrong kind of value) or a KernelRangeError (the right kind, out of range), with the same message the
// js and wasm backends give (src/backends/validate.ts), e.g.
//   backprop: gemm: a must be a Float32Array of at least 12 floats; got a Float32Array of length 10
//   (m * k = 3 * 4)
// After construction the kernel function only reads the checked values.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>

#include "generated/manifest.h"

namespace bp {

class Args {
 public:
  // The call's arguments as N-API gave them: argc of them, argv holding the first min(argc, kMaxArgs).
  Args(napi_env env, size_t argc, const napi_value* argv, const spec::Kernel& kernel);

  bool flag(int i) const { return number_[i] != 0.0; }
  size_t size(int i) const { return static_cast<size_t>(number_[i]); }
  double integer(int i) const { return number_[i]; }
  float real(int i) const { return static_cast<float>(number_[i]); }
  int activation(int i) const { return static_cast<int>(number_[i]); }
  // The buffer's first element (byteOffset applied; bytes and indices too, as a float pointer that entry.h
  // gives the kernel as its element type); nullptr when the kernel touches none of it.
  float* buffer(int i) const { return data_[i]; }
  // The elements of buffer i the kernel touches (its needed length).
  uint64_t used(int i) const { return used_[i]; }

 private:
  void check(int i);
  void check_overlaps() const;
  void check_class_indices(int i) const;
  void check_indices(int i) const;
  [[noreturn]] void fail(int i, bool range, const std::string& expected, const std::string& note = "") const;
  std::string expected(int i) const;
  std::string length_note(int i) const;

  const napi_env env_;
  const napi_value* const argv_;
  const spec::Kernel& kernel_;
  // Fixed arrays keep a successful call free of heap allocation. number_: a number's value, a flag as 0 or
  // 1, a buffer's needed length.
  double number_[spec::kMaxArgs];
  float* data_[spec::kMaxArgs];
  uint64_t used_[spec::kMaxArgs];
};

// A number as JavaScript's String(number) writes it (ECMAScript Number::toString).
std::string format_number(double v);

// Throws unless each of the `count` labels (argument i of `kernel`) is an integer class index in [0, classes),
// as a labels buffer of a checked call must be: a label indexes a row of the gradient.
void check_class_indices(napi_env env, const spec::Kernel& kernel, int i, const float* labels, uint64_t count,
                         double classes);

// Throws unless each of the `count` indices (argument i of `kernel`) is below `bound`, as an indices buffer of a
// checked call must be: an index picks a row of another buffer.
void check_indices(napi_env env, const spec::Kernel& kernel, int i, const uint32_t* indices, uint64_t count,
                   double bound);

}  // namespace bp
