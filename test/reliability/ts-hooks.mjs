// Module hooks that let a plain `node` child process run this repository's TypeScript sources (src/ and
// test/) as vitest does: `.js` specifiers that name a `.ts` file resolve to it, and `.ts` files are
// transpiled (types dropped, no type check) with the project's own TypeScript compiler. Registered by
// ts-register.mjs; the reliability suites run each backend in such a child so that a crash is reported
// with its signal instead of taking the test runner down.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Transpiled files are kept by content hash (and compiler version), so the children after the first skip
// the compiler, which is then not even loaded.
const CACHE = join(tmpdir(), `backprop-ts-cache-${process.getuid?.() ?? 'user'}`);
const TS_VERSION = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('typescript/package.json'), 'utf8'),
).version;

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
  const source = await readFile(fileName, 'utf8');
  const key = createHash('sha256').update(`${TS_VERSION}\0${fileName}\0${source}`).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  let outputText = await readFile(cached, 'utf8').catch(() => undefined);
  if (outputText === undefined) {
    const { default: ts } = await import('typescript');
    const compilerOptions = {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
      inlineSources: true,
    };
    ({ outputText } = ts.transpileModule(source, { fileName, compilerOptions }));
    // Written under a temporary name and renamed, so a child running at the same time never reads half a file.
    await mkdir(CACHE, { recursive: true });
    const temp = `${cached}.${process.pid}.tmp`;
    await writeFile(temp, outputText);
    await rename(temp, cached);
  }
  return { format: 'module', source: outputText, shortCircuit: true };
}
