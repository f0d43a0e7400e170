// The N-API surface of the addon: one function per kernel of src/backends/contract.ts, with the same
// name and argument order. Each checks all of its arguments (args.h) and only then calls the kernel
// (kernels.h) on the typed arrays in place: no copies, no allocation visible to JavaScript.
#include <napi.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "args.h"
#include "dispatch.h"
#include "kernels.h"
#include "thread_pool.h"

namespace bp {
namespace {


constexpr double kF = 3.4028234663852886e38;  // float32 max: "any finite float"

// ------------------------------------------------------------------------------------------- gemm
using GemmFn = void (*)(bool, bool, size_t, size_t, size_t, float, const float*, const float*, float, float*);

// The fast gemm and the naive reference (for tests and the benchmark) take the same checked arguments.
template <GemmFn Run>
Napi::Value CheckedGemm(const Napi::CallbackInfo& info, const char* kernel) {
  Args g(info, kernel, {"transA", "transB", "m", "n", "k", "alpha", "a", "b", "beta", "c"});
  const bool ta = g.flag(0), tb = g.flag(1);
  const uint64_t m = g.size(2), n = g.size(3), k = g.size(4);
  const float alpha = g.real(5);
  const ArrayArg a = g.array(6, m * k, ta ? "k * m" : "m * k", ta ? k : m, ta ? m : k);
  const ArrayArg b = g.array(7, k * n, tb ? "n * k" : "k * n", tb ? n : k, tb ? k : n);
  const float beta = g.real(8);
  const ArrayArg c = g.array(9, m * n, "m * n", m, n);
  g.no_overlap({&c}, {&a, &b});
  Run(ta, tb, m, n, k, alpha, a.data, b.data, beta, c.data);
  return info.Env().Undefined();
}

Napi::Value Gemm(const Napi::CallbackInfo& info) { return CheckedGemm<gemm>(info, "gemm"); }
Napi::Value GemmReference(const Napi::CallbackInfo& info) { return CheckedGemm<gemm_reference>(info, "gemmReference"); }

// ------------------------------------------------------------------------------------------- bias
Napi::Value BiasAdd(const Napi::CallbackInfo& info) {
  Args g(info, "biasAdd", {"rows", "cols", "bias", "y"});
  const uint64_t rows = g.size(0), cols = g.size(1);
  const ArrayArg bias = g.array(2, cols, "cols", cols);
  const ArrayArg y = g.array(3, rows * cols, "rows * cols", rows, cols);
  g.no_overlap({&y}, {&bias});
  bias_add(rows, cols, bias.data, y.data);
  return info.Env().Undefined();
}

Napi::Value BiasGrad(const Napi::CallbackInfo& info) {
  Args g(info, "biasGrad", {"rows", "cols", "dy", "dbias"});
  const uint64_t rows = g.size(0), cols = g.size(1);
  const ArrayArg dy = g.array(2, rows * cols, "rows * cols", rows, cols);
  const ArrayArg dbias = g.array(3, cols, "cols", cols);
  g.no_overlap({&dbias}, {&dy});
  bias_grad(rows, cols, dy.data, dbias.data);
  return info.Env().Undefined();
}

// ------------------------------------------------------------------------------------------- activation
Napi::Value ActivationForward(const Napi::CallbackInfo& info) {
  Args g(info, "activationForward", {"kind", "n", "alpha", "x", "y"});
  const int kind = static_cast<int>(g.integer(0, 0, 6));
  const uint64_t n = g.size(1);
  const float alpha = g.real(2);
  const ArrayArg x = g.array(3, n, "n", n);
  const ArrayArg y = g.array(4, n, "n", n);
  g.no_overlap({&y}, {&x}, {{&y, &x}});
  activation_forward(kind, n, alpha, x.data, y.data);
  return info.Env().Undefined();
}

Napi::Value ActivationBackward(const Napi::CallbackInfo& info) {
  Args g(info, "activationBackward", {"kind", "n", "alpha", "x", "y", "dy", "dx"});
  const int kind = static_cast<int>(g.integer(0, 0, 6));
  const uint64_t n = g.size(1);
  const float alpha = g.real(2);
  const ArrayArg x = g.array(3, n, "n", n);
  const ArrayArg y = g.array(4, n, "n", n);
  const ArrayArg dy = g.array(5, n, "n", n);
  const ArrayArg dx = g.array(6, n, "n", n);
  g.no_overlap({&dx}, {&x, &y, &dy}, {{&dx, &dy}});
  activation_backward(kind, n, alpha, x.data, y.data, dy.data, dx.data);
  return info.Env().Undefined();
}

Napi::Value StepForward(const Napi::CallbackInfo& info) {
  Args g(info, "stepForward", {"n", "x", "y"});
  const uint64_t n = g.size(0);
  const ArrayArg x = g.array(1, n, "n", n);
  const ArrayArg y = g.array(2, n, "n", n);
  g.no_overlap({&y}, {&x}, {{&y, &x}});
  step_forward(n, x.data, y.data);
  return info.Env().Undefined();
}

Napi::Value SoftmaxForward(const Napi::CallbackInfo& info) {
  Args g(info, "softmaxForward", {"rows", "cols", "x", "y"});
  const uint64_t rows = g.size(0), cols = g.size(1);
  const ArrayArg x = g.array(2, rows * cols, "rows * cols", rows, cols);
  const ArrayArg y = g.array(3, rows * cols, "rows * cols", rows, cols);
  g.no_overlap({&y}, {&x}, {{&y, &x}});
  softmax_forward(rows, cols, x.data, y.data);
  return info.Env().Undefined();
}

Napi::Value SoftmaxBackward(const Napi::CallbackInfo& info) {
  Args g(info, "softmaxBackward", {"rows", "cols", "y", "dy", "dx"});
  const uint64_t rows = g.size(0), cols = g.size(1);
  const ArrayArg y = g.array(2, rows * cols, "rows * cols", rows, cols);
  const ArrayArg dy = g.array(3, rows * cols, "rows * cols", rows, cols);
  const ArrayArg dx = g.array(4, rows * cols, "rows * cols", rows, cols);
  g.no_overlap({&dx}, {&y, &dy}, {{&dx, &dy}});
  softmax_backward(rows, cols, y.data, dy.data, dx.data);
  return info.Env().Undefined();
}

// ------------------------------------------------------------------------------------------- loss
// The losses average over rows (and values): an empty batch has no mean, so rows and cols are >= 1.
template <double (*Kernel)(size_t, size_t, const float*, const float*, float*)>
Napi::Value PairLoss(const Napi::CallbackInfo& info, const char* name, const char* input) {
  Args g(info, name, {"rows", "cols", input, "target", "grad"});
  const uint64_t rows = g.size(0, 1), cols = g.size(1, 1);
  const ArrayArg p = g.array(2, rows * cols, "rows * cols", rows, cols);
  const ArrayArg t = g.array(3, rows * cols, "rows * cols", rows, cols);
  const ArrayArg grad = g.array(4, rows * cols, "rows * cols", rows, cols);
  g.no_overlap({&grad}, {&p, &t});
  return Napi::Number::New(info.Env(), Kernel(rows, cols, p.data, t.data, grad.data));
}

Napi::Value MseLoss(const Napi::CallbackInfo& info) { return PairLoss<mse_loss>(info, "mseLoss", "pred"); }
Napi::Value SseLoss(const Napi::CallbackInfo& info) { return PairLoss<sse_loss>(info, "sseLoss", "pred"); }
Napi::Value BceLoss(const Napi::CallbackInfo& info) { return PairLoss<bce_loss>(info, "bceLoss", "prob"); }
Napi::Value BceLogitsLoss(const Napi::CallbackInfo& info) {
  return PairLoss<bce_logits_loss>(info, "bceLogitsLoss", "logits");
}

Napi::Value SoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  Args g(info, "softmaxCrossEntropy", {"rows", "cols", "logits", "target", "probs", "grad"});
  const uint64_t rows = g.size(0, 1), cols = g.size(1, 1);
  const ArrayArg z = g.array(2, rows * cols, "rows * cols", rows, cols);
  const ArrayArg t = g.array(3, rows * cols, "rows * cols", rows, cols);
  const ArrayArg probs = g.array(4, rows * cols, "rows * cols", rows, cols);
  const ArrayArg grad = g.array(5, rows * cols, "rows * cols", rows, cols);
  g.no_overlap({&probs, &grad}, {&z, &t});
  return Napi::Number::New(info.Env(), softmax_cross_entropy(rows, cols, z.data, t.data, probs.data, grad.data));
}

Napi::Value SparseSoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  Args g(info, "sparseSoftmaxCrossEntropy", {"rows", "cols", "logits", "labels", "probs", "grad"});
  const uint64_t rows = g.size(0, 1), cols = g.size(1, 1);
  const ArrayArg z = g.array(2, rows * cols, "rows * cols", rows, cols);
  const ArrayArg labels = g.array(3, rows, "rows", rows);
  const ArrayArg probs = g.array(4, rows * cols, "rows * cols", rows, cols);
  const ArrayArg grad = g.array(5, rows * cols, "rows * cols", rows, cols);
  g.no_overlap({&probs, &grad}, {&z, &labels});
  // Every label is checked before anything is written: a label indexes the gradient row.
  for (uint64_t r = 0; r < rows; ++r) {
    const float l = labels.data[r];
    if (!(l >= 0.0f && l < static_cast<float>(cols)) || l != static_cast<float>(static_cast<int64_t>(l))) {
      throw Napi::RangeError::New(info.Env(), "backprop native: sparseSoftmaxCrossEntropy: labels[" + std::to_string(r) +
                                                  "] must be an integer class index in [0, " + std::to_string(cols) +
                                                  "); got " + format_number(l));
    }
  }
  return Napi::Number::New(info.Env(),
                           sparse_softmax_cross_entropy(rows, cols, z.data, labels.data, probs.data, grad.data));
}

// ------------------------------------------------------------------------------------------- batchnorm
Napi::Value BatchNormForwardTrain(const Napi::CallbackInfo& info) {
  Args g(info, "batchNormForwardTrain", {"rows", "cols", "epsilon", "momentum", "x", "gamma", "beta", "runningMean",
                                         "runningVar", "y", "saveMean", "saveInvStd"});
  const uint64_t rows = g.size(0, 1), cols = g.size(1);
  const float eps = g.real(2, 0.0, kF);
  const float momentum = g.real(3, 0.0, 1.0);
  const ArrayArg x = g.array(4, rows * cols, "rows * cols", rows, cols), gamma = g.array(5, cols, "cols", cols), beta = g.array(6, cols, "cols", cols);
  const ArrayArg rm = g.array(7, cols, "cols", cols), rv = g.array(8, cols, "cols", cols), y = g.array(9, rows * cols, "rows * cols", rows, cols);
  const ArrayArg sm = g.array(10, cols, "cols", cols), sis = g.array(11, cols, "cols", cols);
  g.no_overlap({&rm, &rv, &y, &sm, &sis}, {&x, &gamma, &beta}, {{&y, &x}});
  batchnorm_forward_train(rows, cols, eps, momentum, x.data, gamma.data, beta.data, rm.data, rv.data, y.data, sm.data,
                          sis.data);
  return info.Env().Undefined();
}

Napi::Value BatchNormForwardInference(const Napi::CallbackInfo& info) {
  Args g(info, "batchNormForwardInference",
         {"rows", "cols", "epsilon", "x", "gamma", "beta", "runningMean", "runningVar", "y"});
  const uint64_t rows = g.size(0), cols = g.size(1);
  const float eps = g.real(2, 0.0, kF);
  const ArrayArg x = g.array(3, rows * cols, "rows * cols", rows, cols), gamma = g.array(4, cols, "cols", cols), beta = g.array(5, cols, "cols", cols);
  const ArrayArg rm = g.array(6, cols, "cols", cols), rv = g.array(7, cols, "cols", cols), y = g.array(8, rows * cols, "rows * cols", rows, cols);
  g.no_overlap({&y}, {&x, &gamma, &beta, &rm, &rv}, {{&y, &x}});
  batchnorm_forward_inference(rows, cols, eps, x.data, gamma.data, beta.data, rm.data, rv.data, y.data);
  return info.Env().Undefined();
}

Napi::Value BatchNormBackward(const Napi::CallbackInfo& info) {
  Args g(info, "batchNormBackward",
         {"rows", "cols", "x", "gamma", "saveMean", "saveInvStd", "dy", "dx", "dgamma", "dbeta"});
  const uint64_t rows = g.size(0, 1), cols = g.size(1);
  const ArrayArg x = g.array(2, rows * cols, "rows * cols", rows, cols), gamma = g.array(3, cols, "cols", cols), sm = g.array(4, cols, "cols", cols);
  const ArrayArg sis = g.array(5, cols, "cols", cols), dy = g.array(6, rows * cols, "rows * cols", rows, cols), dx = g.array(7, rows * cols, "rows * cols", rows, cols);
  const ArrayArg dgamma = g.array(8, cols, "cols", cols), dbeta = g.array(9, cols, "cols", cols);
  g.no_overlap({&dx, &dgamma, &dbeta}, {&x, &gamma, &sm, &sis, &dy}, {{&dx, &dy}});
  batchnorm_backward(rows, cols, x.data, gamma.data, sm.data, sis.data, dy.data, dx.data, dgamma.data, dbeta.data);
  return info.Env().Undefined();
}

// ------------------------------------------------------------------------------------------- dropout
Napi::Value Dropout(const Napi::CallbackInfo& info, bool forward) {
  const char* name = forward ? "dropoutForward" : "dropoutBackward";
  Args g(info, name, {"n", "rate", "mask", forward ? "x" : "dy", forward ? "y" : "dx"});
  const uint64_t n = g.size(0);
  const float rate = g.real(1, 0.0, 1.0, true);
  const ArrayArg mask = g.array(2, n, "n", n), x = g.array(3, n, "n", n), y = g.array(4, n, "n", n);
  g.no_overlap({&y}, {&mask, &x}, {{&y, &x}});
  dropout_forward(n, rate, mask.data, x.data, y.data);
  return info.Env().Undefined();
}
Napi::Value DropoutForward(const Napi::CallbackInfo& info) { return Dropout(info, true); }
Napi::Value DropoutBackward(const Napi::CallbackInfo& info) { return Dropout(info, false); }

// ------------------------------------------------------------------------------------------- optimizer
// The ranges are PyTorch's: torch.optim refuses a learning rate, an epsilon or a weight decay below 0 and
// Adam's betas outside [0, 1); momentum and rho stay in [0, 1], where the averages they weight converge.
Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  Args g(info, "sgdStep", {"n", "lr", "params", "grads"});
  const uint64_t n = g.size(0);
  const float lr = g.real(1, 0.0, kF);
  const ArrayArg w = g.array(2, n, "n", n), gr = g.array(3, n, "n", n);
  g.no_overlap({&w}, {&gr});
  sgd_step(n, lr, w.data, gr.data);
  return info.Env().Undefined();
}

Napi::Value MomentumStep(const Napi::CallbackInfo& info) {
  Args g(info, "momentumStep", {"n", "lr", "momentum", "nesterov", "params", "grads", "velocity"});
  const uint64_t n = g.size(0);
  const float lr = g.real(1, 0.0, kF), mom = g.real(2, 0.0, 1.0);
  const bool nesterov = g.flag(3);
  const ArrayArg w = g.array(4, n, "n", n), gr = g.array(5, n, "n", n), v = g.array(6, n, "n", n);
  g.no_overlap({&w, &v}, {&gr});
  momentum_step(n, lr, mom, nesterov, w.data, gr.data, v.data);
  return info.Env().Undefined();
}

Napi::Value AdagradStep(const Napi::CallbackInfo& info) {
  Args g(info, "adagradStep", {"n", "lr", "epsilon", "params", "grads", "accum"});
  const uint64_t n = g.size(0);
  const float lr = g.real(1, 0.0, kF), eps = g.real(2, 0.0, kF);
  const ArrayArg w = g.array(3, n, "n", n), gr = g.array(4, n, "n", n), h = g.array(5, n, "n", n);
  g.no_overlap({&w, &h}, {&gr});
  adagrad_step(n, lr, eps, w.data, gr.data, h.data);
  return info.Env().Undefined();
}

Napi::Value RmspropStep(const Napi::CallbackInfo& info) {
  Args g(info, "rmspropStep", {"n", "lr", "rho", "epsilon", "params", "grads", "meanSquare"});
  const uint64_t n = g.size(0);
  const float lr = g.real(1, 0.0, kF), rho = g.real(2, 0.0, 1.0), eps = g.real(3, 0.0, kF);
  const ArrayArg w = g.array(4, n, "n", n), gr = g.array(5, n, "n", n), h = g.array(6, n, "n", n);
  g.no_overlap({&w, &h}, {&gr});
  rmsprop_step(n, lr, rho, eps, w.data, gr.data, h.data);
  return info.Env().Undefined();
}

Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  Args g(info, "adamStep", {"n", "lr", "beta1", "beta2", "epsilon", "step", "weightDecay", "params", "grads", "m",
                            "v"});
  const uint64_t n = g.size(0);
  const float lr = g.real(1, 0.0, kF), b1 = g.real(2, 0.0, 1.0, true), b2 = g.real(3, 0.0, 1.0, true);
  const float eps = g.real(4, 0.0, kF);
  const int64_t step = g.integer(5, 1, int64_t{1} << 53);
  const float wd = g.real(6, 0.0, kF);
  const ArrayArg w = g.array(7, n, "n", n), gr = g.array(8, n, "n", n);
  const ArrayArg m = g.array(9, n, "n", n), v = g.array(10, n, "n", n);
  g.no_overlap({&w, &m, &v}, {&gr});
  adam_step(n, lr, b1, b2, eps, static_cast<double>(step), wd, w.data, gr.data, m.data, v.data);
  return info.Env().Undefined();
}

// ------------------------------------------------------------------------------------------- norm
Napi::Value MaxNormProject(const Napi::CallbackInfo& info) {
  Args g(info, "maxNormProject", {"rows", "cols", "maxValue", "w"});
  const uint64_t rows = g.size(0), cols = g.size(1);
  const float max_value = g.real(2, 0.0, kF);
  const ArrayArg w = g.array(3, rows * cols, "rows * cols", rows, cols);
  max_norm_project(rows, cols, max_value, w.data);
  return info.Env().Undefined();
}

Napi::Value SumOfSquares(const Napi::CallbackInfo& info) {
  Args g(info, "sumOfSquares", {"n", "x"});
  const uint64_t n = g.size(0);
  const ArrayArg x = g.array(1, n, "n", n);
  return Napi::Number::New(info.Env(), sum_of_squares(n, x.data));
}

Napi::Value Scale(const Napi::CallbackInfo& info) {
  Args g(info, "scale", {"n", "s", "x"});
  const uint64_t n = g.size(0);
  const float s = g.real(1);
  const ArrayArg x = g.array(2, n, "n", n);
  scale(n, s, x.data);
  return info.Env().Undefined();
}

Napi::Value ClipByValue(const Napi::CallbackInfo& info) {
  Args g(info, "clipByValue", {"n", "lo", "hi", "x"});
  const uint64_t n = g.size(0);
  const float lo = g.real(1);
  const float hi = g.real(2, lo, kF);
  const ArrayArg x = g.array(3, n, "n", n);
  clip_by_value(n, lo, hi, x.data);
  return info.Env().Undefined();
}

Napi::Value Axpy(const Napi::CallbackInfo& info) {
  Args g(info, "axpy", {"n", "alpha", "x", "y"});
  const uint64_t n = g.size(0);
  const float alpha = g.real(1);
  const ArrayArg x = g.array(2, n, "n", n), y = g.array(3, n, "n", n);
  g.no_overlap({&y}, {&x});
  axpy(n, alpha, x.data, y.data);
  return info.Env().Undefined();
}

Napi::Value RegularizerGradient(const Napi::CallbackInfo& info) {
  Args g(info, "regularizerGradient", {"n", "l1", "l2", "w", "grad"});
  const uint64_t n = g.size(0);
  const float l1 = g.real(1, 0.0, kF), l2 = g.real(2, 0.0, kF);
  const ArrayArg w = g.array(3, n, "n", n), grad = g.array(4, n, "n", n);
  g.no_overlap({&grad}, {&w});
  regularizer_gradient(n, l1, l2, w.data, grad.data);
  return info.Env().Undefined();
}

Napi::Value Copy(const Napi::CallbackInfo& info) {
  Args g(info, "copy", {"n", "x", "y"});
  const uint64_t n = g.size(0);
  const ArrayArg x = g.array(1, n, "n", n), y = g.array(2, n, "n", n);
  g.no_overlap({&y}, {&x}, {{&y, &x}});
  copy(n, x.data, y.data);
  return info.Env().Undefined();
}

// ------------------------------------------------------------------------------------------- control
// vectorMath(kind, n, x, y): kind 0 exp, 1 log, 2 tanh, 3 sigmoid, 4 normal CDF (accuracy tests).
Napi::Value VectorMath(const Napi::CallbackInfo& info) {
  Args g(info, "vectorMath", {"kind", "n", "x", "y"});
  const int kind = static_cast<int>(g.integer(0, 0, 4));
  const uint64_t n = g.size(1);
  const ArrayArg x = g.array(2, n, "n", n), y = g.array(3, n, "n", n);
  g.no_overlap({&y}, {&x}, {{&y, &x}});
  vector_math(kind, n, x.data, y.data);
  return info.Env().Undefined();
}

Napi::Value Isa(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), isa().name); }

Napi::Value IsaSupported(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), isa_supported()); }

// selectIsa(name): switch to a level this CPU supports (tests run every level in one process).
Napi::Value SelectIsa(const Napi::CallbackInfo& info) {
  Args g(info, "selectIsa", {"name"});
  if (!info[0].IsString()) g.type_error(0, "a string naming an instruction set");
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  if (!isa_select(name.c_str())) {
    g.range_error(0, std::string("one of the levels this CPU supports (") + isa_supported() + ")", "\"" + name + "\"");
  }
  return Napi::String::New(info.Env(), isa().name);
}

Napi::Value Threads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(thread_count()));
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  Args g(info, "setThreads", {"threads"});
  set_thread_count(g.integer(0, 1, 1024));
  return Napi::Number::New(info.Env(), static_cast<double>(thread_count()));
}

// A no-op with one typed-array argument: the benchmark times it to measure the cost of a call.
Napi::Value Noop(const Napi::CallbackInfo& info) {
  Args g(info, "noop", {"n", "x"});
  const uint64_t n = g.size(0);
  g.array(1, n, "n", n);
  return info.Env().Undefined();
}

// Held by each JavaScript environment (the main thread, every worker thread, every load) as its instance
// data: Node destroys it when that environment is torn down, and the thread pool stops its workers when
// the last one goes (thread_pool.h).
struct EnvironmentLease {
  EnvironmentLease() { attach_environment(); }
  ~EnvironmentLease() { detach_environment(); }
  EnvironmentLease(const EnvironmentLease&) = delete;
  EnvironmentLease& operator=(const EnvironmentLease&) = delete;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto lease = std::make_unique<EnvironmentLease>();
  env.SetInstanceData(lease.get());
  lease.release();
  if (const char* isa_error = isa_request_error()) throw Napi::RangeError::New(env, std::string("backprop: ") + isa_error);
  const struct {
    const char* name;
    Napi::Value (*fn)(const Napi::CallbackInfo&);
  } functions[] = {
      {"gemm", Gemm},
      {"biasAdd", BiasAdd},
      {"biasGrad", BiasGrad},
      {"activationForward", ActivationForward},
      {"activationBackward", ActivationBackward},
      {"stepForward", StepForward},
      {"softmaxForward", SoftmaxForward},
      {"softmaxBackward", SoftmaxBackward},
      {"mseLoss", MseLoss},
      {"sseLoss", SseLoss},
      {"bceLoss", BceLoss},
      {"bceLogitsLoss", BceLogitsLoss},
      {"softmaxCrossEntropy", SoftmaxCrossEntropy},
      {"sparseSoftmaxCrossEntropy", SparseSoftmaxCrossEntropy},
      {"batchNormForwardTrain", BatchNormForwardTrain},
      {"batchNormForwardInference", BatchNormForwardInference},
      {"batchNormBackward", BatchNormBackward},
      {"dropoutForward", DropoutForward},
      {"dropoutBackward", DropoutBackward},
      {"sgdStep", SgdStep},
      {"momentumStep", MomentumStep},
      {"adagradStep", AdagradStep},
      {"rmspropStep", RmspropStep},
      {"adamStep", AdamStep},
      {"maxNormProject", MaxNormProject},
      {"sumOfSquares", SumOfSquares},
      {"scale", Scale},
      {"clipByValue", ClipByValue},
      {"axpy", Axpy},
      {"regularizerGradient", RegularizerGradient},
      {"copy", Copy},
      {"gemmReference", GemmReference},
      {"vectorMath", VectorMath},
      {"isa", Isa},
      {"isaSupported", IsaSupported},
      {"selectIsa", SelectIsa},
      {"threads", Threads},
      {"setThreads", SetThreads},
      {"noop", Noop},
  };
  for (const auto& f : functions) exports.Set(f.name, Napi::Function::New(env, f.fn, f.name));
  return exports;
}

}  // namespace
}  // namespace bp

static Napi::Object InitBackprop(Napi::Env env, Napi::Object exports) { return bp::Init(env, exports); }

NODE_API_MODULE(backprop, InitBackprop)
