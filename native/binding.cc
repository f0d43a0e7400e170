// The N-API surface of the addon: one function per kernel of the manifest (src/backends/manifest.ts, as
// native/generated/manifest.h), with the same name and argument order. Each checks the whole call with
// an Args built from the kernel's specs (args.h) and only then calls the kernel (kernels.h) on the typed
// arrays in place: no copies, no allocation visible to JavaScript.
#include <napi.h>

#include <string>

#include "args.h"
#include "dispatch.h"
#include "generated/manifest.h"
#include "instance.h"
#include "kernels.h"
#include "thread_pool.h"

namespace bp {
namespace entry {

using Info = Napi::CallbackInfo;

Napi::Value done(const Info& info) { return info.Env().Undefined(); }
Napi::Value number(const Info& info, double v) { return Napi::Number::New(info.Env(), v); }

// ------------------------------------------------------------------------------------------- gemm
Napi::Value gemm(const Info& info) {
  const Args g(info, spec::gemm);
  ::bp::gemm(g.flag(0), g.flag(1), g.size(2), g.size(3), g.size(4), g.real(5), g.buffer(6), g.buffer(7), g.real(8),
             g.buffer(9));
  return done(info);
}

Napi::Value biasAdd(const Info& info) {
  const Args g(info, spec::biasAdd);
  bias_add(g.size(0), g.size(1), g.buffer(2), g.buffer(3));
  return done(info);
}

Napi::Value biasGrad(const Info& info) {
  const Args g(info, spec::biasGrad);
  bias_grad(g.size(0), g.size(1), g.buffer(2), g.buffer(3));
  return done(info);
}

// ------------------------------------------------------------------------------------------- activation
Napi::Value activationForward(const Info& info) {
  const Args g(info, spec::activationForward);
  activation_forward(g.activation(0), g.size(1), g.real(2), g.buffer(3), g.buffer(4));
  return done(info);
}

Napi::Value activationBackward(const Info& info) {
  const Args g(info, spec::activationBackward);
  activation_backward(g.activation(0), g.size(1), g.real(2), g.buffer(3), g.buffer(4), g.buffer(5), g.buffer(6));
  return done(info);
}

Napi::Value stepForward(const Info& info) {
  const Args g(info, spec::stepForward);
  step_forward(g.size(0), g.buffer(1), g.buffer(2));
  return done(info);
}

Napi::Value softmaxForward(const Info& info) {
  const Args g(info, spec::softmaxForward);
  softmax_forward(g.size(0), g.size(1), g.buffer(2), g.buffer(3));
  return done(info);
}

Napi::Value softmaxBackward(const Info& info) {
  const Args g(info, spec::softmaxBackward);
  softmax_backward(g.size(0), g.size(1), g.buffer(2), g.buffer(3), g.buffer(4));
  return done(info);
}

// ------------------------------------------------------------------------------------------- loss
template <double (*Kernel)(size_t, size_t, const float*, const float*, float*)>
Napi::Value pair_loss(const Info& info, const spec::Kernel& k) {
  const Args g(info, k);
  return number(info, Kernel(g.size(0), g.size(1), g.buffer(2), g.buffer(3), g.buffer(4)));
}

Napi::Value mseLoss(const Info& info) { return pair_loss<mse_loss>(info, spec::mseLoss); }
Napi::Value sseLoss(const Info& info) { return pair_loss<sse_loss>(info, spec::sseLoss); }
Napi::Value bceLoss(const Info& info) { return pair_loss<bce_loss>(info, spec::bceLoss); }
Napi::Value bceLogitsLoss(const Info& info) { return pair_loss<bce_logits_loss>(info, spec::bceLogitsLoss); }

Napi::Value softmaxCrossEntropy(const Info& info) {
  const Args g(info, spec::softmaxCrossEntropy);
  return number(info, softmax_cross_entropy(g.size(0), g.size(1), g.buffer(2), g.buffer(3), g.buffer(4), g.buffer(5)));
}

Napi::Value sparseSoftmaxCrossEntropy(const Info& info) {
  const Args g(info, spec::sparseSoftmaxCrossEntropy);
  const size_t rows = g.size(0), cols = g.size(1);
  const float* labels = g.buffer(3);
  // The labels are data, not arguments: each indexes its gradient row, so all are checked before
  // anything is written.
  for (size_t r = 0; r < rows; ++r) {
    const float l = labels[r];
    if (!(l >= 0.0f && l < static_cast<float>(cols)) || l != static_cast<float>(static_cast<int64_t>(l))) {
      throw_argument_error(info.Env(), true,
                           "backprop: sparseSoftmaxCrossEntropy: labels[" + std::to_string(r) +
                               "] must be an integer class index in [0, " + std::to_string(cols) + "); got " +
                               format_number(l));
    }
  }
  return number(info, sparse_softmax_cross_entropy(rows, cols, g.buffer(2), labels, g.buffer(4), g.buffer(5)));
}

// ------------------------------------------------------------------------------------------- batchnorm
Napi::Value batchNormForwardTrain(const Info& info) {
  const Args g(info, spec::batchNormForwardTrain);
  batchnorm_forward_train(g.size(0), g.size(1), g.real(2), g.real(3), g.buffer(4), g.buffer(5), g.buffer(6),
                          g.buffer(7), g.buffer(8), g.buffer(9), g.buffer(10), g.buffer(11));
  return done(info);
}

Napi::Value batchNormForwardInference(const Info& info) {
  const Args g(info, spec::batchNormForwardInference);
  batchnorm_forward_inference(g.size(0), g.size(1), g.real(2), g.buffer(3), g.buffer(4), g.buffer(5), g.buffer(6),
                              g.buffer(7), g.buffer(8));
  return done(info);
}

Napi::Value batchNormBackward(const Info& info) {
  const Args g(info, spec::batchNormBackward);
  batchnorm_backward(g.size(0), g.size(1), g.buffer(2), g.buffer(3), g.buffer(4), g.buffer(5), g.buffer(6), g.buffer(7),
                     g.buffer(8), g.buffer(9));
  return done(info);
}

// ------------------------------------------------------------------------------------------- dropout
Napi::Value dropoutForward(const Info& info) {
  const Args g(info, spec::dropoutForward);
  dropout_forward(g.size(0), g.real(1), g.buffer(2), g.buffer(3), g.buffer(4));
  return done(info);
}

Napi::Value dropoutBackward(const Info& info) {
  const Args g(info, spec::dropoutBackward);
  dropout_backward(g.size(0), g.real(1), g.buffer(2), g.buffer(3), g.buffer(4));
  return done(info);
}

// ------------------------------------------------------------------------------------------- optimizer
Napi::Value regularizerGradient(const Info& info) {
  const Args g(info, spec::regularizerGradient);
  regularizer_gradient(g.size(0), g.real(1), g.real(2), g.buffer(3), g.buffer(4));
  return done(info);
}

Napi::Value sgdStep(const Info& info) {
  const Args g(info, spec::sgdStep);
  sgd_step(g.size(0), g.real(1), g.buffer(2), g.buffer(3));
  return done(info);
}

Napi::Value momentumStep(const Info& info) {
  const Args g(info, spec::momentumStep);
  momentum_step(g.size(0), g.real(1), g.real(2), g.flag(3), g.buffer(4), g.buffer(5), g.buffer(6));
  return done(info);
}

Napi::Value adagradStep(const Info& info) {
  const Args g(info, spec::adagradStep);
  adagrad_step(g.size(0), g.real(1), g.real(2), g.buffer(3), g.buffer(4), g.buffer(5));
  return done(info);
}

Napi::Value rmspropStep(const Info& info) {
  const Args g(info, spec::rmspropStep);
  rmsprop_step(g.size(0), g.real(1), g.real(2), g.real(3), g.buffer(4), g.buffer(5), g.buffer(6));
  return done(info);
}

Napi::Value adamStep(const Info& info) {
  const Args g(info, spec::adamStep);
  adam_step(g.size(0), g.real(1), g.real(2), g.real(3), g.real(4), g.integer(5), g.real(6), g.buffer(7), g.buffer(8),
            g.buffer(9), g.buffer(10));
  return done(info);
}

// ------------------------------------------------------------------------------------------- norm
Napi::Value maxNormProject(const Info& info) {
  const Args g(info, spec::maxNormProject);
  max_norm_project(g.size(0), g.size(1), g.real(2), g.buffer(3));
  return done(info);
}

Napi::Value sumOfSquares(const Info& info) {
  const Args g(info, spec::sumOfSquares);
  return number(info, sum_of_squares(g.size(0), g.buffer(1)));
}

Napi::Value scale(const Info& info) {
  const Args g(info, spec::scale);
  ::bp::scale(g.size(0), g.real(1), g.buffer(2));
  return done(info);
}

Napi::Value clipByValue(const Info& info) {
  const Args g(info, spec::clipByValue);
  clip_by_value(g.size(0), g.real(1), g.real(2), g.buffer(3));
  return done(info);
}

Napi::Value axpy(const Info& info) {
  const Args g(info, spec::axpy);
  ::bp::axpy(g.size(0), g.real(1), g.buffer(2), g.buffer(3));
  return done(info);
}

Napi::Value copy(const Info& info) {
  const Args g(info, spec::copy);
  ::bp::copy(g.size(0), g.buffer(1), g.buffer(2));
  return done(info);
}

// ------------------------------------------------------------------------------------------- addon only
// Functions outside the contract (tests, the benchmark, controls), checked by the same Args against specs
// written here in the manifest's form.
namespace extra {
using spec::Arg;
using spec::Kind;
using spec::Role;
constexpr double kSizeEnd = 2147483648.0;
constexpr spec::Kernel gemmReference{"gemmReference", spec::gemm_args, 10, nullptr, 0, false};
// kind: 0 exp, 1 log, 2 tanh, 3 sigmoid, 4 the normal CDF (simd/vmath.inl).
constexpr Arg vector_math_args[] = {
    {"kind", Kind::integer, Role::none, 0.0, 4.0, false, -1, {-1, -1}},
    {"n", Kind::size, Role::none, 0.0, kSizeEnd, true, -1, {-1, -1}},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1}},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1}},
};
constexpr spec::Alias vector_math_alias[] = {{3, 2}};
constexpr spec::Kernel vectorMath{"vectorMath", vector_math_args, 4, vector_math_alias, 1, false};
constexpr Arg set_threads_args[] = {{"threads", Kind::integer, Role::none, 1.0, 1024.0, false, -1, {-1, -1}}};
constexpr spec::Kernel setThreads{"setThreads", set_threads_args, 1, nullptr, 0, false};
constexpr Arg noop_args[] = {
    {"n", Kind::size, Role::none, 0.0, kSizeEnd, true, -1, {-1, -1}},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1}},
};
constexpr spec::Kernel noop{"noop", noop_args, 2, nullptr, 0, false};
}  // namespace extra

// The textbook triple loop (double accumulation), with gemm's checks: tests and the benchmark's baseline.
Napi::Value gemmReference(const Info& info) {
  const Args g(info, extra::gemmReference);
  gemm_reference(g.flag(0), g.flag(1), g.size(2), g.size(3), g.size(4), g.real(5), g.buffer(6), g.buffer(7),
                 g.real(8), g.buffer(9));
  return done(info);
}

Napi::Value vectorMath(const Info& info) {
  const Args g(info, extra::vectorMath);
  vector_math(static_cast<int>(g.integer(0)), g.size(1), g.buffer(2), g.buffer(3));
  return done(info);
}

Napi::Value isa(const Info& info) { return Napi::String::New(info.Env(), ::bp::isa().name); }

Napi::Value isaSupported(const Info& info) { return Napi::String::New(info.Env(), isa_supported()); }

// selectIsa(name): switch to a level this CPU supports (tests run every level in one process).
Napi::Value selectIsa(const Info& info) {
  const bool is_string = info.Length() == 1 && info[0].IsString();
  const std::string name = is_string ? info[0].As<Napi::String>().Utf8Value() : "";
  if (!is_string || !isa_select(name.c_str())) {
    throw_argument_error(info.Env(), is_string,
                         std::string("backprop: selectIsa: name must be one of the levels this CPU supports (") +
                             isa_supported() + "); got " + (is_string ? "\"" + name + "\"" : "no string"));
  }
  return Napi::String::New(info.Env(), ::bp::isa().name);
}

Napi::Value threads(const Info& info) { return number(info, static_cast<double>(thread_count())); }

Napi::Value setThreads(const Info& info) {
  const Args g(info, extra::setThreads);
  set_thread_count(static_cast<size_t>(g.integer(0)));
  return number(info, static_cast<double>(thread_count()));
}

// Checks its arguments and does nothing: the benchmark times it to measure the cost of one call.
Napi::Value noop(const Info& info) {
  const Args g(info, extra::noop);
  return done(info);
}

}  // namespace entry

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  attach_instance(env);
  if (const char* isa_error = isa_request_error()) throw Napi::RangeError::New(env, std::string("backprop: ") + isa_error);
  const auto add = [&](const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, fn, name));
  };
#define BP_EXPORT(name) add(#name, entry::name);
  BP_KERNELS(BP_EXPORT)
  BP_EXPORT(gemmReference)
  BP_EXPORT(vectorMath)
  BP_EXPORT(isa)
  BP_EXPORT(isaSupported)
  BP_EXPORT(selectIsa)
  BP_EXPORT(threads)
  BP_EXPORT(setThreads)
  BP_EXPORT(noop)
#undef BP_EXPORT
  add("setErrorClasses", set_error_classes);
  return exports;
}

}  // namespace bp

static Napi::Object InitBackprop(Napi::Env env, Napi::Object exports) { return bp::Init(env, exports); }

NODE_API_MODULE(backprop, InitBackprop)
