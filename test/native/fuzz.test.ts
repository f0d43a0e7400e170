// Seeded random bad arguments against every kernel of the native addon: each call breaks one argument
// (or the argument count) in a way that is certainly invalid, and must throw a TypeError or RangeError
// naming the kernel, before any memory is touched. The process must survive all of them.
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import type { Kernels } from '../../src/backends/contract.js';
import { arr, BAD_ARGUMENTS, C, KERNEL_ARGUMENTS as specs, N, R } from '../kernel-arguments.js';
import { KernelArgumentError, KernelRangeError } from '../../src/errors.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();

describe.skipIf(!native)(`native bad-argument fuzz${native ? '' : ` (skipped: ${reason})`}`, () => {
  it('every valid call in the table runs (so the fuzz breaks exactly one thing)', () => {
    for (const [kernel, spec] of Object.entries(specs)) {
      const fn = (native as unknown as Record<string, (...a: unknown[]) => unknown>)[kernel];
      expect(() => fn(...spec.valid()), kernel).not.toThrow();
    }
  });

  it('throws on 3000 seeded random bad calls and the process survives', () => {
    const rng = new Random(20240601);
    const pick = <T>(xs: readonly T[]): T => xs[rng.nextUint32() % xs.length];
    const names = Object.keys(specs) as (keyof Kernels)[];
    let thrown = 0;
    for (let i = 0; i < 3000; i++) {
      const kernel = pick(names);
      const spec = specs[kernel];
      const args = spec.valid();
      const mode = rng.nextUint32() % 10;
      let what: string;
      if (mode === 0) {
        // Wrong argument count.
        if (rng.nextUint32() % 2 && args.length > 0) args.pop();
        else args.push(1);
        what = `${args.length} arguments`;
      } else if (mode === 1) {
        // A size far larger than the buffers hold.
        const j = pick(spec.lengthFactors);
        args[j] = 1000 + (rng.nextUint32() % 100000);
        what = `argument ${j} = ${String(args[j])}`;
      } else if (mode === 2) {
        // An output overlapping another buffer at a different offset.
        const arrays = spec.kinds.flatMap((k, j) => (k === 'array' ? [j] : []));
        if (arrays.length < 2) {
          i--;
          continue;
        }
        const j = arrays[arrays.length - 1];
        const other = pick(arrays.slice(0, -1));
        const memory = new Float32Array(4096);
        args[other] = memory.subarray(0, (args[other] as Float32Array).length);
        args[j] = memory.subarray(1, 1 + (args[j] as Float32Array).length);
        what = `argument ${j} overlapping argument ${other} at offset 1`;
      } else {
        const j = rng.nextUint32() % args.length;
        const kind = spec.kinds[j];
        let v = pick(BAD_ARGUMENTS[kind]());
        // Float32Array(2) and (0) are too short for every buffer here.
        if (kind === 'array' && v instanceof Float32Array) v = new Float32Array(v.length);
        args[j] = v;
        what = `argument ${j} (${kind}) = ${typeof v === 'symbol' ? 'symbol' : String(v)}`;
      }
      const fn = (native as unknown as Record<string, (...a: unknown[]) => unknown>)[kernel];
      let error: unknown;
      try {
        fn(...args);
      } catch (e) {
        error = e;
      }
      expect(error, `${kernel} with ${what} must throw`).toBeInstanceOf(Error);
      const e = error as Error;
      const kernelError = e instanceof KernelArgumentError || e instanceof KernelRangeError;
      expect(kernelError, `${kernel} with ${what}: ${e.name}: ${e.message}`).toBe(true);
      expect(e.message, `${kernel} with ${what}`).toContain(kernel);
      thrown++;
    }
    expect(thrown).toBe(3000);
  });

  it('labels out of range or not integers throw before anything is written', () => {
    const probs = arr(N, 7),
      grad = arr(N, 7);
    for (const bad of [-1, C, 1.5, NaN, Infinity]) {
      expect(() => native!.sparseSoftmaxCrossEntropy(R, C, arr(N), Float32Array.of(0, bad, 1), probs, grad)).toThrow(
        /labels\[1\] must be an integer class index in \[0, 4\)/,
      );
    }
    expect(probs.every((v) => v === 7) && grad.every((v) => v === 7)).toBe(true);
  });
});
