// A steady-state training step allocates nothing but the numbers its kernels return. Child processes
// (zero-allocation-child.mjs, which describes the measurement) run fit's inner step 1,000 times on a small
// MLP with every kind of layer, and the step's kernel calls replayed alone as many times, and measure how
// much the young generation of the JavaScript heap, where every new object lands, grows. Children, so that
// the young generation can be made large enough that no garbage collection, which would hide allocations,
// runs while they measure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../harness.js';
import { KERNEL_ARGUMENTS } from '../kernel-arguments.js';

const CHILD = fileURLToPath(new URL('./zero-allocation-child.mjs', import.meta.url));
const DIST = new URL('../../dist/src', import.meta.url).href;
const STEPS = 1000;
/**
 * A kernel that returns a number (a loss, a sum of squares) returns a new heap number of 16 bytes whenever
 * the value is not a small integer: the native addon's napi_create_double allocates one, the wasm export's
 * wrapper boxes its f64 result, and a js kernel's result is boxed unless V8 inlines the argument check and
 * the kernel into the caller (it does for some calls). Those are the only bytes a step may allocate.
 */
const HEAP_NUMBER = 16;
/**
 * The most the step may add to the heap over the 1,000 steps beyond its kernels' results. The smallest
 * object is a boxed number (16 bytes; an object literal takes 24 or more), 16,000 bytes over the steps, so a
 * bound well under that fails a single allocation per step.
 */
const MAX_OTHER_BYTES = 4096;

/**
 * Windows of STEPS steps measured, each after a full collection; a test judges the smallest growth. An
 * allocation per step shows in every window. A one-off does not: under load, V8 optimizes a function later
 * and its unoptimized code, which boxes numbers, runs a little longer (in CI, with other test files beside
 * it, one measurement of 1,000 one-row predicts grew 3.5 to 7 KB more than alone, in no proportion to the
 * calls).
 */
const WINDOWS = 3;

interface Measured {
  /** The smallest growth of the windows. */
  growth: number;
  growths: number[];
  /** How many of a step's kernel calls return a number (measured for 'kernels' only). */
  numberResults?: number;
}

/** Young-generation growth over windows of `steps` runs of `what` (see the child) on `backend`, in a process of its own. */
function measure(
  backend: string,
  what: 'step' | 'step+object' | 'dataset-step' | 'kernels' | 'predictInto',
  steps = STEPS,
  windows = WINDOWS,
): Measured {
  const kernels = Object.keys(KERNEL_ARGUMENTS).join(',');
  const run = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--min-semi-space-size=64',
      '--max-semi-space-size=64',
      CHILD,
      DIST,
      backend,
      what,
      kernels,
      String(steps),
      String(windows),
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(run.error).toBeUndefined();
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { growths: number[]; numberResults?: number; collections: string[] };
  const why = 'a garbage collection ran during the measurement, so the heap growth misses allocations';
  expect(result.collections, why).toEqual([]);
  expect(result.growths).toHaveLength(windows);
  return { growth: Math.min(...result.growths), growths: result.growths, numberResults: result.numberResults };
}

/**
 * One-row predictInto calls per window: a call takes microseconds, so many are measured and the bound is
 * one byte per call beyond the input check's heap number. A call that allocated any object (16 bytes at
 * least) would exceed it.
 */
const PREDICT_CALLS = 2_000;
const PREDICT_WINDOWS = 5;

/** The heap numbers of the kernels' results over STEPS steps. */
function kernelResultBytes(backend: string): number {
  const { numberResults } = measure(backend, 'kernels', STEPS, 1);
  expect(numberResults).toBeGreaterThan(0); // the loss at least
  return STEPS * numberResults! * HEAP_NUMBER;
}

describe('a steady-state training step', async () => {
  const backends = await backendsUnderTest();

  for (const { name } of backends) {
    it(`allocates nothing but its kernels' results on ${name} (${STEPS} steps of fit's inner loop)`, () => {
      const kernels = measure(name, 'kernels', STEPS, 1);
      const results = STEPS * kernels.numberResults! * HEAP_NUMBER;
      const step = measure(name, 'step');
      console.log(
        `${name}: over ${STEPS} steps the heap grew ${step.growths.join(', ')} bytes, the kernels' number ` +
          `results taking ${results}; the step's kernel calls replayed alone grew it ${kernels.growth} bytes`,
      );
      expect(step.growth - results).toBeLessThanOrEqual(MAX_OTHER_BYTES);
    }, 240_000);

    it(`allocates nothing but its kernels' results on ${name} when it gathers a Dataset of bytes`, () => {
      const results = kernelResultBytes(name);
      const step = measure(name, 'dataset-step');
      console.log(
        `${name}: over ${STEPS} steps on a Dataset the heap grew ${step.growths.join(', ')} bytes ` +
          `(kernel results ${results})`,
      );
      expect(step.growth - results).toBeLessThanOrEqual(MAX_OTHER_BYTES);
    }, 240_000);

    it(`predictInto on one row allocates nothing but its input check's sum of squares on ${name}`, () => {
      // The one kernel result: predict checks the chunk's values with sumOfSquares, a heap number.
      const calls = measure(name, 'predictInto', PREDICT_CALLS, PREDICT_WINDOWS);
      console.log(
        `${name}: windows of ${PREDICT_CALLS} one-row predictInto calls grew the heap ${calls.growths.join(', ')} bytes`,
      );
      expect(calls.growth - PREDICT_CALLS * HEAP_NUMBER).toBeLessThan(PREDICT_CALLS);
    }, 240_000);

    it(`on ${name}, the measurement sees one small object per step`, () => {
      // Against the step alone, not the kernels' results: those are boxed or not as V8 inlines.
      expect(measure(name, 'step+object').growth - measure(name, 'step').growth).toBeGreaterThan(MAX_OTHER_BYTES);
    }, 240_000);
  }
});
