// Every file rendered from the kernel manifest, by its path in the repository. scripts/generate-manifest.mjs
// writes them; test/manifest-fresh.test.ts fails when a committed one differs from what its renderer gives.
import { renderAssemblyScript } from './assemblyscript.js';
import { renderCppHeader } from './cpp.js';

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly path: string;
  readonly render: () => string;
}

export const GENERATED_FILES: readonly GeneratedFile[] = [
  { path: 'assembly/generated/manifest.ts', render: renderAssemblyScript },
  { path: 'native/generated/manifest.h', render: renderCppHeader },
];
