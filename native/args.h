// Argument checking for the binding: every kernel call passes through an Args before any memory is
// touched. A wrong call throws a JavaScript TypeError (wrong kind of value) or RangeError (right kind,
// wrong value or size) whose message names the kernel, the argument, what was expected and what came:
//   backprop native: gemm: a must be a Float32Array of at least 12 floats; got a Float32Array of length 10
//   (m * k = 3 * 4)
#pragma once
#include <napi.h>

#include <cstdint>
#include <initializer_list>
#include <string>

namespace bp {

// A checked Float32Array: its data pointer (byteOffset applied) and the floats the kernel will touch.
struct ArrayArg {
  const char* name;
  float* data;
  uint64_t used;
};

class Args {
 public:
  // Checks the argument count against `names` (the contract's parameter names, in order).
  Args(const Napi::CallbackInfo& info, const char* kernel, std::initializer_list<const char*> names);

  // An integer size in [min, 2^31).
  uint64_t size(size_t i, uint64_t min = 0);
  // A finite number that fits a float32, within [lo, hi] (hi_open: strictly below hi).
  float real(size_t i, double lo = -3.4028234663852886e38, double hi = 3.4028234663852886e38, bool hi_open = false);
  // An integer in [lo, hi].
  int64_t integer(size_t i, int64_t lo, int64_t hi);
  bool flag(size_t i);
  // A Float32Array holding at least `need` floats. `shape` names the product that gives need ("rows *
  // cols"), d0 and d1 its factors (d1 = kNoDim for a single size); the text is built only for an error.
  static constexpr uint64_t kNoDim = ~uint64_t{0};
  ArrayArg array(size_t i, uint64_t need, const char* shape, uint64_t d0, uint64_t d1 = kNoDim);

  // Outputs must not overlap any other array, except an (output, input) pair listed in `may_alias`
  // that is exactly the same memory (same start).
  void no_overlap(std::initializer_list<const ArrayArg*> outputs, std::initializer_list<const ArrayArg*> others,
                  std::initializer_list<std::pair<const ArrayArg*, const ArrayArg*>> may_alias = {});

  [[noreturn]] void range_error(size_t i, const std::string& expected, const std::string& got,
                                const std::string& note = "") const;
  [[noreturn]] void type_error(size_t i, const std::string& expected, const std::string& note = "") const;
  const char* kernel() const { return kernel_; }
  Napi::Env env() const { return info_.Env(); }

 private:
  std::string where(size_t i) const;
  std::string describe(const Napi::Value& v) const;

  const Napi::CallbackInfo& info_;
  const char* kernel_;
  // The names are string literals; a fixed array keeps a successful call free of heap allocation.
  static constexpr size_t kMaxArgs = 16;
  const char* names_[kMaxArgs];
  size_t count_;
};

std::string format_number(double v);

}  // namespace bp
