// The addon's argument errors: thrown as the classes setErrorClasses gave in the same JavaScript
// environment (the main thread and each worker thread have their own), and numbers in messages written
// as JavaScript's String(number) writes them, so the text equals the js and wasm backends'.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { KernelArgumentError, KernelRangeError } from '../../src/errors.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();

// Doubles whose shortest form takes each branch of ECMAScript's Number::toString: integers, fixed
// notation with and without leading zeros, exponent notation on both sides, the extremes.
const NUMBERS = [
  7,
  -0,
  0.1,
  1 / 3,
  -1.5,
  100,
  123.456,
  1e-6,
  1e-7,
  1.5e-7,
  -2.5e-10,
  2 ** 53,
  2 ** 53 + 2,
  123456789012345680000,
  1e21,
  1.2345e21,
  -1e22,
  3.4028234663852886e38,
  1.7976931348623157e308,
  5e-324,
  2.2250738585072014e-308,
  0.000001234,
  1234567.125,
];

describe.skipIf(!native)(`native argument errors${native ? '' : ` (skipped: ${reason})`}`, () => {
  it.each(NUMBERS.map((v) => [String(v), v]))('writes %s as String(number) does', (_, v) => {
    const x = new Float32Array(1),
      m = new Float32Array(1),
      s = new Float32Array(1),
      g = new Float32Array(1);
    // -0 is activation code 0, so it goes where it is out of range: Adam's step number (>= 1).
    const call = Object.is(v, -0)
      ? () => native!.adamStep(1, 0.1, 0.9, 0.9, 1e-7, v, 0, x, g, m, s)
      : () => native!.activationForward(v as 0, 1, 0, x, x);
    expect(call).toThrow(`; got ${String(v)}`);
    // The same number as an expected bound: clipByValue's hi must be >= lo.
    if (Math.abs(v) <= 3.4028234663852886e38 && v > -3e38) {
      expect(() => native!.clipByValue(1, v, v - Math.abs(v) - 1, x)).toThrow(
        `hi must be a number >= ${String(v)}; got`,
      );
    }
  });

  it('throws KernelArgumentError for a wrong kind and KernelRangeError for a value out of range', () => {
    const x = new Float32Array(4);
    const kind = (() => {
      try {
        native!.scale(4, 'two' as unknown as number, x);
      } catch (e) {
        return e;
      }
    })();
    expect(kind).toBeInstanceOf(KernelArgumentError);
    expect((kind as Error).message).toBe('backprop: scale: s must be a finite number; got a string');
    const range = (() => {
      try {
        native!.scale(5, 2, x);
      } catch (e) {
        return e;
      }
    })();
    expect(range).toBeInstanceOf(KernelRangeError);
    expect((range as Error).message).toBe(
      'backprop: scale: x must be a Float32Array of at least 5 floats; got a Float32Array of length 4 (n = 5)',
    );
  });

  it("keeps each worker thread's error classes apart from the main thread's", async () => {
    const path = native!.details.binary as string;
    const source = `
      const { parentPort } = require('node:worker_threads');
      const addon = require(${JSON.stringify(path)});
      const name = (f) => { try { f(); return 'no error'; } catch (e) { return e.constructor.name; } };
      const before = name(() => addon.axpy(-1, 1, new Float32Array(1), new Float32Array(1)));
      class WorkerTypeError extends TypeError {}
      class WorkerRangeError extends RangeError {}
      addon.setErrorClasses(WorkerTypeError, WorkerRangeError);
      const after = [name(() => addon.axpy(-1, 1, new Float32Array(1), new Float32Array(1))),
        name(() => addon.axpy(true, 1, new Float32Array(1), new Float32Array(1)))];
      parentPort.postMessage({ before, after });`;
    const worker = new Worker(source, { eval: true });
    const result = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    // A fresh environment throws the built-in classes until it is given its own.
    expect(result).toEqual({ before: 'RangeError', after: ['WorkerRangeError', 'WorkerTypeError'] });
    expect(() => native!.axpy(-1, 1, new Float32Array(1), new Float32Array(1))).toThrow(KernelRangeError);
  });

  it('refuses setErrorClasses without two classes', () => {
    expect(() => native!.addon.setErrorClasses(KernelArgumentError, undefined as never)).toThrow(
      'backprop: setErrorClasses: expected two classes (argumentError, rangeError)',
    );
  });
});
