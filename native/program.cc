// Kernel programs: a fixed sequence of kernel calls, checked once and then run as often as asked in one N-API
// call. A model's training step at a given batch size makes the same calls every time (the same sizes,
// numbers and buffers; only the buffers' contents change), and on a small network the N-API work of each
// call (reading up to a dozen arguments, asking V8 what each typed array is) costs more than the arithmetic.
//
//   compileProgram(calls, result): calls is an array of [kernelName, ...arguments]; each call is checked by
//     the same Args as the kernel's own function (so a call the kernel would refuse is refused, with the
//     same message; one that is not [kernelName, ...] is refused naming its index), and remembered as its
//     numbers and, for each buffer, the ArrayBuffer under it (held by a reference) and its byte offset.
//     result: the index of the call whose returned number runProgram returns (-1: none, runProgram returns
//     undefined).
//   runProgram(program): reads each ArrayBuffer's memory again, refuses to run when one was detached or
//     shrank below what the calls read (or when two of them now overlap), then runs the calls in order
//     (labels are checked again at each run, as they change with the batch).
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "args.h"
#include "entry.h"
#include "generated/manifest.h"
#include "instance.h"
#include "kernels.h"
#include "program.h"

namespace bp {
namespace {

struct Op;
using OpRunner = double (*)(const Op&);

// One checked call: its numbers, and for each buffer where it lies (resolved to a pointer before each run).
struct Op {
  const spec::Kernel* kernel;
  OpRunner run;
  double number[spec::kMaxArgs];
  int buffer[spec::kMaxArgs];  // index into Program::buffers, -1 for a number or a buffer of no floats
  size_t byte_offset[spec::kMaxArgs];
  uint64_t used[spec::kMaxArgs];
  float* data[spec::kMaxArgs];
};

// An ArrayBuffer the program's calls read or write, and the bytes of it they reach.
struct HeldBuffer {
  napi_ref ref;
  size_t extent;  // the largest byte offset + bytes of any call's view of it
  char* base;     // resolved before each run
};

struct Program {
  std::vector<Op> ops;
  std::vector<HeldBuffer> buffers;
  int result = -1;
};

// An op's arguments through the accessors of Args, so that entry.h's read_arg reads either.
struct OpArgs {
  const Op& op;
  bool flag(int i) const { return op.number[i] != 0.0; }
  size_t size(int i) const { return static_cast<size_t>(op.number[i]); }
  double integer(int i) const { return op.number[i]; }
  float real(int i) const { return static_cast<float>(op.number[i]); }
  int activation(int i) const { return static_cast<int>(op.number[i]); }
  float* buffer(int i) const { return op.data[i]; }
};

template <const spec::Kernel& K, auto Fn, size_t... I>
double run_op(const Op& op, std::index_sequence<I...>) {
  using Params = typename Signature<decltype(Fn)>::Params;
  const OpArgs g{op};
  if constexpr (std::is_void_v<typename Signature<decltype(Fn)>::Return>) {
    Fn(read_arg<std::tuple_element_t<I, Params>>(g, static_cast<int>(I))...);
    return std::nan("");
  } else {
    return Fn(read_arg<std::tuple_element_t<I, Params>>(g, static_cast<int>(I))...);
  }
}

template <const spec::Kernel& K, auto Fn>
double run_op(const Op& op) {
  return run_op<K, Fn>(op, std::make_index_sequence<Signature<decltype(Fn)>::count>{});
}

struct KernelEntry {
  const char* name;
  const spec::Kernel* kernel;
  OpRunner run;
};

#define BP_PROGRAM_KERNEL(name, cpp_name) {#name, &spec::name, &run_op<spec::name, cpp_name>},
constexpr KernelEntry kKernels[] = {BP_KERNELS(BP_PROGRAM_KERNEL)};
#undef BP_PROGRAM_KERNEL

// Marks the objects that hold a Program, so that runProgram never reads another object as one.
constexpr napi_type_tag kProgramTag = {0x6270726f6772616dULL, 0x6b65726e656c7331ULL};

[[noreturn]] void fail(napi_env env, bool range, const std::string& message) {
  throw_argument_error(Napi::Env(env), range, message);
}

// "an Array of length 3", "a string", ...: what came instead of what was expected.
std::string what(napi_env env, napi_value v) {
  napi_valuetype type = napi_undefined;
  napi_typeof(env, v, &type);
  bool is_array = false;
  napi_is_array(env, v, &is_array);
  if (is_array) return "an Array";
  switch (type) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_object: return "an object";
    case napi_function: return "a function";
    default: return "a value of another type";
  }
}

void check(napi_env env, napi_status status) {
  if (status != napi_ok) throw Napi::Error::New(Napi::Env(env));
}

// The index of `arraybuffer` in program.buffers, added (with a reference) when it is new.
int hold(napi_env env, Program& program, napi_value arraybuffer) {
  for (size_t b = 0; b < program.buffers.size(); ++b) {
    napi_value held = nullptr;
    check(env, napi_get_reference_value(env, program.buffers[b].ref, &held));
    bool same = false;
    check(env, napi_strict_equals(env, held, arraybuffer, &same));
    if (same) return static_cast<int>(b);
  }
  napi_ref ref = nullptr;
  check(env, napi_create_reference(env, arraybuffer, 1, &ref));
  program.buffers.push_back({ref, 0, nullptr});
  return static_cast<int>(program.buffers.size() - 1);
}

void release(napi_env env, Program* program) {
  for (const HeldBuffer& b : program->buffers) napi_delete_reference(env, b.ref);
  delete program;
}

void finalize(napi_env env, void* data, void*) { release(env, static_cast<Program*>(data)); }

// Checks call `index` (an array [kernelName, ...arguments]) and appends it to the program.
void add_call(napi_env env, Program& program, uint32_t index, napi_value call) {
  const std::string where = "backprop: compileProgram: calls[" + std::to_string(index) + "]";
  bool is_array = false;
  check(env, napi_is_array(env, call, &is_array));
  uint32_t length = 0;
  if (is_array) check(env, napi_get_array_length(env, call, &length));
  if (!is_array || length == 0) {
    fail(env, false, where + " must be an Array [kernelName, ...arguments]; got " + what(env, call));
  }
  napi_value name_value = nullptr;
  check(env, napi_get_element(env, call, 0, &name_value));
  char name[64] = {0};
  size_t name_length = 0;
  const bool is_string =
      napi_get_value_string_utf8(env, name_value, name, sizeof(name), &name_length) == napi_ok;
  const KernelEntry* entry = nullptr;
  for (const KernelEntry& e : kKernels)
    if (is_string && std::string(name) == e.name) entry = &e;
  if (entry == nullptr) {
    fail(env, is_string,
         where + "[0] must be the name of a kernel; got " +
             (is_string ? "\"" + std::string(name) + "\"" : what(env, name_value)));
  }
  // Args reads at most kMaxArgs values and counts the rest, so a call with too many arguments is refused too.
  napi_value argv[spec::kMaxArgs];
  const size_t argc = length - 1;
  for (uint32_t i = 0; i < argc && i < static_cast<uint32_t>(spec::kMaxArgs); ++i)
    check(env, napi_get_element(env, call, i + 1, &argv[i]));
  const Args args(env, argc, argv, *entry->kernel);
  Op op{};
  op.kernel = entry->kernel;
  op.run = entry->run;
  for (int i = 0; i < entry->kernel->arg_count; ++i) {
    const spec::Arg& a = entry->kernel->args[i];
    op.buffer[i] = -1;
    if (a.kind != spec::Kind::buffer) {
      op.number[i] = a.kind == spec::Kind::flag ? (args.flag(i) ? 1.0 : 0.0) : args.integer(i);
      continue;
    }
    op.used[i] = args.used(i);
    if (op.used[i] == 0) continue;  // the kernel touches none of it: it runs with a null pointer, as checked
    napi_value arraybuffer = nullptr;
    size_t byte_offset = 0;
    check(env, napi_get_typedarray_info(env, argv[i], nullptr, nullptr, nullptr, &arraybuffer, &byte_offset));
    bool plain = false;
    check(env, napi_is_arraybuffer(env, arraybuffer, &plain));
    if (!plain) {
      fail(env, false,
           where + ": " + a.name + " must be a Float32Array over an ArrayBuffer (a program holds its buffers); got one "
                   "over shared memory");
    }
    op.buffer[i] = hold(env, program, arraybuffer);
    op.byte_offset[i] = byte_offset;
    HeldBuffer& held = program.buffers[op.buffer[i]];
    held.extent = std::max<size_t>(held.extent, byte_offset + op.used[i] * spec::element_bytes(a.element));
  }
  program.ops.push_back(op);
}

Program* unwrap_program(napi_env env, napi_value value) {
  napi_valuetype type = napi_undefined;
  check(env, napi_typeof(env, value, &type));
  bool tagged = false;
  if (type == napi_object) check(env, napi_check_object_type_tag(env, value, &kProgramTag, &tagged));
  if (!tagged) {
    fail(env, false, "backprop: runProgram: program must be what compileProgram returned; got " + what(env, value));
  }
  void* data = nullptr;
  check(env, napi_unwrap(env, value, &data));
  return static_cast<Program*>(data);
}

// Points every op at its buffers' memory as it is now; throws when a buffer no longer holds what the calls
// reach (detached, or a resizable ArrayBuffer that shrank), or when two buffers now share memory.
void resolve(napi_env env, Program& program) {
  for (size_t b = 0; b < program.buffers.size(); ++b) {
    HeldBuffer& held = program.buffers[b];
    napi_value arraybuffer = nullptr;
    check(env, napi_get_reference_value(env, held.ref, &arraybuffer));
    void* data = nullptr;
    size_t byte_length = 0;
    check(env, napi_get_arraybuffer_info(env, arraybuffer, &data, &byte_length));
    if (data == nullptr || byte_length < held.extent) {
      fail(env, true,
           "backprop: runProgram: buffer " + std::to_string(b) + " of the program must hold at least " +
               std::to_string(held.extent) + " bytes, as when it was compiled; got " + std::to_string(byte_length) +
               " bytes (detached or shrunk)");
    }
    held.base = static_cast<char*>(data);
  }
  // Distinct ArrayBuffers normally never share memory; one made over another's memory (an external buffer)
  // would let a kernel write what it also reads, so it is refused as an overlap is at a call.
  for (size_t a = 0; a < program.buffers.size(); ++a) {
    for (size_t b = a + 1; b < program.buffers.size(); ++b) {
      const HeldBuffer &x = program.buffers[a], &y = program.buffers[b];
      if (x.base < y.base + y.extent && y.base < x.base + x.extent) {
        fail(env, true,
             "backprop: runProgram: buffers " + std::to_string(a) + " and " + std::to_string(b) +
                 " of the program must not overlap; got two ArrayBuffers over the same memory");
      }
    }
  }
  for (Op& op : program.ops) {
    for (int i = 0; i < op.kernel->arg_count; ++i) {
      op.data[i] = op.buffer[i] < 0 ? nullptr
                                    : reinterpret_cast<float*>(program.buffers[op.buffer[i]].base + op.byte_offset[i]);
    }
  }
}

napi_value compile_program(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  size_t argc = 2;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok) return nullptr;
  Program* program = new Program();
  try {
    bool is_array = false;
    if (argc >= 1) check(env, napi_is_array(env, argv[0], &is_array));
    if (argc != 2 || !is_array) {
      fail(env, false,
           "backprop: compileProgram: expected (calls, result), calls an Array of [kernelName, ...arguments]; got " +
               (argc == 0 ? std::string("nothing") : what(env, argv[0])) + " and " + std::to_string(argc) +
               " argument(s)");
    }
    uint32_t count = 0;
    check(env, napi_get_array_length(env, argv[0], &count));
    for (uint32_t c = 0; c < count; ++c) {
      napi_value call = nullptr;
      check(env, napi_get_element(env, argv[0], c, &call));
      add_call(env, *program, c, call);
    }
    double result = 0;
    const bool is_number = napi_get_value_double(env, argv[1], &result) == napi_ok;
    if (!is_number || result != std::floor(result) || result < -1 || result >= count ||
        (result >= 0 && !program->ops[static_cast<size_t>(result)].kernel->returns_number)) {
      fail(env, is_number,
           "backprop: compileProgram: result must be -1 or the index of a call that returns a number; got " +
               (is_number ? format_number(result) : what(env, argv[1])));
    }
    program->result = static_cast<int>(result);
    napi_value object = nullptr;
    check(env, napi_create_object(env, &object));
    check(env, napi_type_tag_object(env, object, &kProgramTag));
    check(env, napi_wrap(env, object, program, finalize, nullptr, nullptr));
    return object;
  } catch (const Napi::Error& e) {
    release(env, program);
    e.ThrowAsJavaScriptException();
    return nullptr;
  }
}

napi_value run_program(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok) return nullptr;
  try {
    if (argc != 1) fail(env, false, "backprop: runProgram: expected 1 argument (program); got " + std::to_string(argc));
    Program& program = *unwrap_program(env, argv[0]);
    resolve(env, program);
    double result = std::nan("");
    for (size_t o = 0; o < program.ops.size(); ++o) {
      const Op& op = program.ops[o];
      for (int i = 0; i < op.kernel->arg_count; ++i) {
        const int classes = op.kernel->args[i].classes_arg;
        if (classes >= 0) check_class_indices(env, *op.kernel, i, op.data[i], op.used[i], op.number[classes]);
        const int bound = op.kernel->args[i].index_below;
        if (bound >= 0) {
          check_indices(env, *op.kernel, i, reinterpret_cast<const uint32_t*>(op.data[i]), op.used[i],
                        op.number[bound]);
        }
      }
      const double value = op.run(op);
      if (static_cast<int>(o) == program.result) result = value;
    }
    if (program.result < 0) return nullptr;
    napi_value out = nullptr;
    check(env, napi_create_double(env, result, &out));
    return out;
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
    return nullptr;
  }
}

}  // namespace

void add_program_functions(napi_env env, napi_value exports) {
  const auto add = [&](const char* name, napi_callback fn) {
    napi_value function = nullptr;
    check(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, nullptr, &function));
    check(env, napi_set_named_property(env, exports, name, function));
  };
  add("compileProgram", compile_program);
  add("runProgram", run_program);
}

}  // namespace bp
