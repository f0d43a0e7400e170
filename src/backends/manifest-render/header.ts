/** The first line of every file rendered from the kernel manifest (a comment in C++ and TypeScript alike). */
export const GENERATED_HEADER =
  '// Generated from src/backends/manifest.ts by scripts/generate-manifest.mjs: edit those, not this file.';
