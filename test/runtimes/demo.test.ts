// The demo page examples/browser/ in headless Chromium, as a person uses it: it must train the digits in
// its Web Worker on the SIMD wasm backend, draw the curves while the loss falls, reach a good accuracy on
// the unseen digits, and classify digits drawn on its pad with the mouse. A screenshot of the page after
// that is kept in test-artifacts/ (printed), for CI to keep.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { serveFolder } from '../browser/serve.js';
import { CHROMIUM, chromiumRuns, withPage } from './chromium.js';

const root = packageRoot();
const SCREENSHOT = join(root, 'test-artifacts', 'browser-demo.png');

interface DemoState {
  info?: { backend: string; details: Record<string, unknown>; runtime: { name: string; version: string } };
  epochs: { loss: number; accuracy: number; val_loss: number; val_accuracy: number }[];
  test?: { loss: number; accuracy: number; rows: number };
  error?: string;
}

/** Draws strokes (lists of points in the pad's 192x192 coordinates) on the pad with the mouse. */
async function draw(page: Page, strokes: [number, number][][]): Promise<{ digit: number; probabilities: number[] }> {
  await page.click('#clear');
  const box = (await page.locator('#pad').boundingBox())!;
  for (const stroke of strokes) {
    await page.mouse.move(box.x + stroke[0][0], box.y + stroke[0][1]);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
    await page.mouse.up();
  }
  await page.waitForFunction(() => (window as unknown as { demo: { prediction?: unknown } }).demo.prediction);
  return page.evaluate(
    () => (window as unknown as { demo: { prediction: { digit: number; probabilities: number[] } } }).demo.prediction,
  );
}

/** An ellipse around (96, 96) as one closed stroke: a zero. */
const zero: [number, number][] = Array.from({ length: 25 }, (_, i) => {
  const angle = (2 * Math.PI * i) / 24;
  return [96 + 45 * Math.sin(angle), 96 - 70 * Math.cos(angle)];
});
/** A vertical bar: a one. */
const one: [number, number][] = [
  [96, 20],
  [96, 172],
];

describe.runIf(chromiumRuns)('the browser demo (examples/browser)', () => {
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    ({ server, origin } = await serveFolder(root));
  });
  afterAll(async () => {
    await new Promise<void>((done) => server?.close(() => done()));
  });

  it('trains the digits in its worker on wasm, draws the curves and classifies drawn digits', async () => {
    const { state, drawn, version, messages } = await withPage(
      `${origin}/examples/browser/index.html`,
      async (page, messages, version) => {
        await page.waitForFunction(
          () => {
            const demo = (window as unknown as { demo: DemoState }).demo;
            return demo.test !== undefined || demo.error !== undefined;
          },
          undefined,
          { timeout: 90_000 },
        );
        const drawn = { zero: await draw(page, [zero]), one: await draw(page, [one]) };
        mkdirSync(join(root, 'test-artifacts'), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        const state = await page.evaluate(() => (window as unknown as { demo: DemoState }).demo);
        return { state, drawn, version, messages };
      },
    );
    console.log(`screenshot of the demo: ${SCREENSHOT}`);
    expect(state.error, JSON.stringify(messages)).toBeUndefined();
    const epochs = state.epochs;
    const test = state.test!;
    console.log(
      `Chromium ${version}, examples/browser: backend ${state.info?.backend} (simd ${String(state.info?.details.simd)}); ` +
        `digits, ${epochs.length} epochs: loss ${epochs[0].loss.toFixed(3)} -> ${epochs[epochs.length - 1].loss.toFixed(3)}, ` +
        `test accuracy ${test.accuracy.toFixed(4)} on ${test.rows} rows; drawn 0 -> ${drawn.zero.digit}, drawn 1 -> ${drawn.one.digit}`,
    );
    expect(state.info?.backend).toBe('wasm');
    expect(state.info?.runtime).toEqual({ name: 'browser', version: `Chrome ${version}` });
    expect(state.info?.details.simd).toBe(true);
    expect(epochs.length).toBe(30);
    expect(epochs[epochs.length - 1].loss).toBeLessThan(0.25 * epochs[0].loss);
    expect(test.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(drawn.zero.digit).toBe(0);
    expect(drawn.one.digit).toBe(1);
    expect(messages.filter((m) => m.type === 'error' || m.type === 'pageerror')).toEqual([]);
  });
});

test.runIf(!chromiumRuns)(`demo test skipped: ${CHROMIUM} is not installed and CI is not set`, () => {
  expect(chromiumRuns).toBe(false);
});
