// Kernel programs (native/program.cc): a fixed sequence of checked kernel calls run in one N-API call.
#pragma once
#include <napi.h>

namespace bp {

// Adds compileProgram and runProgram to the addon's exports.
void add_program_functions(napi_env env, napi_value exports);

}  // namespace bp
