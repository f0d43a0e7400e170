// Every other backend against js, kernel by kernel, on the same seeded cases; tolerances and their reasons
// are in test/kernel-cases.ts. A backend that does not load here is named in the skipped test below.
import { describe, expect, it } from 'vitest';
import { createJsBackend } from '../src/backends/js/index.js';
import { backendsNotLoading, backendsUnderTest, expectClose, expectScalarClose } from './harness.js';
import { kernelCases, runCase, toleranceOf } from './kernel-cases.js';

const js = createJsBackend();
const cases = kernelCases();
const others = (await backendsUnderTest()).filter((b) => b.name !== 'js');
const notLoaded = await backendsNotLoading();

describe.each(others.map((b) => [b.name, b] as const))('%s matches js', (_, backend) => {
  it.each(cases.map((c) => [`${c.kernel} ${c.label}`, c] as const))('%s', (__, c) => {
    const expected = runCase(js, c);
    const actual = runCase(backend, c);
    for (const name of c.outputs)
      expectClose(
        actual.outputs[name],
        expected.outputs[name],
        toleranceOf(c, name, 'backend'),
        `${backend.name} ${c.kernel} ${c.label} ${name}`,
      );
    if (expected.value !== undefined)
      expectScalarClose(
        actual.value as number,
        expected.value,
        c.backendTolerance,
        `${backend.name} ${c.kernel} ${c.label} value`,
      );
  });
});

// Outside CI a backend may be absent (say, no compiler); the skip names it and why. In CI all three are
// installed by .ci/run, so a backend that does not load is a failure, not a skip.
if (notLoaded.length > 0) {
  describe('backends not under test here', () => {
    for (const { name, reason } of notLoaded) {
      it.skipIf(!process.env.CI)(`${name} does not load: ${reason}`, () => {
        expect.fail(`${name} must load in CI: ${reason}`);
      });
    }
  });
}
