// The N-API surface of the addon: one function per kernel of the manifest (src/backends/manifest.ts, as
// native/generated/manifest.h), with the same name and argument order, made by entry.h from the kernel's
// specs and its C++ function (kernels.h): the whole call is checked first, then the kernel runs on the
// typed arrays in place: no copies, no allocation visible to JavaScript. Then a few functions outside
// the contract, for tests, the benchmark and the controls.
#include <napi.h>

#include <string>

#include "args.h"
#include "dispatch.h"
#include "entry.h"
#include "generated/manifest.h"
#include "instance.h"
#include "kernels.h"
#include "program.h"
#include "thread_auto.h"
#include "thread_pool.h"

namespace bp {

// ------------------------------------------------------------------------------------------- addon only
// Functions outside the contract (tests, the benchmark, controls), checked by the same Args against specs
// written in the manifest's form.
namespace extra {

using spec::Arg;
using spec::Kind;
using spec::Role;
constexpr double kSizeEnd = 2147483648.0;

// The textbook triple loop (double accumulation) with gemm's checks: tests and the benchmark's baseline.
constexpr spec::Kernel gemmReference{"gemmReference", spec::gemm_args, 10, nullptr, 0, false};

// vectorMath(kind, n, x, y): kind 0 exp, 1 log, 2 tanh, 3 sigmoid, 4 the normal CDF (simd/vmath.inl).
constexpr Arg vector_math_args[] = {
    {"kind", Kind::integer, Role::none, 0.0, 4.0, false, -1, {-1, -1}, -1},
    {"n", Kind::size, Role::none, 0.0, kSizeEnd, true, -1, {-1, -1}, -1},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1}, -1},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1}, -1},
};
constexpr spec::Alias vector_math_alias[] = {{3, 2}};
constexpr spec::Kernel vectorMath{"vectorMath", vector_math_args, 4, vector_math_alias, 1, false};

// setThreads(threads): sets the size of the pool and returns it.
constexpr Arg set_threads_args[] = {{"threads", Kind::integer, Role::none, 1.0, 1024.0, false, -1, {-1, -1}, -1}};
constexpr spec::Kernel setThreads{"setThreads", set_threads_args, 1, nullptr, 0, true};
double set_threads(int threads) {
  set_thread_count(static_cast<size_t>(threads));
  return static_cast<double>(thread_count());
}

// noop(n, x): checks its arguments and does nothing: the benchmark times it to measure the cost of a call.
constexpr Arg noop_args[] = {
    {"n", Kind::size, Role::none, 0.0, kSizeEnd, true, -1, {-1, -1}, -1},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1}, -1},
};
constexpr spec::Kernel noop{"noop", noop_args, 2, nullptr, 0, false};
void noop_kernel(size_t, const float*) {}

Napi::Value isa(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), ::bp::isa().name); }

Napi::Value isaSupported(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), isa_supported()); }

Napi::Value threads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(chosen_thread_count()));
}

Napi::Value threadChoice(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), thread_choice_text());
}

Napi::Value threadChoiceMade(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), thread_choice_made());
}

// selectIsa(name): switch to a level this CPU supports (tests run every level in one process).
Napi::Value selectIsa(const Napi::CallbackInfo& info) {
  const bool is_string = info.Length() == 1 && info[0].IsString();
  const std::string name = is_string ? info[0].As<Napi::String>().Utf8Value() : "";
  if (!is_string || !isa_select(name.c_str())) {
    throw_argument_error(info.Env(), is_string,
                         std::string("backprop: selectIsa: name must be one of the levels this CPU supports (") +
                             isa_supported() + "); got " + (is_string ? "\"" + name + "\"" : "no string"));
  }
  return Napi::String::New(info.Env(), ::bp::isa().name);
}

}  // namespace extra

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  attach_instance(env);
  if (const char* isa_error = isa_request_error()) {
    throw Napi::RangeError::New(env, std::string("backprop: ") + isa_error);
  }
  const auto add = [&](const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, fn, name));
  };
  // A kernel's entry is a plain N-API callback (entry.h).
  const auto add_kernel = [&](const char* name, napi_callback fn) {
    napi_value function = nullptr;
    NAPI_THROW_IF_FAILED(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, nullptr, &function), );
    exports.Set(name, Napi::Value(env, function));
  };
#define BP_EXPORT(name, cpp_name) add_kernel(#name, entry<spec::name, cpp_name>);
  BP_KERNELS(BP_EXPORT)
#undef BP_EXPORT
  // The textbook triple loop (double accumulation) with gemm's checks: tests and the benchmark's baseline.
  add_kernel("gemmReference", entry<extra::gemmReference, gemm_reference>);
  add_kernel("vectorMath", entry<extra::vectorMath, vector_math>);
  add_kernel("setThreads", entry<extra::setThreads, extra::set_threads>);
  add_kernel("noop", entry<extra::noop, extra::noop_kernel>);
  add("isa", extra::isa);
  add("isaSupported", extra::isaSupported);
  add("selectIsa", extra::selectIsa);
  add("threads", extra::threads);
  add("threadChoice", extra::threadChoice);
  add("threadChoiceMade", extra::threadChoiceMade);
  add("setErrorClasses", set_error_classes);
  add_program_functions(env, exports);
  // Only notes how the count is chosen: the measurement waits until a kernel or backendInfo() needs it.
  note_thread_mode();
  return exports;
}

}  // namespace bp

static Napi::Object InitBackprop(Napi::Env env, Napi::Object exports) { return bp::Init(env, exports); }

NODE_API_MODULE(backprop, InitBackprop)

#if defined(__linux__) && defined(__GLIBCXX__)
#include <new>
// GCC 11 and later make every array allocation whose length is known only at run time (node-addon-api's
// argument arrays, std::vector growth) call std::__throw_bad_array_new_length, which libstdc++ first exports
// in GCC 11 (GLIBCXX_3.4.29). Defined here, hidden, the addon binds it to itself instead, so the prebuilt
// addon still loads with the libstdc++ of GCC 6 (native/glibc_symbols.h lists the other such symbols).
namespace std {
__attribute__((visibility("hidden"), noreturn)) void __throw_bad_array_new_length() { throw bad_array_new_length(); }
}  // namespace std
#endif
