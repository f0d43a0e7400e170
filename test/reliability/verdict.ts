// What a reliability fuzzer accepts from one call into the library: it returns, or it throws an Error of
// the library's own whose message says what was expected. Anything else is a finding: a non-Error thrown,
// an empty message, or an error raised by the JavaScript engine deep inside the library (reading a
// property of undefined, calling a non-function, an invalid array length...), which tells the caller
// nothing about what they did wrong.

/** Messages of errors the engine raises by itself (V8 wording), never written by the library. */
export const ENGINE_ERROR = new RegExp(
  [
    'Cannot read propert',
    'Cannot set propert',
    'Cannot create property',
    'Cannot destructure',
    'is not a function',
    'is not iterable',
    'is not a constructor',
    'is not defined',
    'Cannot convert',
    'Cannot mix BigInt',
    'Do not know how to serialize a BigInt',
    'Invalid array length',
    'Invalid typed array length',
    'Invalid string length',
    'Maximum call stack',
    'Array buffer allocation failed',
    'out of memory',
    'Reduce of empty array',
    'offset is out of bounds',
    'Start offset',
    'memory access out of bounds',
    'unreachable',
  ].join('|'),
);

/** Library messages start with "backprop" ("backprop: ..." or "backprop native: ..."). */
const LIBRARY_MESSAGE = /^backprop\b/;

export function describeValue(value: unknown): string {
  if (typeof value === 'symbol' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Thrown by the fuzzer's own callbacks (a checkpoint function, a function to differentiate): the library must pass it through. */
export class UserError extends Error {
  override name = 'UserError';
}

/** Why a thrown value is not an acceptable error, or undefined when it is. */
export function judgeError(error: unknown): string | undefined {
  if (error instanceof UserError) return undefined;
  if (!(error instanceof Error)) return `threw a non-Error: ${typeof error} ${describeValue(error)}`;
  if (typeof error.message !== 'string' || error.message.trim() === '')
    return `threw ${error.name} with an empty message`;
  if (ENGINE_ERROR.test(error.message))
    return `raw engine error instead of a backprop error: ${error.name}: ${error.message}`;
  if (!LIBRARY_MESSAGE.test(error.message))
    return `error message not written by backprop: ${error.name}: ${error.message}`;
  return undefined;
}

/** A bug already reported and being fixed elsewhere: its failures are counted, not failed on. */
export interface KnownBug {
  /** A short name that says what is wrong; the entry is deleted once the fix is merged. */
  readonly id: string;
  /** A few lines that show the bug on their own. */
  readonly reproducer: string;
  matches(call: string, problem: string): boolean;
}

/** One call the fuzzer judged unacceptable. */
export interface Finding {
  readonly caseIndex: number;
  readonly call: string;
  readonly problem: string;
  /** The KnownBug id when the finding is a known bug. */
  readonly known?: string;
}
