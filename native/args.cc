#include "args.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "instance.h"

namespace bp {

using spec::Element;
using spec::Kind;
using spec::Role;

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return "0";  // -0 too
  // The shortest decimal digits that read back as v, and their exponent.
  char buf[40];
  for (int precision = 0; precision < 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*e", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::string text(buf);
  const bool negative = text[0] == '-';
  const size_t e_at = text.find('e');
  std::string digits;
  for (size_t i = negative ? 1 : 0; i < e_at; ++i)
    if (text[i] != '.') digits += text[i];
  const int k = static_cast<int>(digits.size());
  const int n = std::atoi(text.c_str() + e_at + 1) + 1;  // v = 0.digits * 10^n
  std::string out = negative ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(-n, '0') + digits;
  } else {
    out += digits.substr(0, 1) + (k > 1 ? "." + digits.substr(1) : "") + "e" + (n - 1 >= 0 ? "+" : "-") +
           std::to_string(std::abs(n - 1));
  }
  return out;
}

namespace {

constexpr double kFloat32Max = 3.4028234663852886e38;

// The typed array that holds a buffer of each element.
napi_typedarray_type array_type(Element e) {
  return e == Element::uint8 ? napi_uint8_array : e == Element::uint32 ? napi_uint32_array : napi_float32_array;
}

std::string describe(Napi::Env env, napi_value value) {
  const Napi::Value v(env, value);
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return v.As<Napi::Boolean>().Value() ? "true" : "false";
    case napi_number: return format_number(v.As<Napi::Number>().DoubleValue());
    case napi_string: return "a string";
    case napi_bigint: return "a bigint";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    default: break;
  }
  if (v.IsDataView()) return "a DataView";
  if (v.IsTypedArray()) {
    const auto ta = v.As<Napi::TypedArray>();
    static const char* const kNames[] = {"Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
                                         "Uint16Array", "Int32Array", "Uint32Array", "Float32Array",
                                         "Float64Array", "BigInt64Array", "BigUint64Array"};
    const auto t = static_cast<size_t>(ta.TypedArrayType());
    const char* name = t < sizeof(kNames) / sizeof(kNames[0]) ? kNames[t] : "typed array";
    return std::string("a ") + name + " of length " + std::to_string(ta.ElementLength());
  }
  if (v.IsArray()) return "an Array of length " + std::to_string(v.As<Napi::Array>().Length());
  if (v.IsArrayBuffer()) return "an ArrayBuffer";
  return "an object";
}

bool is_integer(double d) { return std::isfinite(d) && d == std::floor(d); }

}  // namespace

Args::Args(napi_env env, size_t argc, const napi_value* argv, const spec::Kernel& kernel)
    : env_(env), argv_(argv), kernel_(kernel) {
  if (argc != static_cast<size_t>(kernel.arg_count)) {
    std::string list;
    for (int i = 0; i < kernel.arg_count; ++i) list += (i ? ", " : "") + std::string(kernel.args[i].name);
    throw_argument_error(Napi::Env(env), false,
                         std::string("backprop: ") + kernel.name + ": expected " + std::to_string(kernel.arg_count) +
                             " arguments (" + list + "); got " + std::to_string(argc));
  }
  for (int i = 0; i < kernel.arg_count; ++i) check(i);
  check_overlaps();
  for (int i = 0; i < kernel.arg_count; ++i)
    if (kernel.args[i].classes_arg >= 0) check_class_indices(i);
  for (int i = 0; i < kernel.arg_count; ++i)
    if (kernel.args[i].index_below >= 0) check_indices(i);
}

// One N-API call per argument where it can be: napi_get_value_double, napi_get_value_bool and
// napi_get_typedarray_info each fail (without throwing) on a value of another kind, so the kind check
// costs nothing extra. This is most of a small kernel's call cost.
void Args::check(int i) {
  const spec::Arg& a = kernel_.args[i];
  const napi_env env = env_;
  const napi_value v = argv_[i];
  if (a.kind == Kind::flag) {
    bool b = false;
    if (napi_get_value_bool(env, v, &b) != napi_ok) fail(i, false, expected(i));
    number_[i] = b ? 1.0 : 0.0;
    return;
  }
  if (a.kind == Kind::buffer) {
    // Multiplied in double, as JavaScript does, so a message names the same count on every backend.
    double need = 1;
    for (int f = 0; f < spec::kMaxLengthFactors && a.length[f] >= 0; ++f) need *= number_[a.length[f]];
    number_[i] = need;
    napi_typedarray_type type = napi_int8_array;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok ||
        type != array_type(a.element)) {
      fail(i, false, expected(i), length_note(i));
    }
    if (static_cast<double>(length) < need) fail(i, true, expected(i), length_note(i));
    // napi_get_typedarray_info's data already applies the view's byteOffset: a subarray is read in place.
    used_[i] = static_cast<uint64_t>(need);
    // Bytes and indices travel as the same pointer; entry.h's read_arg gives the kernel its element type.
    data_[i] = need == 0 ? nullptr : static_cast<float*>(data);
    return;
  }
  double d = 0;
  if (napi_get_value_double(env, v, &d) != napi_ok) {
    fail(i, false, a.kind == Kind::real ? "a finite number" : expected(i));
  }
  number_[i] = d;
  switch (a.kind) {
    case Kind::size:
    case Kind::integer:
      if (!is_integer(d) || d < a.lo || (a.hi_open ? d >= a.hi : d > a.hi)) fail(i, true, expected(i));
      return;
    case Kind::activation:
      for (ActivationCode c : kActivationCodes)
        if (d == static_cast<double>(c)) return;
      fail(i, true, expected(i));
    case Kind::real: {
      if (!std::isfinite(d)) fail(i, true, "a finite number");
      const double lo = a.lo_arg >= 0 ? number_[a.lo_arg] : a.lo;
      if (d < lo || d > a.hi || (a.hi_open && d >= a.hi)) fail(i, true, expected(i));
      return;
    }
    default:
      return;
  }
}

std::string Args::expected(int i) const {
  const spec::Arg& a = kernel_.args[i];
  switch (a.kind) {
    case Kind::flag: return "a boolean";
    case Kind::size: return "an integer in [" + format_number(a.lo) + ", 2^31)";
    case Kind::integer: return "an integer in [" + format_number(a.lo) + ", " + format_number(a.hi) + "]";
    case Kind::activation: {
      std::string codes;
      for (int c = 0; c < kActivationCount; ++c) {
        codes += (c ? ", " : "") + format_number(static_cast<double>(kActivationCodes[c])) + " " + kActivationNames[c];
      }
      return "an activation code (" + codes + ")";
    }
    case Kind::real: {
      const double lo = a.lo_arg >= 0 ? number_[a.lo_arg] : a.lo;
      const bool unbounded_lo = lo <= -kFloat32Max, unbounded_hi = a.hi >= kFloat32Max;
      const char* below = a.hi_open ? "< " : "<= ";
      if (unbounded_lo && unbounded_hi) return "a finite number within float32 range";
      if (unbounded_hi) return "a number >= " + format_number(lo);
      if (unbounded_lo) return std::string("a number ") + below + format_number(a.hi);
      return "a number in [" + format_number(lo) + ", " + format_number(a.hi) + (a.hi_open ? ")" : "]");
    }
    case Kind::buffer: {
      const char* array = a.element == Element::uint8    ? "a Uint8Array of at least "
                          : a.element == Element::uint32 ? "a Uint32Array of at least "
                                                         : "a Float32Array of at least ";
      const char* unit = a.element == Element::uint8 ? " bytes" : a.element == Element::uint32 ? " indices" : " floats";
      return array + format_number(number_[i]) + unit;
    }
  }
  return "";
}

// " (m * k = 3 * 4)": where a buffer's length comes from.
std::string Args::length_note(int i) const {
  const spec::Arg& a = kernel_.args[i];
  std::string names, values;
  for (int f = 0; f < spec::kMaxLengthFactors && a.length[f] >= 0; ++f) {
    names += (f ? " * " : "") + std::string(kernel_.args[a.length[f]].name);
    values += (f ? " * " : "") + format_number(number_[a.length[f]]);
  }
  return names.empty() ? "" : " (" + names + " = " + values + ")";
}

void Args::fail(int i, bool range, const std::string& expected, const std::string& note) const {
  throw_argument_error(Napi::Env(env_), range,
                       std::string("backprop: ") + kernel_.name + ": " + kernel_.args[i].name + " must be " +
                           expected + "; got " + describe(env_, argv_[i]) + note);
}

void Args::check_overlaps() const {
  const auto written = [&](int i) {
    return kernel_.args[i].kind == Kind::buffer && kernel_.args[i].role != Role::in;
  };
  const auto overlap = [&](int i, int j) {
    if (used_[i] == 0 || used_[j] == 0) return false;
    const auto a = reinterpret_cast<uintptr_t>(data_[i]), b = reinterpret_cast<uintptr_t>(data_[j]);
    return a < b + used_[j] * spec::element_bytes(kernel_.args[j].element) &&
           b < a + used_[i] * spec::element_bytes(kernel_.args[i].element);
  };
  for (int i = 0; i < kernel_.arg_count; ++i) {
    if (!written(i)) continue;
    for (int j = 0; j < kernel_.arg_count; ++j) {
      // A pair of written buffers is checked once, from the first of the two.
      if (j == i || kernel_.args[j].kind != Kind::buffer || (written(j) && j < i) || !overlap(i, j)) continue;
      const std::string pair = std::string("backprop: ") + kernel_.name + ": " + kernel_.args[i].name + " and " +
                               kernel_.args[j].name;
      bool listed = false;
      for (int p = 0; p < kernel_.alias_count; ++p) {
        const spec::Alias& alias = kernel_.may_alias[p];
        listed = listed || (alias.written == i && alias.other == j) || (alias.written == j && alias.other == i);
      }
      if (listed && data_[i] == data_[j]) continue;
      throw_argument_error(Napi::Env(env_), true,
                           listed ? pair + " may be the same buffer but must not partly overlap; got views that "
                                           "overlap at different offsets"
                                  : pair + " must not overlap; got views of the same memory that do");
    }
  }
}

// Labels as float32: each must be an integer in [0, classes), as it indexes a row of the gradient.
void Args::check_class_indices(int i) const {
  bp::check_class_indices(env_, kernel_, i, data_[i], used_[i], number_[kernel_.args[i].classes_arg]);
}

// Indices (a Uint32Array): each must be below its bound, as it indexes a row of another buffer.
void Args::check_indices(int i) const {
  bp::check_indices(env_, kernel_, i, reinterpret_cast<const uint32_t*>(data_[i]), used_[i],
                    number_[kernel_.args[i].index_below]);
}

void check_indices(napi_env env, const spec::Kernel& kernel, int i, const uint32_t* indices, uint64_t count,
                   double bound) {
  for (uint64_t r = 0; r < count; ++r) {
    if (!(indices[r] < bound)) {
      throw_argument_error(Napi::Env(env), true,
                           std::string("backprop: ") + kernel.name + ": " + kernel.args[i].name + "[" +
                               std::to_string(r) + "] must be an index in [0, " + format_number(bound) + "); got " +
                               std::to_string(indices[r]));
    }
  }
}

void check_class_indices(napi_env env, const spec::Kernel& kernel, int i, const float* labels, uint64_t count,
                         double classes) {
  for (uint64_t r = 0; r < count; ++r) {
    const double label = labels[r];
    if (!(label >= 0 && label < classes && label == std::floor(label))) {
      throw_argument_error(Napi::Env(env), true,
                           std::string("backprop: ") + kernel.name + ": " + kernel.args[i].name + "[" +
                               std::to_string(r) + "] must be an integer class index in [0, " +
                               format_number(classes) + "); got " + format_number(label));
    }
  }
}

}  // namespace bp
