// The thread pool on its own (native/thread_pool.cc with test/native/thread-pool/stress.cc, built with
// g++): several calling threads run jobs back to back while the pool is resized and environments come
// and go; every task must run exactly once, never after its job returned, and the program must end. The
// same program built with ThreadSanitizer checks the pool's memory ordering (a data race is reported
// and fails the run).
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './build-addon.js';

const run = promisify(execFile);
const compiler = process.env.CXX ?? 'g++';
const outDir = join(repoRoot, 'build', 'test-addons', 'thread-pool-stress');
const sources = ['test/native/thread-pool/stress.cc', 'native/thread_pool.cc'].map((s) => join(repoRoot, s));

async function build(name: string, flags: string[]): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, name);
  await run(compiler, ['-std=c++17', '-pthread', '-Wall', '-Wextra', '-Werror', ...flags, ...sources, '-o', out], {
    timeout: 240_000,
  });
  return out;
}

function stress(binary: string, poolThreads: number, callers: number, ms: number) {
  const r = spawnSync(binary, [String(poolThreads), String(callers), String(ms)], {
    encoding: 'utf8',
    timeout: ms + 30_000,
    env: { ...process.env, TSAN_OPTIONS: 'halt_on_error=1 exitcode=66' },
  });
  const tail = `\nstdout: ${r.stdout}\nstderr: ${r.stderr.slice(-3000)}`;
  expect(r.error, `did not end: ${r.error?.message}${tail}`).toBeUndefined();
  expect(r.signal, `ended by ${r.signal}${tail}`).toBeNull();
  expect(r.status, `exit code${tail}`).toBe(0);
  return JSON.parse(r.stdout.trim()) as { jobs: number; tasks: number; lost: number; repeated: number; late: number };
}

const tsanAvailable =
  spawnSync(compiler, ['-print-file-name=libtsan.so'], { encoding: 'utf8' }).stdout?.trim().includes('/') ?? false;

describe('native thread pool, alone', () => {
  const plain = build('stress', ['-O2']);
  const tsan = tsanAvailable ? build('stress-tsan', ['-O1', '-g1', '-fsanitize=thread']) : undefined;

  it.each([
    [2, 1],
    [3, 3],
  ])(
    'with %i threads and %i calling threads: every task exactly once, none late',
    async (poolThreads, callers) => {
      const out = stress(await plain, poolThreads, callers, 1500);
      expect(out.jobs).toBeGreaterThan(100);
      expect({ lost: out.lost, repeated: out.repeated, late: out.late }).toEqual({ lost: 0, repeated: 0, late: 0 });
    },
    300_000,
  );

  it.skipIf(!tsan)(
    'under ThreadSanitizer: no data race',
    async () => {
      const out = stress(await tsan!, 3, 2, 1500);
      expect(out.jobs).toBeGreaterThan(10);
    },
    300_000,
  );
});
