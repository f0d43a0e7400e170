// Loads the native backend for the tests in this folder. On a machine without the addon built the tests
// are skipped with the reason, except in CI, where the addon must build (npm ci runs node-gyp-build).
import { execFileSync } from 'node:child_process';
import { createNativeCandidate, type NativeBackend } from '../../src/backends/native/index.js';
import { testAddonBackend } from '../harness.js';

export async function loadNative(): Promise<{ native?: NativeBackend; reason: string }> {
  try {
    // A test-only build of the addon (emulated AVX-512, sanitizers) when a run of vitest.config.ts names one.
    const native = testAddonBackend() ?? (createNativeCandidate().load() as NativeBackend);
    return { native, reason: '' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI) throw new Error(`the native addon must load in CI: ${reason}`);
    return { reason };
  }
}

/** Runs a Node script in a child process and returns its stdout (throws with stderr on failure). */
export function runNode(args: string[], env: Record<string, string | undefined> = {}, timeout = 120_000): string {
  return execFileSync(process.execPath, args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
