// The public error classes: all defined in src/errors.ts, each exported by both entries of the package
// (the Node entry and backprop-nn/browser) as the same class, so `instanceof` holds whichever entry made
// the error and whichever the caller imported. Checked on the sources and on the built package entries.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

type ErrorClass = new (...args: unknown[]) => Error;

/** The exports of a module that are classes of errors, by name. */
function errorClasses(module: Record<string, unknown>): Map<string, ErrorClass> {
  const classes = new Map<string, ErrorClass>();
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === 'function' && value.prototype instanceof Error) classes.set(name, value as ErrorClass);
  }
  return classes;
}

/** Checks that both entries export exactly the classes of `errors`, as the same objects. */
type Module = Record<string, unknown>;

function expectSameClasses(errors: Module, node: Module, browser: Module): void {
  const defined = errorClasses(errors);
  expect(defined.size).toBeGreaterThan(0);
  expect([...errorClasses(node).keys()].sort()).toEqual([...defined.keys()].sort());
  expect([...errorClasses(browser).keys()].sort()).toEqual([...defined.keys()].sort());
  for (const [name, Class] of defined) {
    expect(node[name], name).toBe(Class);
    expect(browser[name], name).toBe(Class);
    const error = new (node[name] as ErrorClass)('a', 'b', 'c');
    expect(error, name).toBeInstanceOf(browser[name] as ErrorClass);
    expect(error, name).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('public error classes', () => {
  it('are exported by the Node entry and the browser entry as the same classes (sources)', async () => {
    const errors = await import('../src/errors.js');
    const node = await import('../src/index.js');
    const browser = await import('../src/browser.js');
    expectSameClasses(errors, node, browser);
  });

  it('are exported by the built package entries as the same classes', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, { default: string }>;
    };
    const load = (file: string): Promise<Module> => import(pathToFileURL(join(root, file)).href);
    const errors = await load('dist/src/errors.js');
    expectSameClasses(errors, await load(pkg.exports['.'].default), await load(pkg.exports['./browser'].default));
  });

  // The CLI keeps its own (UsageError, OutputPathError): they never leave the command.
  it('are all defined in src/errors.ts, each with a TSDoc comment', () => {
    const elsewhere: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      const path = relative(root, file);
      if (path === join('src', 'errors.ts') || path.startsWith(join('src', 'cli'))) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(/class (\w+) extends (\w*Error)\b/g)) {
        elsewhere.push(`${path}: ${match[1]}`);
      }
    }
    expect(elsewhere).toEqual([]);
    const source = readFileSync(join(root, 'src', 'errors.ts'), 'utf8');
    const classes = [...source.matchAll(/(\*\/\n)?export class (\w+)/g)];
    expect(classes.length).toBeGreaterThan(0);
    for (const [, doc, name] of classes) expect(doc, `${name} has a TSDoc comment`).toBe('*/\n');
  });
});
