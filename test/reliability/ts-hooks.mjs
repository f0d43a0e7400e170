// Module hooks that let a plain `node` child process run this repository's TypeScript sources (src/ and
// test/) as vitest does: `.js` specifiers that name a `.ts` file resolve to it, and `.ts` files are
// transpiled (types dropped, no type check) with the project's own TypeScript compiler. Registered by
// ts-register.mjs; the reliability suites run each backend in such a child so that a crash is reported
// with its signal instead of taking the test runner down.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const fromTs = context.parentURL?.endsWith('.ts') && /^(\.|\/|file:)/.test(specifier) && specifier.endsWith('.js');
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && fromTs) return next(`${specifier.slice(0, -3)}.ts`, context);
    throw error;
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, inlineSources: true },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
