// Hot loops for AArch64 NEON: 8 x 8 register tile.
// This file is the only one built with this instruction set's flags (its own static library in
// binding.gyp); everything it includes lands in namespace bp::neon, so no inline function compiled
// here can be picked by the linker for another level.
#if defined(__aarch64__)
#include "dispatch.h"
#include "simd/neon.h"

namespace bp {
namespace neon {

#define BP_GEMM_MR 8
#define BP_GEMM_NRV 2
#define BP_GEMM_KC 256
#define BP_GEMM_MC 128
#define BP_GEMM_NC 2048
#define BP_GEMM_INPLACE_A_FLOATS (128 * 1024)
#define BP_ISA_NAME "neon"
#include "simd/level.inl"

}  // namespace neon
}  // namespace bp
#endif  // AArch64
