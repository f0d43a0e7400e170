// A kernel call allocates nothing on the JavaScript heap in steady state (the activation kernels are measured
// for every activation code): not the argument checks
// (src/backends/validate.ts), not the wasm wrappers, not the js kernels. Each backend runs in a child process
// (kernel-allocation.child.ts) whose young generation is too large to fill during a measurement, so no
// scavenge can hide an allocation, and with V8's background work (concurrent compilation and collection,
// the memory reducer) turned off, so the heap moves only with what the calls do.
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, KERNELS, type KernelName } from '../src/backends/manifest.js';
import { describeExit, runChild } from './reliability/child-process.js';

const NODE_ARGS = [
  '--expose-gc',
  '--single-threaded',
  '--no-memory-reducer',
  '--min-semi-space-size=32',
  '--max-semi-space-size=32',
];
// A kernel that returns a number returns a new heap number (16 bytes) whenever the value is not a small
// integer: JavaScript has no other way to return a double (the native addon's napi_create_double is the
// same). Anything that allocates per call allocates at least 16 bytes, so one byte per call is the bound.
const HEAP_NUMBER = 16;
const CALLS = 10_000;
const bound = (kernel: KernelName): number => CALLS * ((KERNELS[kernel].returns === 'number' ? HEAP_NUMBER : 0) + 1);

describe.each(['js', 'wasm', 'native'])('%s kernels allocate nothing per call', (backend) => {
  it(`every kernel, ${CALLS} calls after a warm-up`, () => {
    const env = { ALLOCATION_BACKEND: backend, ALLOCATION_CALLS: String(CALLS) };
    const result = runChild('../kernel-allocation.child.ts', env, 300_000, NODE_ARGS);
    expect(result.status, describeExit(result)).toBe(0);
    const unavailable = result.events.find((e) => e.t === 'unavailable');
    if (unavailable) {
      if (process.env.CI) expect.fail(`${backend} must load in CI: ${String(unavailable.reason)}`);
      console.log(`${backend} not measured: ${String(unavailable.reason)}`);
      return;
    }
    const measured = result.events.filter((e) => e.t === 'kernel') as unknown as {
      kernel: KernelName;
      label: string;
      bytes: number;
      collections: number;
    }[];
    expect(new Set(measured.map((m) => m.kernel))).toEqual(new Set(Object.keys(KERNELS)));
    // The activation kernels once per activation code.
    for (const kernel of [
      'activationForward',
      'activationBackward',
      'biasActivationForward',
      'activationBiasBackward',
    ]) {
      const labels = Object.keys(ACTIVATIONS).map((activation) => `${kernel}(${activation})`);
      expect(measured.filter((m) => m.kernel === kernel).map((m) => m.label)).toEqual(labels);
    }
    const over = measured
      .filter((m) => m.collections > 0 || m.bytes > bound(m.kernel))
      .map(
        (m) =>
          `${m.label}: ${m.bytes} bytes in ${CALLS} calls (bound ${bound(m.kernel)}), ` +
          `${m.collections} collections`,
      );
    expect(over, over.join('\n')).toEqual([]);
  }, 300_000);
});
