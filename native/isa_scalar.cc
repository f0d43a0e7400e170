// Hot loops for plain C++, one float at a time (BACKPROP_NATIVE_ISA=scalar).
// This file is the only one built with this instruction set's flags (its own static library in
// binding.gyp); everything it includes lands in namespace bp::scalar, so no inline function compiled
// here can be picked by the linker for another level.
#include "dispatch.h"
#include "simd/scalar.h"

namespace bp {
namespace scalar {

#define BP_GEMM_MR 4
#define BP_GEMM_NRV 4
#define BP_GEMM_KC 256
#define BP_GEMM_MC 128
#define BP_GEMM_NC 1024
#define BP_GEMM_INPLACE_A_FLOATS (128 * 1024)
#define BP_ISA_NAME "scalar"
#include "simd/level.inl"

}  // namespace scalar
}  // namespace bp
