// src/ has no import cycles: every relative `import` / `export ... from` (including `import type` and
// dynamic `import('...')`) of every .ts file under src/ is resolved, and a depth-first search looks for a
// path that comes back to where it started. Each cycle found is printed as a path of files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative module specifiers of a TypeScript source: static imports and re-exports, and import('...'). */
function relativeSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** The file a specifier of `from` names: TypeScript sources are imported under their emitted .js name. */
function resolveSpecifier(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${relative(root, from)} imports ${specifier}, which names no file`);
}

/** Every elementary cycle reachable in the graph, each as [a, b, ..., a], found once (from its smallest node). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const nodes = [...graph.keys()].sort();
  for (const start of nodes) {
    // Only cycles whose smallest file is `start`, so each is reported once.
    const path: string[] = [start];
    const onPath = new Set([start]);
    const walk = (node: string): void => {
      for (const next of graph.get(node) ?? []) {
        if (next === start) {
          const key = path.join(' -> ');
          if (!seen.has(key)) {
            seen.add(key);
            cycles.push([...path, start]);
          }
        } else if (next > start && !onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles;
}

describe('import graph of src/', () => {
  it('finds the specifiers of every import form', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import './side-effect.js';",
      "export * from './c.js';",
      "export { d } from './d.js';",
      "export type { E } from './e.js';",
      "const f = await import('./f.js');",
      "import { g } from 'node:fs';",
      "// import { h } from './commented.js';",
      "/* export * from './block-commented.js'; */",
      'import {\n  i,\n  type J,\n} from "./multi-line.js";',
    ].join('\n');
    expect(relativeSpecifiers(text)).toEqual([
      './a.js',
      '../b.js',
      './side-effect.js',
      './c.js',
      './d.js',
      './e.js',
      './multi-line.js',
      './f.js',
    ]);
  });

  it('finds a cycle through any number of files, and none in a tree', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
    expect(findCycles(new Map([['a', ['a']]]))).toEqual([['a', 'a']]);
  });

  it('has no cycle', () => {
    const graph = new Map<string, string[]>();
    for (const file of tsFiles(src)) {
      const targets = relativeSpecifiers(readFileSync(file, 'utf8')).map((s) => resolveSpecifier(file, s));
      graph.set(relative(root, file), [...new Set(targets.map((t) => relative(root, t)))]);
    }
    expect(graph.size).toBeGreaterThan(50);
    const cycles = findCycles(graph).map((cycle) => cycle.join(' -> '));
    expect(cycles, `import cycles in src/:\n${cycles.join('\n')}`).toEqual([]);
  });
});
