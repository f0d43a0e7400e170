// Worker threads must never crash the process. Each scenario of workers-child.mjs runs in its own child
// process (a crash kills only the child) and must end with exit code 0, no signal, every worker accounted
// for. Before the fixes these crashed: a worker exiting after loading the addon while the main thread never
// had (SIGSEGV: the library was unloaded under its thread pool), and a worker terminated while the addon
// loaded or while a call threw an argument error (SIGABRT: "terminate called after throwing an instance of
// 'Napi::Error'").
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const child = fileURLToPath(new URL('./workers-child.mjs', import.meta.url));

function stress(scenario: string, rounds: number): { outcomes: Record<string, number> } {
  const r = spawnSync(process.execPath, [child, scenario, String(rounds)], {
    encoding: 'utf8',
    timeout: 150_000,
    env: { ...process.env, BACKPROP_BACKEND: 'native' },
  });
  const tail = `\nstderr: ${r.stderr.slice(-2000)}`;
  expect(r.signal, `${scenario} ended by a signal${tail}`).toBeNull();
  expect(r.status, `${scenario} exit code${tail}`).toBe(0);
  const report = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    scenario: string;
    rounds: number;
    outcomes: Record<string, number>;
  };
  expect(report.scenario).toBe(scenario);
  return report;
}

describe.skipIf(!native)(`native addon in worker threads${native ? '' : ` (skipped: ${reason})`}`, () => {
  it('40 workers each load the native backend and exit while the main thread never loads it', () => {
    expect(stress('exit-after-load', 40).outcomes).toEqual({ 'exit 0 after native': 40 });
  }, 160_000);

  it('30 workers terminated while loading the addon', () => {
    expect(stress('terminate-during-load', 30).outcomes).toEqual({ terminated: 30 });
  }, 160_000);

  it('30 workers terminated while an addon call throws an argument error', () => {
    expect(stress('terminate-during-throw', 30).outcomes).toEqual({ terminated: 30 });
  }, 160_000);

  it('15 workers terminated while a kernel of the public API throws an argument error', () => {
    expect(stress('terminate-public-api', 15).outcomes).toEqual({ terminated: 15 });
  }, 160_000);
});
