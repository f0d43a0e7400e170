// A steady-state training step allocates nothing in the model layer. Child processes
// (zero-allocation-child.mjs, which describes the measurement) run fit's inner step 1,000 times on a small
// MLP with every kind of layer, and the step's kernel calls replayed alone as many times, and measure how
// much the young generation of the JavaScript heap, where every new object lands, grows; the difference is
// the model layer's. Children, so that the young generation can be made large enough that no garbage
// collection, which would hide allocations, runs while they measure.
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

/** Young-generation growth over STEPS runs of `what` (see the child) on `backend`, in a process of its own. */
function growth(backend: string, what: 'step' | 'step+object' | 'kernels'): number {
  const kernels = Object.keys(KERNEL_ARGUMENTS).join(',');
  const run = spawnSync(process.execPath, ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', CHILD,
    DIST, backend, what, kernels, String(STEPS)], { encoding: 'utf8', timeout: 120_000 });
  expect(run.error).toBeUndefined();
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { growth: number; collections: string[] };
  const why = 'a garbage collection ran during the measurement, so the heap growth misses allocations';
  expect(result.collections, why).toEqual([]);
  return result.growth;
}

describe('a steady-state training step', async () => {
  const backends = await backendsUnderTest();

  for (const { name } of backends) {
    it(`allocates nothing in the model layer on ${name} (${STEPS} steps of fit's inner loop)`, () => {
      const step = growth(name, 'step');
      const kernels = growth(name, 'kernels');
      console.log(`${name}: over ${STEPS} steps the heap grew ${step} bytes; the step's kernel calls alone ${kernels}; ` +
        `the model layer ${step - kernels}`);
      expect(step - kernels).toBeLessThanOrEqual(MAX_MODEL_BYTES);
    }, 240_000);

    it(`on ${name}, the measurement sees one small object per step`, () => {
      expect(growth(name, 'step+object') - growth(name, 'kernels')).toBeGreaterThan(MAX_MODEL_BYTES);
    }, 240_000);
  }
});
