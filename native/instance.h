// What the addon keeps per JavaScript environment (the main thread, every worker thread, every load),
// as that environment's N-API instance data: Node destroys it when the environment is torn down.
#pragma once
#include <napi.h>

namespace bp {

struct Instance {
  Instance();
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  // The JavaScript classes of a kernel argument error (src/errors.ts): a wrong kind of value, a value
  // out of range. Empty until setErrorClasses is called; TypeError and RangeError stand in until then.
  Napi::FunctionReference argument_error, range_error;
};

// Creates this environment's Instance (once, at load).
void attach_instance(Napi::Env env);
// setErrorClasses(argumentError, rangeError): the classes kernel argument errors are thrown as.
Napi::Value set_error_classes(const Napi::CallbackInfo& info);
// Throws `message` as a KernelArgumentError (range = false) or a KernelRangeError (range = true).
[[noreturn]] void throw_argument_error(Napi::Env env, bool range, const std::string& message);

}  // namespace bp
