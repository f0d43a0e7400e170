#include "instance.h"

#include <memory>
#include <string>

#include "thread_pool.h"

namespace bp {

// Holding an Instance keeps the thread pool's workers: the pool stops them when the last environment
// goes (thread_pool.h).
Instance::Instance() { attach_environment(); }
Instance::~Instance() { detach_environment(); }

void attach_instance(Napi::Env env) {
  auto instance = std::make_unique<Instance>();
  env.SetInstanceData(instance.get());
  instance.release();
}

Napi::Value set_error_classes(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsFunction() || !info[1].IsFunction()) {
    throw Napi::TypeError::New(env, "backprop: setErrorClasses: expected two classes (argumentError, rangeError)");
  }
  Instance* instance = env.GetInstanceData<Instance>();
  instance->argument_error = Napi::Persistent(info[0].As<Napi::Function>());
  instance->range_error = Napi::Persistent(info[1].As<Napi::Function>());
  return env.Undefined();
}

void throw_argument_error(Napi::Env env, bool range, const std::string& message) {
  Instance* instance = env.GetInstanceData<Instance>();
  const Napi::FunctionReference* cls =
      instance == nullptr ? nullptr : range ? &instance->range_error : &instance->argument_error;
  if (cls == nullptr || cls->IsEmpty()) {
    if (range) throw Napi::RangeError::New(env, message);
    throw Napi::TypeError::New(env, message);
  }
  throw Napi::Error(env, cls->New({Napi::String::New(env, message)}));
}

}  // namespace bp
