// Linear memory belongs to the module, offsets to JavaScript: the TypeScript allocator
// (src/backends/wasm/allocator.ts) manages every byte from heapBase() to the end of memory and grows
// the memory itself. Nothing in assembly/ allocates, so the stub runtime's own allocator is never linked.

/** The first byte after the module's static data, 16-byte aligned: where the JavaScript heap begins. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** 1 when this build uses v128 instructions, 0 for the scalar twin (reported as details.simd). */
export function simdEnabled(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
