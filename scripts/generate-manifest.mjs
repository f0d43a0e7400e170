// Writes the files rendered from the kernel manifest (src/backends/manifest.ts): the list and the renderers
// are in src/backends/manifest-render/. Run after changing the manifest: node scripts/generate-manifest.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The repository's loader for its TypeScript sources (the reliability suites use it the same way).
register('../test/reliability/ts-hooks.mjs', import.meta.url);
const { GENERATED_FILES } = await import('../src/backends/manifest-render/outputs.ts');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const { path, render } of GENERATED_FILES) {
  const file = join(root, path);
  const text = render();
  let old;
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    old = undefined;
  }
  if (old === text) continue;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${path}`);
}
