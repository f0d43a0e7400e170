// Chooses the instruction-set table once, from what the CPU reports, capped by BACKPROP_NATIVE_ISA.
#include "dispatch.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace bp {
namespace {

struct Level {
  const char* name;
  bool (*cpu_has)();
  void (*fill)(IsaTable&);
};

bool always() { return true; }

#if defined(__x86_64__) || defined(_M_X64)
#if defined(BP_TEST_EMULATED_AVX512)
// Test build only (test/native/emulated-avx512.ts): isa_avx512.cc is compiled against SIMD Everywhere,
// which runs the _mm512_* intrinsics on AVX2, so the AVX-512 table works on any AVX2 CPU.
bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
// __builtin_cpu_supports also checks that the OS saves the wide registers (XSAVE/XCR0) for AVX and up.
bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}
#endif
bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
// Widest first.
const Level kLevels[] = {
    {"avx512", has_avx512, avx512::fill_table},
    {"avx2", has_avx2, avx2::fill_table},
    {"sse2", always, sse2::fill_table},
    {"scalar", always, scalar::fill_table},
};
#elif defined(__aarch64__)
const Level kLevels[] = {
    {"neon", always, neon::fill_table},
    {"scalar", always, scalar::fill_table},
};
#else
const Level kLevels[] = {
    {"scalar", always, scalar::fill_table},
};
#endif

constexpr size_t kLevelCount = sizeof(kLevels) / sizeof(kLevels[0]);

IsaTable g_tables[kLevelCount];
const IsaTable* g_current = nullptr;
std::once_flag g_once;
std::string g_supported;

// BACKPROP_NATIVE_ISA names the widest level allowed: the index of that level in kLevels, 0 when the
// variable is unset or empty, kLevelCount for a name this build does not have.
size_t requested_level() {
  const char* cap = std::getenv("BACKPROP_NATIVE_ISA");
  if (cap == nullptr || *cap == '\0') return 0;
  for (size_t i = 0; i < kLevelCount; ++i)
    if (std::strcmp(cap, kLevels[i].name) == 0) return i;
  return kLevelCount;
}

void init() {
  for (size_t i = 0; i < kLevelCount; ++i) {
    if (!kLevels[i].cpu_has()) continue;
    kLevels[i].fill(g_tables[i]);
    if (!g_supported.empty()) g_supported += ",";
    g_supported += kLevels[i].name;
  }
  // An unknown name is refused at load (isa_request_error); were it reached here, the CPU's choice stands.
  const size_t first = requested_level();
  for (size_t i = first < kLevelCount ? first : 0; i < kLevelCount; ++i) {
    if (kLevels[i].cpu_has()) {
      g_current = &g_tables[i];
      return;
    }
  }
}

}  // namespace

const IsaTable& isa() {
  std::call_once(g_once, init);
  return *g_current;
}

const char* isa_request_error() {
  if (requested_level() < kLevelCount) return nullptr;
  thread_local std::string message;
  message = "BACKPROP_NATIVE_ISA must be one of ";
  for (size_t i = 0; i < kLevelCount; ++i) message += (i ? ", " : "") + std::string(kLevels[i].name);
  message += std::string(" (or unset); got \"") + std::getenv("BACKPROP_NATIVE_ISA") + "\"";
  return message.c_str();
}

const char* isa_supported() {
  std::call_once(g_once, init);
  return g_supported.c_str();
}

bool isa_select(const char* name) {
  std::call_once(g_once, init);
  for (size_t i = 0; i < kLevelCount; ++i) {
    if (std::strcmp(name, kLevels[i].name) == 0 && kLevels[i].cpu_has()) {
      g_current = &g_tables[i];
      return true;
    }
  }
  return false;
}

}  // namespace bp
