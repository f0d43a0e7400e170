// The one check of a buffer length shared by every backend's allocate(), so that a bad length gives the
// same error class and wording everywhere: a TypeError for something that is not a number, a RangeError
// for a number that is not a whole count of floats the backend can hold.
import { describeValue } from '../describe-value.js';

/**
 * The most floats one buffer may hold on the js and native backends: the kernels take sizes below 2^31
 * (src/backends/validate.ts), so a longer buffer could never be used whole. The wasm backend holds less
 * (its 32-bit memory is 4 GiB in all).
 */
export const MAX_HOST_BUFFER_LENGTH = 2 ** 31 - 1;

/**
 * Throws unless `length` is an integer in [0, max]; `max` is the backend's own limit, `operation` the
 * Backend method that was given it (allocate or reserve).
 */
export function checkBufferLength(length: unknown, max: number, operation = 'allocate'): number {
  const expected = `an integer in [0, ${max}] (a number of floats)`;
  const message = (): string => `backprop: ${operation}: length must be ${expected}; got ${describeValue(length)}`;
  if (typeof length !== 'number') throw new TypeError(message());
  if (!Number.isInteger(length) || length < 0 || length > max) throw new RangeError(message());
  return length;
}

/** A zero-filled Float32Array of `length` floats in JavaScript memory (js and native backends). */
export function allocateHostFloats(length: unknown): Float32Array {
  const checked = checkBufferLength(length, MAX_HOST_BUFFER_LENGTH);
  try {
    return new Float32Array(checked);
  } catch (error) {
    // V8 refuses a length it cannot back with memory ("Array buffer allocation failed").
    throw new RangeError(
      `backprop: allocate: cannot allocate ${checked} floats (${checked * 4} bytes): ${(error as Error).message}`,
    );
  }
}
