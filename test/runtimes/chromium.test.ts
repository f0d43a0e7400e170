// The packed tarball in a web page: apps/browser/app.js (on the page's thread) and apps/browser/worker.js (in
// a Web Worker) bundled by esbuild from a project that installed the tarball, as an ES module and as an
// IIFE (a classic script, where import.meta.url does not exist), then loaded in headless Chromium. Each must train XOR on the SIMD wasm backend, save the model to
// IndexedDB and load it back with the same predictions. A bundle that calls initBackend() with no options
// cannot reach the package's .wasm (the bundle does not carry it): it must fall back to js with exactly one
// console warning that says so, in both forms.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { serveFolder } from '../browser/serve.js';
import { scratchFolders } from '../scratch.js';
import { CHROMIUM, chromiumRuns, runPage } from './chromium.js';
import { devBinary, expectLearnedXor, report, runOk, userProject, type XorResult } from './run.js';

const scratch = scratchFolders('backprop-chromium-app-');
const FORMATS = ['esm', 'iife'] as const;

/**
 * Bundles `entry` of the project into site/<name>-<format>/ with a page that runs it, on the page's thread
 * or in a Web Worker (a module worker for ESM, a classic one for the IIFE) whose message the page keeps;
 * returns the page's path.
 */
function bundle(project: string, entry: string, format: (typeof FORMATS)[number]): string {
  const name = entry.replace(/\.js$/, '');
  const out = join(project, 'site', `${name}-${format}`);
  mkdirSync(out, { recursive: true });
  runOk(
    devBinary('esbuild'),
    [
      join('browser', entry),
      '--bundle',
      `--format=${format}`,
      '--loader:.wasm=binary',
      `--outfile=${join(out, 'app.js')}`,
    ],
    project,
  );
  const script =
    name === 'worker'
      ? `<script>
  const worker = new Worker('app.js', { type: '${format === 'esm' ? 'module' : 'classic'}' });
  worker.onmessage = ({ data }) => ('error' in data ? (window.__error = data.error) : (window.__result = data.result));
</script>`
      : format === 'esm'
        ? '<script type="module" src="app.js"></script>'
        : '<script src="app.js"></script>';
  const page = `<!doctype html>\n<meta charset="utf-8" />\n<link rel="icon" href="data:," />\n<title>${name}</title>\n${script}\n`;
  writeFileSync(join(out, 'index.html'), page);
  return `/site/${name}-${format}/index.html`;
}

describe.runIf(chromiumRuns)('esbuild bundles in headless Chromium', () => {
  let project = '';
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    project = userProject(scratch(), ['browser']);
    ({ server, origin } = await serveFolder(project));
  });
  afterAll(async () => {
    await new Promise<void>((done) => server?.close(() => done()));
  });

  for (const [format, entry] of FORMATS.flatMap((f) => [
    [f, 'app.js'],
    [f, 'worker.js'],
  ])) {
    const where = entry === 'app.js' ? 'on the page' : 'in a Web Worker';
    it(`${format} ${where}: wasm SIMD from the bundled bytes trains XOR, saves to IndexedDB, loads back`, async () => {
      const page = bundle(project, entry, format as (typeof FORMATS)[number]);
      const run = await runPage<XorResult & { reloaded: number[] }>(`${origin}${page}`);
      expect(run.error, `page error; console: ${JSON.stringify(run.console)}`).toBeUndefined();
      const result = run.result!;
      report(`Chromium ${run.version}, esbuild ${format} bundle ${where}`, result);
      expect(result.info.backend).toBe('wasm');
      expect(result.info.runtime).toEqual({ name: 'browser', version: `Chrome ${run.version}` });
      expect(result.info.details.simd).toBe(true);
      expectLearnedXor(result);
      expect(result.reloaded).toEqual(result.predictions);
      expect(run.console.filter((m) => m.type === 'error' || m.type === 'pageerror')).toEqual([]);
    });
  }

  for (const format of FORMATS) {
    it(`${format}: initBackend() without the .wasm falls back to js with one console warning`, async () => {
      const page = bundle(project, 'default-backend.js', format);
      const run = await runPage<{ info: XorResult['info'] }>(`${origin}${page}`);
      expect(run.error, `page error; console: ${JSON.stringify(run.console)}`).toBeUndefined();
      console.log(
        `Chromium ${run.version}, esbuild ${format} bundle, initBackend(): backend ${run.result!.info.backend}`,
      );
      expect(run.result!.info.backend).toBe('js');
      const warnings = run.console.filter((m) => m.type === 'warning');
      expect(warnings, JSON.stringify(run.console)).toHaveLength(1);
      console.log(`its warning: ${warnings[0].text}`);
      expect(warnings[0].text).toMatch(/backprop\.wasm/);
      expect(warnings[0].text).toMatch(/initBackend/);
    });
  }
});

test.runIf(!chromiumRuns)(`Chromium tests skipped: ${CHROMIUM} is not installed and CI is not set`, () => {
  expect(chromiumRuns).toBe(false);
});
