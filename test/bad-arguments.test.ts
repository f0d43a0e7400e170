// Bad arguments to every kernel on every backend: each call throws an error that names the kernel and
// the argument, and the process survives. Built from the valid cases by breaking one buffer at a time.
import { describe, expect, it } from 'vitest';
import { Activation } from '../src/backends/contract.js';
import { backendsUnderTest } from './harness.js';
import { kernelCases, type KernelCase } from './kernel-cases.js';

const backends = await backendsUnderTest();
// The smallest case of each kernel, so every kernel is broken in every way.
const firstOfEach = [...new Map(kernelCases().reverse().map((c) => [c.kernel, c] as const)).values()];

const breakers: [string, (len: number) => unknown][] = [
  ['too short', (len) => new Float32Array(len - 1)],
  ['empty', () => new Float32Array(0)],
  ['a Float64Array', (len) => new Float64Array(len)],
  ['a plain array', (len) => new Array(len).fill(0)],
  ['undefined', () => undefined],
];

function brokenCalls(c: KernelCase): [string, Record<string, unknown>][] {
  const calls: [string, Record<string, unknown>][] = [];
  for (const name of Object.keys(c.buffers)) {
    for (const [how, make] of breakers) calls.push([`${name} ${how}`, { ...c.buffers, [name]: make(c.buffers[name].length) }]);
  }
  return calls;
}

describe.each(backends.map((b) => [b.name, b] as const))('%s rejects bad arguments', (_, backend) => {
  it.each(firstOfEach.map((c) => [c.kernel, c] as const))('%s', (kernel, c) => {
    for (const [what, buffers] of brokenCalls(c)) {
      expect(() => c.run(backend, buffers as Record<string, Float32Array>), `${kernel} with ${what}`).toThrow(new RegExp(kernel));
    }
  });

  it('rejects bad sizes, scalars and codes with the expected and actual values', () => {
    const a = new Float32Array(4), b = new Float32Array(4), c = new Float32Array(4);
    expect(() => backend.gemm(false, false, -1, 2, 2, 1, a, b, 0, c)).toThrow(/gemm: m must be .*got -1/);
    expect(() => backend.gemm(false, false, 2.5, 2, 2, 1, a, b, 0, c)).toThrow(/gemm: m/);
    expect(() => backend.gemm(false, false, 2, 2, 2, NaN, a, b, 0, c)).toThrow(/gemm: alpha must be a finite number; got NaN/);
    expect(() => backend.gemm(false, false, 3, 3, 3, 1, a, b, 0, c)).toThrow(/gemm: a must be a Float32Array of at least 9 floats; got a Float32Array of length 4/);
    expect(() => backend.activationForward(99 as never, 4, 0, a, b)).toThrow(/activationForward: kind/);
    expect(() => backend.dropoutForward(4, 1, a, b, c)).toThrow(/dropoutForward: rate must be a number in \[0, 1\)/);
    expect(() => backend.adamStep(4, 0.1, 0.9, 0.999, 1e-7, 0, 0, 0, 0, a, b, c, new Float32Array(4))).toThrow(/adamStep: step/);
    expect(() => backend.sparseSoftmaxCrossEntropy(2, 2, a, Float32Array.of(0, 2), b, c)).toThrow(/label/);
    expect(() => backend.sparseSoftmaxCrossEntropy(2, 2, a, Float32Array.of(0, 0.5), b, c)).toThrow(/label/);
    expect(Activation.relu).toBe(3);
  });

  it('allocate refuses a length that is not a count of floats it can hold, with the same error on every backend', () => {
    const max = backend.name === 'wasm' ? 2 ** 30 : 2 ** 31 - 1;
    const expected = `an integer in [0, ${max}] (a number of floats)`;
    expect(() => backend.allocate(1e300)).toThrow(new RangeError(`backprop: allocate: length must be ${expected}; got 1e+300`));
    expect(() => backend.allocate(max + 1)).toThrow(new RangeError(`backprop: allocate: length must be ${expected}; got ${max + 1}`));
    expect(() => backend.allocate(-1)).toThrow(new RangeError(`backprop: allocate: length must be ${expected}; got -1`));
    expect(() => backend.allocate(1.5)).toThrow(new RangeError(`backprop: allocate: length must be ${expected}; got 1.5`));
    expect(() => backend.allocate(Symbol('n') as never)).toThrow(new TypeError(`backprop: allocate: length must be ${expected}; got Symbol(n)`));
    expect(() => backend.allocate(2n as never)).toThrow(new TypeError(`backprop: allocate: length must be ${expected}; got 2n`));
    expect(backend.allocate(3).data.length).toBe(3);
  });

  it('rejects overlapping buffers where the contract forbids them', () => {
    const memory = new Float32Array(64);
    const a = memory.subarray(0, 16), b = memory.subarray(16, 32), cOverA = memory.subarray(8, 24);
    expect(() => backend.gemm(false, false, 4, 4, 4, 1, a, b, 0, cOverA)).toThrow(/gemm: c and a must not overlap/);
    expect(() => backend.axpy(16, 1, a, memory.subarray(4, 20))).toThrow(/axpy: y and x must not overlap/);
    // Exact aliasing is allowed where the contract allows it.
    expect(() => backend.activationForward(Activation.relu, 16, 0, a, a)).not.toThrow();
  });
});
