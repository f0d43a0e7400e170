// The js backend against float64 oracles written from the formulas (test/kernel-cases.ts).
import { describe, expect, it } from 'vitest';
import { createJsBackend } from '../src/backends/js/index.js';
import { KERNEL_NAMES } from '../src/backends/manifest.js';
import { expectClose, expectScalarClose } from './harness.js';
import { kernelCases, runCase, toleranceOf } from './kernel-cases.js';

const js = createJsBackend();
const cases = kernelCases();

describe('js backend against the float64 oracle', () => {
  it('has oracle cases for every kernel of the contract', () => {
    const covered = new Set(cases.map((c) => c.kernel));
    expect(KERNEL_NAMES.filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.kernel} ${c.label}`, c] as const))('%s', (_, c) => {
    const result = runCase(js, c);
    const expected = c.oracle(c.buffers);
    for (const name of c.outputs)
      expectClose(
        result.outputs[name],
        expected.outputs[name],
        toleranceOf(c, name, 'oracle'),
        `${c.kernel} ${c.label} ${name}`,
      );
    if (expected.value !== undefined) {
      expect(result.value, 'returned value').toBeTypeOf('number');
      expectScalarClose(result.value as number, expected.value, c.oracleTolerance, `${c.kernel} ${c.label} value`);
    }
  });
});
