// Generated from src/backends/manifest.ts by scripts/generate-manifest.mjs: edit those, not this file.

/** The activation codes: the values of a kernel's `kind` argument. */
export const ACTIVATION_IDENTITY: i32 = 0;
export const ACTIVATION_SIGMOID: i32 = 1;
export const ACTIVATION_TANH: i32 = 2;
export const ACTIVATION_RELU: i32 = 3;
export const ACTIVATION_LEAKY_RELU: i32 = 4;
export const ACTIVATION_ELU: i32 = 5;
export const ACTIVATION_GELU: i32 = 6;
