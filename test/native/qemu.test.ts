// Runs the addon under qemu-x86_64 emulating an old CPU (Nehalem: SSE4.2, no AVX): dispatch must pick
// the SSE2 baseline, never execute a wider instruction (qemu would stop the process with SIGILL), and
// compute correct results. Haswell (AVX2 + FMA, no AVX-512) must pick avx2.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const qemu = ['/usr/bin/qemu-x86_64', '/usr/local/bin/qemu-x86_64'].find((p) => existsSync(p));
if (!qemu && process.env.CI) throw new Error('qemu-x86_64 is required in CI (Debian package qemu-user)');
const x64 = process.arch === 'x64';
const skipWhy = !native
  ? reason
  : !x64
    ? `not an x86-64 machine (${process.arch})`
    : !qemu
      ? 'qemu-x86_64 is not installed (apt-get install qemu-user)'
      : '';

// The child checks kernels against plain JavaScript formulas; it prints one JSON line.
const probe = (addonPath: string): string => `
const a = require(${JSON.stringify(addonPath)});
const out = { isa: a.isa(), supported: a.isaSupported(), errors: {} };
let seed = 7; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const maxErr = (x, y) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
  const m = 37, n = 29, k = 41;
  const A = Float32Array.from({ length: m * k }, rnd), B = Float32Array.from({ length: k * n }, rnd);
  const C = Float32Array.from({ length: m * n }, rnd), R = C.slice();
  a.gemm(ta, tb, m, n, k, 0.5, A, B, 2, C); a.gemmReference(ta, tb, m, n, k, 0.5, A, B, 2, R);
  out.errors['gemm' + (ta ? 'T' : 'N') + (tb ? 'T' : 'N')] = maxErr(C, R);
}
const x = Float32Array.from({ length: 1001 }, (_, i) => (i - 500) / 25), y = new Float32Array(1001);
a.activationForward(2, x.length, 0, x, y); out.errors.tanh = maxErr(y, x.map(Math.tanh));
a.activationForward(1, x.length, 0, x, y); out.errors.sigmoid = maxErr(y, x.map((v) => 1 / (1 + Math.exp(-v))));
const rows = 7, cols = 13, z = Float32Array.from({ length: rows * cols }, rnd), p = new Float32Array(rows * cols);
a.softmaxForward(rows, cols, z, p);
const ref = []; for (let r = 0; r < rows; r++) { const row = Array.from(z.subarray(r * cols, (r + 1) * cols)); const mx = Math.max(...row); const e = row.map((v) => Math.exp(v - mx)); const s = e.reduce((q, v) => q + v); ref.push(...e.map((v) => v / s)); }
out.errors.softmax = maxErr(p, ref);
out.errors.sumOfSquares = Math.abs(a.sumOfSquares(x.length, x) - x.reduce((s, v) => s + v * v, 0)) / 1e4;
console.log(JSON.stringify(out));
`;

function underQemu(cpu: string, addonPath: string): { isa: string; supported: string; errors: Record<string, number> } {
  const stdout = execFileSync(qemu!, ['-cpu', cpu, process.execPath, '-e', probe(addonPath)], {
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BACKPROP_NATIVE_ISA: '' },
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe.skipIf(skipWhy !== '')(`native under qemu-x86_64${skipWhy ? ` (skipped: ${skipWhy})` : ''}`, () => {
  it('a Nehalem CPU gets the SSE2 baseline and correct results', () => {
    const r = underQemu('Nehalem', native!.details.binary as string);
    expect(r.isa).toBe('sse2');
    expect(r.supported).toBe('sse2,scalar');
    for (const [name, err] of Object.entries(r.errors)) expect(err, name).toBeLessThan(1e-5);
  });

  it('a Haswell CPU gets AVX2 (and not AVX-512) and correct results', () => {
    const r = underQemu('Haswell', native!.details.binary as string);
    expect(r.isa).toBe('avx2');
    for (const [name, err] of Object.entries(r.errors)) expect(err, name).toBeLessThan(1e-5);
  });
});
