// backprop/browser in headless Debian Chromium: a page served on 127.0.0.1 loads dist/src/browser.js,
// initialises the wasm backend from the package's URL and trains a 2-layer MLP with kernels; the loss
// curve must equal, bit for bit, the curve Node's wasm backend gives for the same seed.
// Why exact equality is the right tolerance: both sides run the same .wasm (WebAssembly float arithmetic
// is deterministic IEEE-754, and the module uses no relaxed-SIMD or fused operations whose results could
// depend on the engine), and the JavaScript around it (train-mlp.js, Random) uses only integer and IEEE
// double arithmetic, no Math.sin/cos/log whose rounding engines may choose.
// Skipped, visibly, only when /usr/bin/chromium is absent and CI is not set; .ci/run installs chromium.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadNodeWasmBackend } from '../../src/backends/wasm/index.js';
import { Random } from '../../src/random.js';
import { serveFolder } from './serve.js';
import { trainXorMlp } from './train-mlp.js';

const CHROMIUM = '/usr/bin/chromium';
const STEPS = 300;
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const runHere = existsSync(CHROMIUM) || process.env.CI !== undefined;

interface PageResult {
  losses: number[];
  accuracy: number;
  info: { backend: string; details: Record<string, unknown> };
}

describe.runIf(runHere)('backprop/browser in headless Chromium', () => {
  let server: Server;
  let origin: string;
  let profile: string;
  beforeAll(async () => {
    expect(existsSync(join(root, 'dist/src/browser.js')), 'dist/src/browser.js is built (npm run build)').toBe(true);
    ({ server, origin } = await serveFolder(root));
    profile = mkdtempSync(join(tmpdir(), 'backprop-chromium-'));
  });
  afterAll(async () => {
    await new Promise<void>((done) => server?.close(() => done()));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test('trains on the wasm backend with the same loss curve as Node', async () => {
    const { chromium } = await import('playwright-core');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    let result: PageResult;
    try {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(`${origin}/test/browser/page.html?steps=${STEPS}`);
      await page.waitForFunction(() => '__result' in window || '__error' in window, undefined, { timeout: 60_000 });
      const error = await page.evaluate(() => (window as unknown as { __error?: string }).__error);
      expect(error, `page error (console: ${consoleErrors.join(' | ')})`).toBeUndefined();
      result = await page.evaluate(() => (window as unknown as { __result: PageResult }).__result);
    } finally {
      await context.close();
    }
    expect(result.info.backend).toBe('wasm');
    expect(result.info.details.simd).toBe(true); // Chromium has WebAssembly SIMD: the SIMD build loaded

    const node = await loadNodeWasmBackend({ simd: true });
    const expected = trainXorMlp(Random, node, STEPS);
    expect(result.losses).toHaveLength(STEPS);
    // It learned (so the comparison is between two real training runs, not two constant curves).
    expect(expected.losses[STEPS - 1]).toBeLessThan(0.2 * expected.losses[0]);
    expect(expected.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.losses).toEqual(expected.losses);
    expect(result.accuracy).toBe(expected.accuracy);
  });
});

test.runIf(!runHere)(
  `browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium) and CI is not set`,
  () => {
    expect(existsSync(CHROMIUM)).toBe(false);
  },
);
