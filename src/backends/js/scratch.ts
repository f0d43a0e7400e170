// Packing space for the js GEMM. It grows to the largest size seen and is then reused, so a training
// step in steady state allocates nothing.
let scratch = new Float32Array(0);

export function scratchFloats(length: number): Float32Array {
  if (scratch.length < length) scratch = new Float32Array(Math.max(length, scratch.length * 2));
  return scratch;
}
