// Hot loops for plain C++, one float at a time (BACKPROP_NATIVE_ISA=scalar).
// This file is the only one built with this instruction set's flags (its own static library in
// binding.gyp); everything it includes lands in namespace bp::scalar, so no inline function compiled
// here can be picked by the linker for another level.
#include "dispatch.h"
#include "simd/scalar.h"

namespace bp {
namespace scalar {

#include "simd/vmath.inl"
#include "simd/loops.inl"
#include "simd/kernels.inl"

#define BP_GEMM_MR 4
#define BP_GEMM_NRV 4
#define BP_GEMM_KC 256
#define BP_GEMM_MC 128
#define BP_GEMM_NC 1024
#include "simd/gemm_kernel.inl"

void fill_table(IsaTable& t) {
  t.name = "scalar";
  fill_elementwise(t);
  fill_gemm(t);
}

}  // namespace scalar
}  // namespace bp
