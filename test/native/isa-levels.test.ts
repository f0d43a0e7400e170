// The shared equivalence cases (test/kernel-cases.ts) against js at every instruction-set level this CPU
// supports, switching levels in-process through the addon's selectIsa hook; plus the environment cap
// BACKPROP_NATIVE_ISA in a child process, and determinism across thread counts.
import { afterAll, describe, expect, it } from 'vitest';
import { createJsBackend } from '../../src/backends/js/index.js';
import { expectClose, expectScalarClose } from '../harness.js';
import { kernelCases, runCase, toleranceOf } from '../kernel-cases.js';
import { loadNative, runNode } from './load.js';

const { native, reason } = await loadNative();
const levels = native ? native.addon.isaSupported().split(',') : [];
const initial = native?.addon.isa();
const js = createJsBackend();
const cases = kernelCases();

describe.skipIf(!native)(
  `native at every level this CPU supports (${levels.join(', ')})${native ? '' : `: ${reason}`}`,
  () => {
    afterAll(() => {
      if (native && initial) native.addon.selectIsa(initial);
    });

    it.each(levels)('%s matches js on every kernel case', (level) => {
      const addon = native!.addon;
      expect(addon.selectIsa(level)).toBe(level);
      for (const c of cases) {
        const expected = runCase(js, c);
        const actual = runCase(native!, c);
        for (const name of c.outputs) {
          expectClose(
            actual.outputs[name],
            expected.outputs[name],
            toleranceOf(c, name, 'backend'),
            `${level} ${c.kernel} ${c.label} ${name}`,
          );
        }
        if (expected.value !== undefined) {
          expectScalarClose(
            actual.value as number,
            expected.value,
            c.backendTolerance,
            `${level} ${c.kernel} ${c.label} value`,
          );
        }
      }
    });

    it('the same inputs give bit-identical results with 1 and 2 threads', () => {
      const addon = native!.addon;
      const threads = addon.threads();
      const results: Float32Array[][] = [];
      for (const t of [1, 2]) {
        addon.setThreads(t);
        const out: Float32Array[] = [];
        for (const c of cases.filter((k) =>
          ['gemm', 'softmaxCrossEntropy', 'sumOfSquares', 'batchNormForwardTrain', 'adamStep'].includes(k.kernel),
        )) {
          const r = runCase(native!, c);
          for (const name of c.outputs) out.push(Float32Array.from(r.outputs[name]));
          if (r.value !== undefined) out.push(Float32Array.of(r.value));
        }
        // Large enough to be split over the pool.
        const m = 300,
          n = 200,
          k = 150;
        const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
        const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
        const cm = new Float32Array(m * n);
        addon.gemm(false, true, m, n, k, 1, a, b, 0, cm);
        out.push(cm);
        const big = Float32Array.from({ length: 1 << 20 }, (_, i) => Math.sin(i * 0.001));
        out.push(Float32Array.of(addon.sumOfSquares(big.length, big)));
        results.push(out);
      }
      addon.setThreads(threads);
      expect(results[1].length).toBe(results[0].length);
      results[0].forEach((r, i) =>
        expect(Buffer.from(results[1][i].buffer).equals(Buffer.from(r.buffer)), `output ${i}`).toBe(true),
      );
    });

    it('BACKPROP_NATIVE_ISA caps the level at load, and an unknown name fails to load with the reason', () => {
      const addonPath = native!.details.binary as string;
      const probe = `const a = require(${JSON.stringify(addonPath)}); console.log(a.isa());`;
      for (const level of levels) expect(runNode(['-e', probe], { BACKPROP_NATIVE_ISA: level }).trim()).toBe(level);
      expect(runNode(['-e', probe], { BACKPROP_NATIVE_ISA: '' }).trim()).toBe(levels[0]);
      // Every level of this build is named; a level of another architecture is as unknown as a typo.
      const built =
        process.arch === 'x64' ? 'avx512, avx2, sse2, scalar' : process.arch === 'arm64' ? 'neon, scalar' : 'scalar';
      const foreign = process.arch === 'arm64' ? 'avx2' : 'neon';
      for (const name of ['avx9000', foreign, 'AVX2']) {
        expect(() => runNode(['-e', probe], { BACKPROP_NATIVE_ISA: name })).toThrow(
          `RangeError: backprop: BACKPROP_NATIVE_ISA must be one of ${built} (or unset); got "${name}"`,
        );
      }
    });
  },
);
