// Generated from src/backends/manifest.ts by scripts/generate-manifest.mjs: edit those, not this file.
// test/manifest-fresh.test.ts fails when this file and the manifest disagree.
//
// The kernel names, the activation codes and every kernel's argument specs, which the addon's one
// argument checker (native/args.cc) interprets. Constants only: no code, so any translation unit may
// include it whatever its instruction-set flags.
#pragma once
#include <cstdint>

namespace bp {

// The codes of an activation kernel's `kind` argument.
enum class ActivationCode : int32_t {
  identity = 0,
  sigmoid = 1,
  tanh = 2,
  relu = 3,
  leakyRelu = 4,
  elu = 5,
  gelu = 6,
};
constexpr int kActivationCount = 7;
constexpr ActivationCode kActivationCodes[kActivationCount] = {
    ActivationCode::identity,
    ActivationCode::sigmoid,
    ActivationCode::tanh,
    ActivationCode::relu,
    ActivationCode::leakyRelu,
    ActivationCode::elu,
    ActivationCode::gelu,
};
constexpr const char* kActivationNames[kActivationCount] = {
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leakyRelu",
    "elu",
    "gelu",
};

// Every kernel of the contract, in contract order: X(name, cpp_name) once per kernel. spec::name is its
// argument specs, bp::cpp_name (kernels.h) the C++ function, which takes the arguments in the same order.
#define BP_KERNELS(X) \
  X(gemm, gemm) \
  X(biasAdd, bias_add) \
  X(biasGrad, bias_grad) \
  X(activationForward, activation_forward) \
  X(activationBackward, activation_backward) \
  X(biasActivationForward, bias_activation_forward) \
  X(activationBiasBackward, activation_bias_backward) \
  X(stepForward, step_forward) \
  X(softmaxForward, softmax_forward) \
  X(softmaxBackward, softmax_backward) \
  X(mseLoss, mse_loss) \
  X(sseLoss, sse_loss) \
  X(bceLoss, bce_loss) \
  X(bceLogitsLoss, bce_logits_loss) \
  X(softmaxCrossEntropy, softmax_cross_entropy) \
  X(sparseSoftmaxCrossEntropy, sparse_softmax_cross_entropy) \
  X(batchNormForwardTrain, batch_norm_forward_train) \
  X(batchNormForwardInference, batch_norm_forward_inference) \
  X(batchNormBackward, batch_norm_backward) \
  X(dropoutForward, dropout_forward) \
  X(dropoutBackward, dropout_backward) \
  X(regularizerGradient, regularizer_gradient) \
  X(sgdStep, sgd_step) \
  X(momentumStep, momentum_step) \
  X(adagradStep, adagrad_step) \
  X(rmspropStep, rmsprop_step) \
  X(adamStep, adam_step) \
  X(maxNormProject, max_norm_project) \
  X(sumOfSquares, sum_of_squares) \
  X(scale, scale) \
  X(clipByValue, clip_by_value) \
  X(axpy, axpy) \
  X(copy, copy) \
  X(im2col, im2col) \
  X(col2im, col2im) \
  X(maxPoolForward, max_pool_forward) \
  X(maxPoolBackward, max_pool_backward) \
  X(avgPoolForward, avg_pool_forward) \
  X(avgPoolBackward, avg_pool_backward) \
  X(gatherByteRows, gather_byte_rows)

namespace spec {

enum class Kind : uint8_t { size, integer, real, flag, activation, buffer };
// What a kernel does with a buffer: reads it (in), writes it without reading (out), or both (inout).
enum class Role : uint8_t { none, in, out, inout };
// What a buffer holds: float32 values, bytes, or 32-bit indices.
enum class Element : uint8_t { float32, uint8, uint32 };

constexpr int kMaxArgs = 16;
constexpr int kMaxLengthFactors = 6;

// One argument. size: an integer in [lo, hi) with hi = 2^31; integer: an integer in [lo, hi]; real: a
// finite float32 in [lo, hi] ([lo, hi) when hi_open), lo taken from argument lo_arg when that is >= 0;
// buffer: a Float32Array of at least the product of the size arguments at `length` (-1: unused) floats,
// each of its values an integer class index below the size argument classes_arg when that is >= 0; or,
// by `element`, a Uint8Array of bytes or a Uint32Array of indices (lengths count elements), each index
// below the size argument index_below when that is >= 0. float64: a real passed unrounded, as a double.
struct Arg {
  const char* name;
  Kind kind;
  Role role;
  double lo, hi;
  bool hi_open;
  int8_t lo_arg;
  int8_t length[kMaxLengthFactors];
  int8_t classes_arg;
  // Defaults for the specs written by hand (native/binding.cc's extra functions): floats, no indices.
  Element element = Element::float32;
  int8_t index_below = -1;
  bool float64 = false;
};

// The bytes of one element of a buffer.
constexpr unsigned element_bytes(Element e) { return e == Element::uint8 ? 1 : 4; }

// A written buffer and another buffer that may be exactly the same memory (argument indices).
struct Alias {
  int8_t written, other;
};

struct Kernel {
  const char* name;
  const Arg* args;
  int arg_count;
  const Alias* may_alias;
  int alias_count;
  bool returns_number;
};

constexpr Arg gemm_args[] = {
    {"transA", Kind::flag, Role::none, 0.0, 0.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"transB", Kind::flag, Role::none, 0.0, 0.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"m", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"k", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"alpha", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"a", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {2, 4, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"b", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {4, 3, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"beta", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"c", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {2, 3, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel gemm{
    "gemm", gemm_args, 10, nullptr, 0, false};

constexpr Arg biasAdd_args[] = {
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"bias", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel biasAdd{
    "biasAdd", biasAdd_args, 4, nullptr, 0, false};

constexpr Arg biasGrad_args[] = {
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dy", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dbias", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel biasGrad{
    "biasGrad", biasGrad_args, 4, nullptr, 0, false};

constexpr Arg activationForward_args[] = {
    {"kind", Kind::activation, Role::none, 0.0, 0.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"alpha", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias activationForward_may_alias[] = {{4, 3}};
constexpr Kernel activationForward{
    "activationForward", activationForward_args, 5, activationForward_may_alias, 1, false};

constexpr Arg activationBackward_args[] = {
    {"kind", Kind::activation, Role::none, 0.0, 0.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"alpha", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dy", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dx", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias activationBackward_may_alias[] = {{6, 5}};
constexpr Kernel activationBackward{
    "activationBackward", activationBackward_args, 7, activationBackward_may_alias, 1, false};

constexpr Arg biasActivationForward_args[] = {
    {"kind", Kind::activation, Role::none, 0.0, 0.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"alpha", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"bias", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {2, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"z", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {1, 2, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, 2, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias biasActivationForward_may_alias[] = {{6, 5}};
constexpr Kernel biasActivationForward{
    "biasActivationForward", biasActivationForward_args, 7, biasActivationForward_may_alias, 1, false};

constexpr Arg activationBiasBackward_args[] = {
    {"kind", Kind::activation, Role::none, 0.0, 0.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"alpha", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, 2, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, 2, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dy", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, 2, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dx", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, 2, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dbias", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {2, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias activationBiasBackward_may_alias[] = {{7, 6}};
constexpr Kernel activationBiasBackward{
    "activationBiasBackward", activationBiasBackward_args, 9, activationBiasBackward_may_alias, 1, false};

constexpr Arg stepForward_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias stepForward_may_alias[] = {{2, 1}};
constexpr Kernel stepForward{
    "stepForward", stepForward_args, 3, stepForward_may_alias, 1, false};

constexpr Arg softmaxForward_args[] = {
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias softmaxForward_may_alias[] = {{3, 2}};
constexpr Kernel softmaxForward{
    "softmaxForward", softmaxForward_args, 4, softmaxForward_may_alias, 1, false};

constexpr Arg softmaxBackward_args[] = {
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dy", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dx", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias softmaxBackward_may_alias[] = {{4, 3}};
constexpr Kernel softmaxBackward{
    "softmaxBackward", softmaxBackward_args, 5, softmaxBackward_may_alias, 1, false};

constexpr Arg mseLoss_args[] = {
    {"rows", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"pred", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"target", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grad", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel mseLoss{
    "mseLoss", mseLoss_args, 5, nullptr, 0, true};

constexpr Arg sseLoss_args[] = {
    {"rows", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"pred", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"target", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grad", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel sseLoss{
    "sseLoss", sseLoss_args, 5, nullptr, 0, true};

constexpr Arg bceLoss_args[] = {
    {"rows", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"prob", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"target", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grad", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel bceLoss{
    "bceLoss", bceLoss_args, 5, nullptr, 0, true};

constexpr Arg bceLogitsLoss_args[] = {
    {"rows", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"logits", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"target", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grad", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel bceLogitsLoss{
    "bceLogitsLoss", bceLogitsLoss_args, 5, nullptr, 0, true};

constexpr Arg softmaxCrossEntropy_args[] = {
    {"rows", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"logits", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"target", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"probs", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grad", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel softmaxCrossEntropy{
    "softmaxCrossEntropy", softmaxCrossEntropy_args, 6, nullptr, 0, true};

constexpr Arg sparseSoftmaxCrossEntropy_args[] = {
    {"rows", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"logits", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"labels", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, 1, Element::float32, -1, false},
    {"probs", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grad", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel sparseSoftmaxCrossEntropy{
    "sparseSoftmaxCrossEntropy", sparseSoftmaxCrossEntropy_args, 6, nullptr, 0, true};

constexpr Arg batchNormForwardTrain_args[] = {
    {"rows", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"epsilon", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"momentum", Kind::real, Role::none, 0.0, 1.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"gamma", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"beta", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"runningMean", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"runningVar", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"saveMean", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"saveInvStd", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias batchNormForwardTrain_may_alias[] = {{9, 4}};
constexpr Kernel batchNormForwardTrain{
    "batchNormForwardTrain", batchNormForwardTrain_args, 12, batchNormForwardTrain_may_alias, 1, false};

constexpr Arg batchNormForwardInference_args[] = {
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"epsilon", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"gamma", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"beta", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"runningMean", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"runningVar", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias batchNormForwardInference_may_alias[] = {{8, 3}};
constexpr Kernel batchNormForwardInference{
    "batchNormForwardInference", batchNormForwardInference_args, 9, batchNormForwardInference_may_alias, 1, false};

constexpr Arg batchNormBackward_args[] = {
    {"rows", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"gamma", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"saveMean", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"saveInvStd", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dy", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dx", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dgamma", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dbeta", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias batchNormBackward_may_alias[] = {{7, 6}};
constexpr Kernel batchNormBackward{
    "batchNormBackward", batchNormBackward_args, 10, batchNormBackward_may_alias, 1, false};

constexpr Arg dropoutForward_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"rate", Kind::real, Role::none, 0.0, 1.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"mask", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias dropoutForward_may_alias[] = {{4, 3}};
constexpr Kernel dropoutForward{
    "dropoutForward", dropoutForward_args, 5, dropoutForward_may_alias, 1, false};

constexpr Arg dropoutBackward_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"rate", Kind::real, Role::none, 0.0, 1.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"mask", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dy", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dx", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias dropoutBackward_may_alias[] = {{4, 3}};
constexpr Kernel dropoutBackward{
    "dropoutBackward", dropoutBackward_args, 5, dropoutBackward_may_alias, 1, false};

constexpr Arg regularizerGradient_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"l1", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"l2", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"w", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grad", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel regularizerGradient{
    "regularizerGradient", regularizerGradient_args, 5, nullptr, 0, false};

constexpr Arg sgdStep_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"lr", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"params", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grads", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel sgdStep{
    "sgdStep", sgdStep_args, 4, nullptr, 0, false};

constexpr Arg momentumStep_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"lr", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"momentum", Kind::real, Role::none, 0.0, 1.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"nesterov", Kind::flag, Role::none, 0.0, 0.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"params", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grads", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"velocity", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel momentumStep{
    "momentumStep", momentumStep_args, 7, nullptr, 0, false};

constexpr Arg adagradStep_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"lr", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"epsilon", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"params", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grads", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"accum", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel adagradStep{
    "adagradStep", adagradStep_args, 6, nullptr, 0, false};

constexpr Arg rmspropStep_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"lr", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"rho", Kind::real, Role::none, 0.0, 1.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, true},
    {"epsilon", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"params", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grads", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"meanSquare", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel rmspropStep{
    "rmspropStep", rmspropStep_args, 7, nullptr, 0, false};

constexpr Arg adamStep_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"lr", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, true},
    {"beta1", Kind::real, Role::none, 0.0, 1.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, true},
    {"beta2", Kind::real, Role::none, 0.0, 1.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, true},
    {"epsilon", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, true},
    {"step", Kind::integer, Role::none, 1.0, 9007199254740992.0, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"weightDecay", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, true},
    {"params", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"grads", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"m", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"v", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel adamStep{
    "adamStep", adamStep_args, 11, nullptr, 0, false};

constexpr Arg maxNormProject_args[] = {
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"maxValue", Kind::real, Role::none, 0.0, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"w", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel maxNormProject{
    "maxNormProject", maxNormProject_args, 4, nullptr, 0, false};

constexpr Arg sumOfSquares_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel sumOfSquares{
    "sumOfSquares", sumOfSquares_args, 2, nullptr, 0, true};

constexpr Arg scale_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"s", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel scale{
    "scale", scale_args, 3, nullptr, 0, false};

constexpr Arg clipByValue_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"lo", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"hi", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, 1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel clipByValue{
    "clipByValue", clipByValue_args, 4, nullptr, 0, false};

constexpr Arg axpy_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"alpha", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::inout, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel axpy{
    "axpy", axpy_args, 4, nullptr, 0, false};

constexpr Arg copy_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Alias copy_may_alias[] = {{2, 1}};
constexpr Kernel copy{
    "copy", copy_args, 3, copy_may_alias, 1, false};

constexpr Arg im2col_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"h", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"w", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"c", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"kh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"kw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padTop", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padLeft", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"oh", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ow", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, 2, 3, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 12, 13, 4, 5, 3}, -1, Element::float32, -1, false},
};
constexpr Kernel im2col{
    "im2col", im2col_args, 16, nullptr, 0, false};

constexpr Arg col2im_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"h", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"w", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"c", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"kh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"kw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padTop", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padLeft", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"oh", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ow", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 12, 13, 4, 5, 3}, -1, Element::float32, -1, false},
    {"dx", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, 2, 3, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel col2im{
    "col2im", col2im_args, 16, nullptr, 0, false};

constexpr Arg maxPoolForward_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"h", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"w", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"c", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ph", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"pw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padTop", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padLeft", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"oh", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ow", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, 2, 3, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 10, 11, 3, -1, -1}, -1, Element::float32, -1, false},
    {"argmax", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 10, 11, 3, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel maxPoolForward{
    "maxPoolForward", maxPoolForward_args, 15, nullptr, 0, false};

constexpr Arg maxPoolBackward_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"h", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"w", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"c", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"oh", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ow", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"argmax", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 4, 5, 3, -1, -1}, -1, Element::float32, -1, false},
    {"dy", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 4, 5, 3, -1, -1}, -1, Element::float32, -1, false},
    {"dx", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, 2, 3, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel maxPoolBackward{
    "maxPoolBackward", maxPoolBackward_args, 9, nullptr, 0, false};

constexpr Arg avgPoolForward_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"h", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"w", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"c", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ph", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"pw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padTop", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padLeft", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"oh", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ow", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, 2, 3, -1, -1}, -1, Element::float32, -1, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 10, 11, 3, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel avgPoolForward{
    "avgPoolForward", avgPoolForward_args, 14, nullptr, 0, false};

constexpr Arg avgPoolBackward_args[] = {
    {"n", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"h", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"w", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"c", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ph", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"pw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sh", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"sw", Kind::size, Role::none, 1.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padTop", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"padLeft", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"oh", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"ow", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"dy", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 10, 11, 3, -1, -1}, -1, Element::float32, -1, false},
    {"dx", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {0, 1, 2, 3, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel avgPoolBackward{
    "avgPoolBackward", avgPoolBackward_args, 14, nullptr, 0, false};

constexpr Arg gatherByteRows_args[] = {
    {"rows", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"cols", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"count", Kind::size, Role::none, 0.0, 2147483648.0, true, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
    {"scale", Kind::real, Role::none, -3.4028234663852886e+38, 3.4028234663852886e+38, false, -1, {-1, -1, -1, -1, -1, -1}, -1, Element::float32, -1, true},
    {"x", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {0, 1, -1, -1, -1, -1}, -1, Element::uint8, -1, false},
    {"order", Kind::buffer, Role::in, 0.0, 0.0, false, -1, {2, -1, -1, -1, -1, -1}, -1, Element::uint32, 0, false},
    {"y", Kind::buffer, Role::out, 0.0, 0.0, false, -1, {2, 1, -1, -1, -1, -1}, -1, Element::float32, -1, false},
};
constexpr Kernel gatherByteRows{
    "gatherByteRows", gatherByteRows_args, 7, nullptr, 0, false};

}  // namespace spec
}  // namespace bp
