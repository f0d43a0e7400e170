// Hot loops for SSE2, the x86-64 baseline: 6 x 8 register tile.
// This file is the only one built with this instruction set's flags (its own static library in
// binding.gyp); everything it includes lands in namespace bp::sse2, so no inline function compiled
// here can be picked by the linker for another level.
#if defined(__x86_64__) || defined(_M_X64)
#include "dispatch.h"
#include "simd/sse2.h"

namespace bp {
namespace sse2 {

#define BP_GEMM_MR 6
#define BP_GEMM_NRV 2
#define BP_GEMM_KC 256
#define BP_GEMM_MC 144
#define BP_GEMM_NC 2048
#define BP_GEMM_INPLACE_A_FLOATS (128 * 1024)
#define BP_ISA_NAME "sse2"
#include "simd/level.inl"

}  // namespace sse2
}  // namespace bp
#endif  // x86-64
