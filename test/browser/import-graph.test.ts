// The browser entry must never reach a Node-only module: walks the import graph of the built
// dist/src/browser.js (static imports, re-exports and dynamic imports) and checks every specifier.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const entry = resolve(root, 'dist/src/browser.js');
const NODE_ONLY = /^(node:|fs$|fs\/|path$|os$|url$|module$|worker_threads$|child_process$|crypto$|node-gyp-build$)/;

/** Every module specifier in a file of compiled ESM (comments stripped first). */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const match of code.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']/g))
    found.push(match[1]);
  for (const match of code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) found.push(match[1]);
  return found;
}

test('dist/src/browser.js reaches only relative modules of the package, none of them Node-only', () => {
  expect(existsSync(entry), 'run npm run build first').toBe(true);
  const seen = new Set<string>();
  const bare: string[] = [];
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('./') || spec.startsWith('../')) queue.push(resolve(dirname(file), spec));
      else bare.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  const files = [...seen].map((f) => relative(root, f));
  // The graph is the real one: it reaches the wasm loader and the js backend.
  expect(files).toContain('dist/src/backends/wasm/backend.js');
  expect(files).toContain('dist/src/backends/js/index.js');
  expect(files).not.toContain('dist/src/backends/wasm/index.js');
  expect(files).not.toContain('dist/src/backends/node.js');
  expect(
    bare.filter((b) => NODE_ONLY.test(b.split(' imports ')[1])),
    'Node-only imports',
  ).toEqual([]);
  // A browser cannot resolve bare specifiers without an import map either: there are none at all.
  expect(bare).toEqual([]);
});

test('the specifier scanner sees the import forms tsc emits', () => {
  const sample = [
    "import { a } from './a.js';",
    "import * as b from '../b.js';",
    "export * from './c.js';",
    "export { d } from './d.js';",
    "import './e.js';",
    "const f = await import('node:fs');",
    "// import { g } from 'commented';",
  ].join('\n');
  expect(specifiers(sample)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', 'node:fs']);
});
