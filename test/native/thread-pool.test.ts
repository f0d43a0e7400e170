// The thread pool under pressure: many small parallel jobs in quick succession with more threads than
// cores, so workers often wake late. A worker that woke late for a job used to claim a task of the next
// job with the previous job's (returned, dangling) context and crashed the process with SIGSEGV: 4 of 4
// runs of this script crashed within 5 s before the fix (jobs tagged in the pool's task cursor).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const entry = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));

const script = `
const { loadBackend } = await import(${JSON.stringify(entry)});
const k = await loadBackend('native');
const n = 1 << 18, x = new Float32Array(n).fill(0.5), y = new Float32Array(n), m = new Float32Array(n), v = new Float32Array(n);
const g = new Float32Array(n).fill(0.1), a = new Float32Array(256 * 256).fill(0.01), b = new Float32Array(256 * 256).fill(0.02);
const c = new Float32Array(256 * 256);
const start = Date.now();
let jobs = 0;
while (Date.now() - start < 4000) {
  k.activationForward(1, n, 0, x, y);
  k.adamStep(n, 0.001, 0.9, 0.999, 1e-7, 1 + (jobs % 100), 0, y, g, m, v);
  k.gemm(false, false, 64 + (jobs % 7), 256, 256, 1, a, b, 0, c);
  k.sumOfSquares(n, y);
  jobs++;
}
console.log(JSON.stringify({ threads: k.details.threads, jobs, c0: c[0], sum: k.sumOfSquares(256 * 64, c) }));
`;

describe.skipIf(!native)(`native thread pool${native ? '' : `: ${reason}`}`, () => {
  it('survives thousands of back-to-back parallel jobs with more threads than cores, with correct results', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, BACKPROP_THREADS: '3' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.signal, `child killed by ${r.signal}: ${r.stderr}`).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.threads).toBe(3);
    expect(out.jobs).toBeGreaterThan(100);
    // Every C element is 256 * 0.01 * 0.02 (float32 rounding over 256 terms).
    expect(out.c0).toBeCloseTo(0.0512, 5);
    expect(out.sum).toBeCloseTo(256 * 64 * 0.0512 ** 2, 2);
  });
});
