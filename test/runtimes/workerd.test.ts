// The packed tarball in a Cloudflare Worker, built as a Workers user builds it and run in workerd, the
// Workers runtime, through miniflare: wrangler bundles apps/worker (wrangler.toml; `wrangler deploy
// --dry-run --outdir` writes what a deploy would upload), turning the worker's
// `import wasm from 'backprop-nn/wasm/backprop.wasm'` into a compiled WebAssembly.Module, the only form
// Workers accept (they refuse to compile bytes at run time). The worker trains XOR on its first request
// and serves predictions over fetch; each must be right, on the SIMD wasm backend.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchFolders } from '../scratch.js';
import { devBinary, expectLearnedXor, report, runOk, userProject, versionOf, type XorResult } from './run.js';

const scratch = scratchFolders('backprop-workerd-');

interface Answer {
  info: XorResult['info'];
  loss: number;
  prediction: number;
}

describe('a Cloudflare Worker under workerd (miniflare), bundled by wrangler', () => {
  let worker = '';
  let miniflare: Miniflare | undefined;
  beforeAll(() => {
    worker = join(userProject(scratch(), ['worker']), 'worker');
    // WRANGLER_SEND_METRICS=false: no usage report leaves the machine.
    runOk(devBinary('wrangler'), ['deploy', '--dry-run', '--outdir', 'out'], worker, {
      WRANGLER_SEND_METRICS: 'false',
    });
  }, 120_000);
  afterAll(async () => {
    await miniflare?.dispose();
  });

  it('the bundle keeps the .wasm as a module of its own', () => {
    const files = readdirSync(join(worker, 'out'));
    expect(files).toContain('index.js');
    expect(files.filter((f) => f.endsWith('backprop.wasm'))).toHaveLength(1);
  });

  it('trains XOR on the wasm backend and serves right predictions over fetch', async () => {
    expect(existsSync(join(worker, 'out', 'index.js'))).toBe(true);
    miniflare = new Miniflare({
      modules: true,
      scriptPath: join(worker, 'out', 'index.js'),
      // Module names are paths below this folder (by default the working directory, not the bundle's).
      modulesRoot: join(worker, 'out'),
      // What wrangler's default module rules declare for the files it leaves beside the bundle.
      modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
      compatibilityDate: '2026-04-01',
    });
    const inputs = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const answers: Answer[] = [];
    for (const [a, b] of inputs) {
      const response = await miniflare.dispatchFetch(`http://localhost/?a=${a}&b=${b}`);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      answers.push(JSON.parse(text) as Answer);
    }
    const predictions = answers.map((answer) => answer.prediction);
    const result: XorResult = {
      info: answers[0].info,
      loss: answers[0].loss,
      accuracy: predictions.filter((p, i) => Math.round(p) === [0, 1, 1, 0][i]).length / 4,
      predictions,
    };
    report(`${versionOf(devBinary('workerd'))} (miniflare)`, result);
    expect(result.info.backend).toBe('wasm');
    // workerd gives no version to the code it runs.
    expect(result.info.runtime).toEqual({ name: 'workerd', version: 'unknown' });
    expect(result.info.details.simd).toBe(true);
    expectLearnedXor(result);
    // One model for every request: trained once, on the first.
    expect(new Set(answers.map((answer) => answer.loss)).size).toBe(1);
  });
});
