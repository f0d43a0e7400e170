#include "args.h"

#include <cmath>
#include <cstdio>

namespace bp {

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  // Shortest form that still reads back as v, as JavaScript prints numbers.
  for (int digits = 1; digits <= 17; ++digits) {
    char shortbuf[64];
    std::snprintf(shortbuf, sizeof(shortbuf), "%.*g", digits, v);
    if (std::strtod(shortbuf, nullptr) == v) return shortbuf;
  }
  return buf;
}

Args::Args(const Napi::CallbackInfo& info, const char* kernel, std::initializer_list<const char*> names)
    : info_(info), kernel_(kernel), count_(0) {
  for (const char* n : names)
    if (count_ < kMaxArgs) names_[count_++] = n;
  if (info.Length() != count_) {
    std::string list;
    for (size_t i = 0; i < count_; ++i) list += (i ? ", " : "") + std::string(names_[i]);
    throw Napi::TypeError::New(info.Env(), std::string("backprop native: ") + kernel_ + ": expected " +
                                               std::to_string(count_) + " arguments (" + list + "); got " +
                                               std::to_string(info.Length()));
  }
}

std::string Args::where(size_t i) const {
  return std::string("backprop native: ") + kernel_ + ": " + names_[i];
}

std::string Args::describe(const Napi::Value& v) const {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return v.As<Napi::Boolean>().Value() ? "true" : "false";
    case napi_number: return format_number(v.As<Napi::Number>().DoubleValue());
    case napi_string: {
      std::string s = v.As<Napi::String>().Utf8Value();
      if (s.size() > 40) s = s.substr(0, 40) + "...";
      return "the string \"" + s + "\"";
    }
    case napi_bigint: return "a bigint";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    default: break;
  }
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
  if (v.IsDataView()) return "a DataView";
  return "an object";
}

void Args::range_error(size_t i, const std::string& expected, const std::string& got, const std::string& note) const {
  throw Napi::RangeError::New(info_.Env(), where(i) + " must be " + expected + "; got " + got + note);
}

void Args::type_error(size_t i, const std::string& expected, const std::string& note) const {
  throw Napi::TypeError::New(info_.Env(), where(i) + " must be " + expected + "; got " + describe(info_[i]) + note);
}

uint64_t Args::size(size_t i, uint64_t min) {
  const Napi::Value v = info_[i];
  auto expected = [&] { return "an integer >= " + std::to_string(min) + " (a size)"; };
  if (!v.IsNumber()) type_error(i, expected());
  const double d = v.As<Napi::Number>().DoubleValue();
  // Below 2^31, as on the js and wasm backends (src/backends/validate.ts) and in allocate().
  if (!(d >= static_cast<double>(min)) || d != std::floor(d) || d >= 2147483648.0) {
    range_error(i, d >= 2147483648.0 && std::isfinite(d) ? "below 2^31" : expected(), format_number(d));
  }
  return static_cast<uint64_t>(d);
}

float Args::real(size_t i, double lo, double hi, bool hi_open) {
  const Napi::Value v = info_[i];
  if (!v.IsNumber()) type_error(i, "a finite number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d)) range_error(i, "a finite number", format_number(d));
  if (d < lo || d > hi || (hi_open && d >= hi)) {
    const bool unbounded_lo = lo <= -3.4e38, unbounded_hi = hi >= 3.4e38;
    std::string expected;
    if (unbounded_lo && unbounded_hi) expected = "a finite number within float32 range";
    else if (unbounded_hi) expected = "a number >= " + format_number(lo);
    else if (unbounded_lo) expected = std::string("a number ") + (hi_open ? "< " : "<= ") + format_number(hi);
    else expected = "a number in [" + format_number(lo) + ", " + format_number(hi) + (hi_open ? ")" : "]");
    range_error(i, expected, format_number(d));
  }
  return static_cast<float>(d);
}

int64_t Args::integer(size_t i, int64_t lo, int64_t hi) {
  const Napi::Value v = info_[i];
  auto expected = [&] { return "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]"; };
  if (!v.IsNumber()) type_error(i, expected());
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) || d != std::floor(d)) {
    range_error(i, expected(), format_number(d));
  }
  return static_cast<int64_t>(d);
}

bool Args::flag(size_t i) {
  const Napi::Value v = info_[i];
  if (!v.IsBoolean()) type_error(i, "a boolean");
  return v.As<Napi::Boolean>().Value();
}

ArrayArg Args::array(size_t i, uint64_t need, const char* shape, uint64_t d0, uint64_t d1) {
  const Napi::Value v = info_[i];
  auto expected = [&] { return "a Float32Array of at least " + std::to_string(need) + " floats"; };
  auto note = [&] {
    return std::string(" (") + shape + " = " + std::to_string(d0) + (d1 == kNoDim ? "" : " * " + std::to_string(d1)) + ")";
  };
  // Two N-API calls per array (node-addon-api's TypedArrayType, ElementLength and Data would each ask
  // napi_get_typedarray_info again): this is most of a tiny kernel's call cost.
  bool is_typed = false;
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  if (napi_is_typedarray(info_.Env(), v, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(info_.Env(), v, &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float32_array) {
    type_error(i, expected(), note());
  }
  if (length < need) range_error(i, expected(), "a Float32Array of length " + std::to_string(length), note());
  // napi_get_typedarray_info's data already applies the view's byteOffset, so a subarray is read in place.
  return ArrayArg{names_[i], need == 0 ? nullptr : static_cast<float*>(data), need};
}

void Args::no_overlap(std::initializer_list<const ArrayArg*> outputs, std::initializer_list<const ArrayArg*> others,
                      std::initializer_list<std::pair<const ArrayArg*, const ArrayArg*>> may_alias) {
  auto overlaps = [](const ArrayArg* x, const ArrayArg* y) {
    if (x->used == 0 || y->used == 0) return false;
    const auto xb = reinterpret_cast<uintptr_t>(x->data), yb = reinterpret_cast<uintptr_t>(y->data);
    return xb < yb + y->used * sizeof(float) && yb < xb + x->used * sizeof(float);
  };
  auto check = [&](const ArrayArg* out, const ArrayArg* other) {
    if (out == other || !overlaps(out, other)) return;
    for (const auto& pair : may_alias) {
      const bool listed = (pair.first == out && pair.second == other) || (pair.first == other && pair.second == out);
      if (listed && out->data == other->data) return;
      if (listed) {
        throw Napi::RangeError::New(
            info_.Env(), std::string("backprop native: ") + kernel_ + ": " + out->name + " and " + other->name +
                             " may be the same buffer but must not partly overlap; got views that overlap at different offsets");
      }
    }
    throw Napi::RangeError::New(info_.Env(), std::string("backprop native: ") + kernel_ + ": " + out->name + " and " +
                                                 other->name + " must not overlap; got views of the same memory that do");
  };
  for (const ArrayArg* out : outputs) {
    for (const ArrayArg* o : outputs) check(out, o);
    for (const ArrayArg* o : others) check(out, o);
  }
}

}  // namespace bp
