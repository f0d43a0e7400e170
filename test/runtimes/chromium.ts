// Headless Debian Chromium through playwright-core (as test/browser does): a fresh profile per page, every
// console message kept.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Chromium runs here, or CI is set (where .ci/run installs it, so its absence must fail). */
export const chromiumRuns = existsSync(CHROMIUM) || process.env.CI !== undefined;

export interface ConsoleMessage {
  type: string;
  text: string;
}

/**
 * Opens `url` in a fresh profile and calls `use` with the page, the console messages so far (the array
 * grows) and Chromium's version; closes everything after.
 */
export async function withPage<T>(
  url: string,
  use: (page: Page, messages: ConsoleMessage[], version: string) => Promise<T>,
): Promise<T> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'backprop-chromium-'));
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
  try {
    const page = await context.newPage();
    const messages: ConsoleMessage[] = [];
    page.on('console', (message) => messages.push({ type: message.type(), text: message.text() }));
    page.on('pageerror', (error) => messages.push({ type: 'pageerror', text: String(error.stack ?? error) }));
    await page.goto(url);
    const agent = await page.evaluate(() => navigator.userAgent);
    return await use(page, messages, /Chrome\/([\d.]+)/.exec(agent)?.[1] ?? agent);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export interface PageRun<T> {
  result?: T;
  error?: string;
  console: ConsoleMessage[];
  version: string;
}

/** Loads `url` and waits (up to a minute) for its script to leave window.__result or window.__error. */
export function runPage<T>(url: string): Promise<PageRun<T>> {
  return withPage(url, async (page, messages, version) => {
    await page.waitForFunction(() => '__result' in window || '__error' in window, undefined, { timeout: 60_000 });
    const { result, error } = await page.evaluate(() => {
      const w = window as unknown as { __result?: unknown; __error?: string };
      return { result: w.__result, error: w.__error };
    });
    return { result: result as T | undefined, error, console: messages, version };
  });
}
