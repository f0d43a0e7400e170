// One N-API function per kernel, made from the kernel's specs and its C++ function alone: entry<K, Fn>
// checks the call with an Args built from K, then calls Fn with each argument read as the type of Fn's
// parameter at that position. The compiler holds the two to each other: Fn must take exactly K's
// arguments in K's order, each of a type that fits its kind (a flag is a bool, a size a size_t, a real a
// float, or a double where the kernel needs the value unrounded, an integer a double, an activation code an
// int, a buffer a float pointer: const where K's role is "in", writable where the kernel writes it), and
// return a number (a double) exactly when K does.
#pragma once
#include <napi.h>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "args.h"
#include "generated/manifest.h"

namespace bp {

// Reads checked argument i as a T, from an Args or from anything with the same accessors (a program's op).
template <class T, class G>
T read_arg(const G& g, int i) {
  if constexpr (std::is_same_v<T, bool>) return g.flag(i);
  else if constexpr (std::is_same_v<T, size_t>) return g.size(i);
  else if constexpr (std::is_same_v<T, float>) return g.real(i);
  else if constexpr (std::is_same_v<T, double>) return g.integer(i);
  else if constexpr (std::is_same_v<T, int>) return g.activation(i);
  else if constexpr (std::is_same_v<T, const float*> || std::is_same_v<T, float*>) return g.buffer(i);
}

// Whether a parameter of type T can receive an argument with spec a.
template <class T>
constexpr bool fits(const spec::Arg& a) {
  using spec::Kind;
  using spec::Role;
  if constexpr (std::is_same_v<T, bool>) return a.kind == Kind::flag;
  else if constexpr (std::is_same_v<T, size_t>) return a.kind == Kind::size;
  else if constexpr (std::is_same_v<T, float>) return a.kind == Kind::real;
  else if constexpr (std::is_same_v<T, double>) return a.kind == Kind::integer || a.kind == Kind::real;
  else if constexpr (std::is_same_v<T, int>) return a.kind == Kind::activation || a.kind == Kind::integer;
  else if constexpr (std::is_same_v<T, const float*>) return a.kind == Kind::buffer && a.role == Role::in;
  else if constexpr (std::is_same_v<T, float*>) return a.kind == Kind::buffer && a.role != Role::in;
  else return false;
}

template <class F>
struct Signature;
template <class R, class... P>
struct Signature<R (*)(P...)> {
  using Return = R;
  using Params = std::tuple<P...>;
  static constexpr int count = static_cast<int>(sizeof...(P));
};

template <const spec::Kernel& K, class Params, size_t... I>
constexpr bool all_fit(std::index_sequence<I...>) {
  return (fits<std::tuple_element_t<I, Params>>(K.args[I]) && ...);
}

template <const spec::Kernel& K, auto Fn, size_t... I>
napi_value call_checked(napi_env env, size_t argc, const napi_value* argv, std::index_sequence<I...>) {
  using Params = typename Signature<decltype(Fn)>::Params;
  const Args g(env, argc, argv, K);
  if constexpr (std::is_void_v<typename Signature<decltype(Fn)>::Return>) {
    Fn(read_arg<std::tuple_element_t<I, Params>>(g, static_cast<int>(I))...);
    return nullptr;  // undefined
  } else {
    napi_value result = nullptr;
    napi_create_double(env, Fn(read_arg<std::tuple_element_t<I, Params>>(g, static_cast<int>(I))...), &result);
    return result;
  }
}

// The N-API callback itself, without node-addon-api's CallbackInfo: that one copies more than six arguments
// into an array it allocates on the heap and asks N-API for them twice, on every call (most kernels take
// seven to twelve). Errors are C++ exceptions (Napi::Error, from Args), thrown here as JavaScript's.
template <const spec::Kernel& K, auto Fn>
napi_value entry(napi_env env, napi_callback_info info) {
  using S = Signature<decltype(Fn)>;
  static_assert(S::count == K.arg_count, "the C++ kernel takes another number of arguments than its spec");
  static_assert(all_fit<K, typename S::Params>(std::make_index_sequence<S::count>{}),
                "a parameter of the C++ kernel does not fit the kind or role of its spec");
  static_assert(K.returns_number == std::is_same_v<typename S::Return, double>,
                "the C++ kernel returns a double exactly when its spec returns a number");
  napi_value argv[spec::kMaxArgs];
  size_t argc = spec::kMaxArgs;  // in: room in argv; out: how many arguments came (maybe more than the room)
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok) return nullptr;
  try {
    return call_checked<K, Fn>(env, argc, argv, std::make_index_sequence<S::count>{});
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
    return nullptr;
  }
}

}  // namespace bp
