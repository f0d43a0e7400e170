// A steady-state training step allocates nothing in the model layer. A child process
// (zero-allocation-child.mjs, which describes the measurement) runs fit's inner step 1,000 times on a small
// MLP with every kind of layer and measures how much the young generation of the JavaScript heap, where
// every new object lands, grows: in the whole step, in the step's kernel calls replayed alone, and so in
// the model layer (the difference). It runs in a child so that the young generation can be made large
// enough that no garbage collection, which would hide allocations, runs while it measures.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../harness.js';
import { KERNEL_ARGUMENTS } from '../kernel-arguments.js';

const CHILD = fileURLToPath(new URL('./zero-allocation-child.mjs', import.meta.url));
const DIST = new URL('../../dist/src', import.meta.url).href;
const STEPS = 1000;
/**
 * The most the model layer may add to the heap over the 1,000 steps. The smallest object is a boxed number
 * (16 bytes; an object literal takes 24 or more), 16,000 bytes over the steps, so a bound well under that
 * fails a single allocation per step.
 */
const MAX_MODEL_BYTES = 4096;

interface Measurement {
  step: number;
  kernels: number;
  model: number;
  kernelCalls: number;
  collections: string[];
}

function measure(backend: string, extra: 'none' | 'object'): Measurement {
  const run = spawnSync(process.execPath, ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', CHILD,
    DIST, backend, Object.keys(KERNEL_ARGUMENTS).join(','), String(STEPS), extra], { encoding: 'utf8', timeout: 120_000 });
  expect(run.error).toBeUndefined();
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as Measurement;
  expect(result.collections, 'a garbage collection ran during a measurement, so the heap growth misses allocations').toEqual([]);
  return result;
}

describe('a steady-state training step', async () => {
  const backends = await backendsUnderTest();

  for (const { name } of backends) {
    it(`allocates nothing in the model layer on ${name} (${STEPS} steps of fit's inner loop)`, () => {
      const bytes = measure(name, 'none');
      console.log(`${name}: over ${STEPS} steps (${bytes.kernelCalls} kernel calls each) the heap grew ${bytes.step} bytes; ` +
        `the kernel calls alone ${bytes.kernels}; the model layer ${bytes.model}`);
      expect(bytes.model).toBeLessThanOrEqual(MAX_MODEL_BYTES);
    }, 120_000);

    it(`on ${name}, the measurement sees one small object per step`, () => {
      expect(measure(name, 'object').model).toBeGreaterThan(MAX_MODEL_BYTES);
    }, 120_000);
  }
});
