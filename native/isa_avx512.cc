// Hot loops for AVX-512 F/BW/DQ/VL: 12 x 32 register tile (24 of the 32 zmm registers).
// This file is the only one built with this instruction set's flags (its own static library in
// binding.gyp); everything it includes lands in namespace bp::avx512, so no inline function compiled
// here can be picked by the linker for another level.
#if defined(__x86_64__) || defined(_M_X64)
#include "dispatch.h"
#include "simd/avx512.h"

namespace bp {
namespace avx512 {

#define BP_GEMM_MR 12
#define BP_GEMM_NRV 2
#define BP_GEMM_KC 256
#define BP_GEMM_MC 144
#define BP_GEMM_NC 2048
#define BP_GEMM_INPLACE_A_FLOATS (128 * 1024)
#define BP_ISA_NAME "avx512"
#include "simd/level.inl"

}  // namespace avx512
}  // namespace bp
#endif  // x86-64
