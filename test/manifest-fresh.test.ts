// The files rendered from the kernel manifest are committed (assembly/ and native/ compile against them
// without running a script first): each must be what its renderer gives today.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILES } from '../src/backends/manifest-render/outputs.js';

const root = join(import.meta.dirname, '..');

describe('files rendered from the kernel manifest', () => {
  const files = GENERATED_FILES.map((f) => [f.path, f] as const);
  it.each(files)('%s is up to date (else: node scripts/generate-manifest.mjs)', (path, file) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(file.render());
  });
});
