// A setup file of every vitest project: toEqual (and toStrictEqual, toContainEqual) between two typed arrays
// of one class as vitest decides it, element by element with Object.is (NaN equals NaN, 0 differs from -0),
// in a plain loop. vitest's own comparison also builds and compares every [index, value] entry, which took
// 4.7 s for two arrays of 134,030 floats on a loaded machine (this loop: 19 ms), so suites comparing kernel
// outputs whole spent minutes there. Arrays of different classes go to vitest's comparison as before, and so
// does the message of a failure: only the verdict on equal-class typed arrays is taken here.
import { expect } from 'vitest';

type Typed = ArrayLike<number | bigint>;

function isTypedArray(value: unknown): value is Typed {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

function typedArraysEqual(a: unknown, b: unknown): boolean | undefined {
  if (!isTypedArray(a) || !isTypedArray(b)) return undefined;
  if (Object.prototype.toString.call(a) !== Object.prototype.toString.call(b)) return undefined;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

expect.addEqualityTesters([typedArraysEqual]);
