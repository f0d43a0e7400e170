// The "scalar" level: one float per "register", no intrinsics. BACKPROP_NATIVE_ISA=scalar selects it to
// compare against the vector paths; it is compiled with the baseline flags (the compiler may still
// use SSE2 scalar instructions, which every x86-64 CPU has).
#pragma once

namespace bp {
namespace scalar {

#define BP_SCALAR_FUSED_FMA 0
#include "scalar_ops.inl"
#undef BP_SCALAR_FUSED_FMA

// The vector type of this level is the one-lane type itself.
using V = S;

}  // namespace scalar
}  // namespace bp
