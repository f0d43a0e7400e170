// The shared equivalence suite (test/equivalence.test.ts) and the bad-argument suite again, with the wasm
// backend loaded from the scalar build (BACKPROP_WASM_SIMD=0), so both builds of assembly/ are held to
// the same tolerances against js. Each test file runs in its own process (pool: forks), so the variable
// only affects this file.
import { expect, test } from 'vitest';

process.env.BACKPROP_WASM_SIMD = '0';
const { backendsUnderTest } = await import('../harness.js');
const wasm = (await backendsUnderTest()).find((b) => b.name === 'wasm');

test('the wasm backend under test here is the scalar build', () => {
  expect(wasm?.details.simd).toBe(false);
});

await import('../equivalence.test.js');
await import('../bad-arguments.test.js');
