/**
 * Argument checks shared by the public data helpers: each throws before any work, with a message that
 * names the helper, the argument, what was expected and what came (a TypeError for the wrong kind of
 * value, a RangeError for a value of the right kind outside its range).
 */
import { describeValue } from '../describe-value.js';

function fail(
  ErrorClass: typeof TypeError | typeof RangeError,
  who: string,
  name: string,
  expected: string,
  value: unknown,
): never {
  throw new ErrorClass(`backprop: ${who}: ${name} must be ${expected}; got ${describeValue(value)}`);
}

/** An array or typed array of numbers (a string or array-like object is refused: its elements are not numbers). */
export function checkNumbers(who: string, name: string, value: unknown): ArrayLike<number> {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    fail(TypeError, who, name, 'an array or typed array of numbers', value);
  }
  return value as ArrayLike<number>;
}

/** A Float32Array. */
export function checkFloat32Array(who: string, name: string, value: unknown): Float32Array {
  if (!(value instanceof Float32Array)) fail(TypeError, who, name, 'a Float32Array', value);
  return value;
}

/** An integer >= `min`. */
export function checkInteger(who: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number') fail(TypeError, who, name, `an integer >= ${min}`, value);
  if (!Number.isSafeInteger(value) || value < min) fail(RangeError, who, name, `an integer >= ${min}`, value);
  return value;
}

/** A plain options object or undefined (then {}). */
export function checkOptions<T extends object>(who: string, value: unknown): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(TypeError, who, 'options', 'an object or undefined', value);
  return value as Partial<T>;
}

/** A finite number or undefined (then `fallback`). */
export function checkOptionalFinite(who: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') fail(TypeError, who, name, 'a finite number', value);
  if (!Number.isFinite(value)) fail(RangeError, who, name, 'a finite number', value);
  return value;
}

/** A boolean or undefined (then false). */
export function checkOptionalFlag(who: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(TypeError, who, name, 'a boolean or undefined', value);
  return value;
}
