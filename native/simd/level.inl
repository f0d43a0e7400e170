// The body of every isa_<level>.cc: all hot loops over that level's wrapper, and the table that lists
// them. Included inside bp::<level> after the wrapper, with BP_ISA_NAME (the level's name) and the GEMM
// tile and block sizes (BP_GEMM_*, see gemm_kernel.inl) defined.
#include "vmath.inl"
#include "loops.inl"
#include "kernels.inl"
#include "gemm_kernel.inl"

void fill_table(IsaTable& t) {
  t.name = BP_ISA_NAME;
  fill_elementwise(t);
  fill_gemm(t);
}
