import { KernelArgumentError, KernelRangeError } from '../errors.js';
import type { Kernels } from './contract.js';
import { ACTIVATIONS, type ArgSpec, KERNEL_NAMES, KERNELS, type KernelName } from './manifest.js';

// Argument checks for the kernel contract, done before a kernel touches memory: an interpreter of the kernel
// manifest (manifest.ts). The js and wasm backends run behind it; the native addon does the same checks in
// C++ (native/) from the same manifest, and must throw the same class with the same message, so the
// messages follow one grammar, written down here:
//
//   message  := "backprop: " KERNEL ": " body
//   body     := ARG " must be " expected "; got " value [note]          (one argument)
//             | "expected " N " arguments (" NAMES "); got " COUNT       (TypeError: a wrong argument count)
//             | W " and " O " must not overlap; got views of the same memory that do"
//             | W " and " O " may be the same buffer but must not partly overlap; got views that overlap at
//                 different offsets"                                    (on one line)
//             | LABELS "[" R "] must be an integer class index in [0, " C "); got " NUMBER
//             | INDICES "[" R "] must be an index in [0, " C "); got " NUMBER
//   expected := "an integer in [" MIN ", 2^31)"                          (size)
//             | "an integer in [" MIN ", " MAX "]"                      (integer)
//             | "a finite number" | "a finite number within float32 range" | "a number >= " LO
//             | "a number <= " HI | "a number < " HI | "a number in [" LO ", " HI ("]" | ")")   (real)
//             | "a boolean"                                             (flag)
//             | "an activation code (0 identity, 1 sigmoid, ...)"       (activation: every code of ACTIVATIONS)
//             | "a Float32Array of at least " NEED " floats"            (buffer)
//             | "a Uint8Array of at least " NEED " bytes"               (buffer of element uint8)
//             | "a Uint32Array of at least " NEED " indices"            (buffer of element uint32)
//   note     := " (" L1 " * " L2 ... " = " V1 " * " V2 ... ")"        (buffers only: the manifest's length
//                                                                        names and their values, e.g. (m * k = 3 * 4))
//   value    := a number as JavaScript's String(x) prints it | "undefined" | "null" | "true" | "false"
//             | "a string" | "a bigint" | "a symbol" | "a function" | "a DataView" | "an ArrayBuffer"
//             | "a " TYPEDARRAYNAME " of length " N | "an Array of length " N | "an object"
//
// A wrong kind of value (not a number, not a boolean, not a Float32Array) is a KernelArgumentError (a
// TypeError); a value of the right kind out of its range (a size, an integer, a real outside float32 range or
// its interval, an unknown activation code, a buffer too short, overlapping buffers, a bad label) is a
// KernelRangeError (a RangeError). A real must be finite first: NaN and Infinity get "a finite number".
//
// Order: the argument count; then each argument in order (a buffer's length needs the sizes before it, a
// real's lower bound may be an earlier real); then overlaps: for each written buffer W (out or inout) in
// argument order, each other buffer O in argument order, a pair of two written buffers once (W the earlier);
// then the labels, row by row, then the indices one by one. The first failure is thrown.
//
// A successful check allocates nothing: each kernel's rules are compiled once into typed arrays (a
// KernelPlan), and the arguments of a call are held in the plan's preallocated slots while it runs.
//
// Every call through a backend object is checked. A model's engine alone also calls the js and wasm kernels
// unchecked (unchecked.ts): a training step of a batch size whose calls already passed these checks on the
// same plan, where nothing but the buffers' contents has changed.

/** The largest finite float32: a real argument is converted to float32, so a larger one would become Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;
/** Sizes stay below 2^31, so that every backend can hold them in an int32. */
const SIZE_LIMIT = 2 ** 31;

/** The most arguments a kernel takes: the checked wrappers have this many parameters. */
export const MAX_KERNEL_ARGS = 16;

const SIZE = 0,
  INTEGER = 1,
  REAL = 2,
  FLAG = 3,
  ACTIVATION = 4,
  BUFFER = 5;
const KIND_CODES = { size: SIZE, integer: INTEGER, real: REAL, flag: FLAG, activation: ACTIVATION, buffer: BUFFER };
/** A buffer's role: what the kernel does to it. */
export const IN = 0,
  OUT = 1,
  INOUT = 2;
const ROLE_CODES = { in: IN, out: OUT, inout: INOUT };
const NONE = -1;
/** A buffer's element: what it holds, with the bytes each takes. */
const FLOAT32 = 0,
  UINT8 = 1,
  UINT32 = 2;
const ELEMENT_CODES = { float32: FLOAT32, uint8: UINT8, uint32: UINT32 };
/** Per element code: the bytes of one element, and the typed array that holds it. */
export const ELEMENT_BYTES = Uint8Array.of(4, 1, 4);
const ELEMENT_ARRAYS = [Float32Array, Uint8Array, Uint32Array] as const;
const ELEMENT_EXPECTED = ['Float32Array', 'Uint8Array', 'Uint32Array'] as const;
const ELEMENT_UNITS = ['floats', 'bytes', 'indices'] as const;

/** 1 at each activation code (a lookup in a small table costs less than one in a Set, on every call). */
const ACTIVATION_CODES = new Uint8Array(Math.max(...Object.values(ACTIVATIONS)) + 1);
for (const code of Object.values(ACTIVATIONS)) ACTIVATION_CODES[code] = 1;
const ACTIVATION_EXPECTED = `an activation code (${Object.entries(ACTIVATIONS)
  .map(([name, code]) => `${code} ${name}`)
  .join(', ')})`;

/**
 * One kernel's argument rules, compiled from its manifest entry into flat tables, plus the slots that hold
 * the arguments of the call being checked. Not reentrant: a backend makes one per kernel, and a kernel
 * never calls another through its backend.
 */
export class KernelPlan {
  readonly arity: number;
  readonly returnsNumber: boolean;
  /** The arguments of the call in progress (undefined between calls, so no buffer is kept alive). */
  readonly values: unknown[] = new Array<unknown>(MAX_KERNEL_ARGS).fill(undefined);
  /** Per argument: the floats a buffer must hold, as computed by the last check. */
  readonly need: Float64Array;
  /** Per argument: its role if it is a buffer, else NONE. */
  readonly roles: Int8Array;
  /** The indices of the buffer arguments, in order. */
  readonly buffers: Uint8Array;
  /** Per argument: its element code if it is a buffer (FLOAT32, UINT8, UINT32). */
  readonly elements: Uint8Array;
  private readonly names: readonly string[];
  private readonly kinds: Uint8Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly hiOpen: Uint8Array;
  /** A real's lower bound given by an earlier real argument (its index), else NONE. */
  private readonly loArg: Int8Array;
  /** A buffer's length factors: lengthArgs[lengthStart[i] .. lengthStart[i + 1]) are size argument indices. */
  private readonly lengthStart: Uint8Array;
  private readonly lengthArgs: Uint8Array;
  /** Overlap checks as triples (written buffer, other buffer, 1 if they may be the same memory). */
  private readonly overlapChecks: Uint8Array;
  /** The labels buffer and the size that bounds its class indices, else NONE. */
  private labelsArg: number = NONE;
  private classesArg: number = NONE;
  /** The indices buffer and the size that bounds the indices it holds, else NONE. */
  private indicesArg: number = NONE;
  private indexBoundArg: number = NONE;

  /**
   * `kernel` names the manifest entry; `label` the function in messages, when another function with the
   * same arguments borrows the entry's rules (the wasm backend's approxExp checks as copy).
   */
  constructor(
    kernel: KernelName,
    readonly label: string = kernel,
  ) {
    const spec = KERNELS[kernel];
    const args: readonly ArgSpec[] = spec.args;
    const index = (name: string): number => {
      const i = args.findIndex((a) => a.name === name);
      if (i < 0) throw new Error(`backprop: the kernel manifest's ${kernel} names an unknown argument ${name}`);
      return i;
    };
    const n = args.length;
    if (n > MAX_KERNEL_ARGS) {
      throw new Error(`backprop: ${kernel} has ${n} arguments; the checked wrappers take ${MAX_KERNEL_ARGS}`);
    }
    this.arity = n;
    this.returnsNumber = spec.returns === 'number';
    this.names = args.map((a) => a.name);
    this.kinds = Uint8Array.from(args, (a) => KIND_CODES[a.kind]);
    this.lo = new Float64Array(n);
    this.hi = new Float64Array(n);
    this.hiOpen = new Uint8Array(n);
    this.loArg = new Int8Array(n).fill(NONE);
    this.roles = new Int8Array(n).fill(NONE);
    this.elements = new Uint8Array(n);
    this.need = new Float64Array(n);
    const lengthStart: number[] = [],
      lengthArgs: number[] = [];
    args.forEach((a, i) => {
      lengthStart.push(lengthArgs.length);
      if (a.kind === 'size') this.lo[i] = a.min ?? 0;
      else if (a.kind === 'integer') [this.lo[i], this.hi[i]] = [a.min, a.max];
      else if (a.kind === 'real') {
        if (typeof a.lo === 'string') this.loArg[i] = index(a.lo);
        else this.lo[i] = a.lo ?? -FLOAT32_MAX;
        this.hi[i] = a.hi ?? FLOAT32_MAX;
        this.hiOpen[i] = a.hiOpen ? 1 : 0;
      } else if (a.kind === 'buffer') {
        this.roles[i] = ROLE_CODES[a.role];
        for (const name of a.length) lengthArgs.push(index(name));
        if (a.classIndexBelow !== undefined) [this.labelsArg, this.classesArg] = [i, index(a.classIndexBelow)];
        this.elements[i] = ELEMENT_CODES[a.element ?? 'float32'];
        if (a.indexBelow !== undefined) [this.indicesArg, this.indexBoundArg] = [i, index(a.indexBelow)];
      }
    });
    lengthStart.push(lengthArgs.length);
    this.lengthStart = Uint8Array.from(lengthStart);
    this.lengthArgs = Uint8Array.from(lengthArgs);
    const buffers = args.flatMap((a, i) => (a.kind === 'buffer' ? [i] : []));
    this.buffers = Uint8Array.from(buffers);
    const mayAlias: readonly (readonly [string, string])[] = 'mayAlias' in spec ? spec.mayAlias : [];
    const checks: number[] = [];
    for (const w of buffers) {
      if (this.roles[w] === IN) continue;
      for (const o of buffers) {
        // A pair of two written buffers is checked once, with the earlier one first.
        if (o === w || (this.roles[o] !== IN && o < w)) continue;
        const pair = (a: string, b: string): boolean => index(a) === w && index(b) === o;
        const alias = mayAlias.some(([a, b]) => pair(a, b) || pair(b, a));
        checks.push(w, o, alias ? 1 : 0);
      }
    }
    this.overlapChecks = Uint8Array.from(checks);
  }

  /**
   * Lets go of the arrays of a call whose arguments passed the checks: only its buffer arguments hold
   * memory (the others are numbers and booleans, and the slots past its arity are undefined).
   */
  clear(): void {
    const values = this.values,
      buffers = this.buffers;
    for (let j = 0; j < buffers.length; j++) values[buffers[j]] = undefined;
  }

  /** Checks the loaded arguments of a call with `count` arguments; throws the first rule they break. */
  check(count: number): void {
    if (count !== this.arity) {
      throw new KernelArgumentError(
        `backprop: ${this.label}: expected ${this.arity} arguments ` + `(${this.names.join(', ')}); got ${count}`,
      );
    }
    const values = this.values;
    for (let i = 0; i < this.arity; i++) {
      const v = values[i];
      switch (this.kinds[i]) {
        case SIZE:
          if (typeof v !== 'number') this.fail(i, false);
          if (!(Number.isInteger(v) && v >= this.lo[i] && v < SIZE_LIMIT)) this.fail(i, true);
          break;
        case INTEGER:
          if (typeof v !== 'number') this.fail(i, false);
          if (!(Number.isInteger(v) && v >= this.lo[i] && v <= this.hi[i])) this.fail(i, true);
          break;
        case REAL: {
          if (typeof v !== 'number') this.fail(i, false);
          // `+` keeps both sides of the choice float64: a float64 lower bound merged with a tagged value would
          // be boxed into a new heap number on every call (lo = -3.4e38 is no small integer).
          const lo = this.loArg[i] === NONE ? this.lo[i] : +(values[this.loArg[i]] as number);
          if (!Number.isFinite(v) || v < lo || v > this.hi[i] || (this.hiOpen[i] === 1 && v >= this.hi[i])) {
            this.fail(i, true);
          }
          break;
        }
        case FLAG:
          if (typeof v !== 'boolean') this.fail(i, false);
          break;
        case ACTIVATION:
          if (typeof v !== 'number') this.fail(i, false);
          if (!(Number.isInteger(v) && v >= 0 && v < ACTIVATION_CODES.length && ACTIVATION_CODES[v] === 1)) {
            this.fail(i, true);
          }
          break;
        default: {
          let need = 1;
          for (let j = this.lengthStart[i]; j < this.lengthStart[i + 1]; j++) {
            need *= values[this.lengthArgs[j]] as number;
          }
          this.need[i] = need;
          if (!(v instanceof ELEMENT_ARRAYS[this.elements[i]])) this.fail(i, false);
          if ((v as ArrayLike<number>).length < need) this.fail(i, true);
        }
      }
    }
    const checks = this.overlapChecks;
    for (let t = 0; t < checks.length; t += 3) {
      const w = checks[t],
        o = checks[t + 1];
      const a = values[w] as ArrayBufferView,
        b = values[o] as ArrayBufferView;
      const bytesW = this.need[w] * ELEMENT_BYTES[this.elements[w]],
        bytesO = this.need[o] * ELEMENT_BYTES[this.elements[o]];
      if (!overlapsBytes(a, bytesW, b, bytesO)) continue;
      if (checks[t + 2] === 0) {
        throw new KernelRangeError(
          `backprop: ${this.label}: ${this.names[w]} and ${this.names[o]} must not ` +
            'overlap; got views of the same memory that do',
        );
      }
      if (a.byteOffset !== b.byteOffset) {
        throw new KernelRangeError(
          `backprop: ${this.label}: ${this.names[w]} and ${this.names[o]} may be the ` +
            'same buffer but must not partly overlap; got views that overlap at different offsets',
        );
      }
    }
    if (this.labelsArg !== NONE) this.checkLabels();
    if (this.indicesArg !== NONE) this.checkIndices();
  }

  private checkIndices(): void {
    const indices = this.values[this.indicesArg] as Uint32Array;
    const count = this.need[this.indicesArg],
      bound = this.values[this.indexBoundArg] as number;
    for (let r = 0; r < count; r++) {
      if (indices[r] >= bound) {
        throw new KernelRangeError(
          `backprop: ${this.label}: ${this.names[this.indicesArg]}[${r}] must be an ` +
            `index in [0, ${bound}); got ${indices[r]}`,
        );
      }
    }
  }

  private checkLabels(): void {
    const labels = this.values[this.labelsArg] as Float32Array;
    const rows = this.need[this.labelsArg],
      classes = this.values[this.classesArg] as number;
    for (let r = 0; r < rows; r++) {
      const label = labels[r];
      if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
        throw new KernelRangeError(
          `backprop: ${this.label}: ${this.names[this.labelsArg]}[${r}] must be an ` +
            `integer class index in [0, ${classes}); got ${label}`,
        );
      }
    }
  }

  /** Throws for argument i: a KernelRangeError when it is of the right kind, else a KernelArgumentError. */
  private fail(i: number, rightKind: boolean): never {
    const v = this.values[i];
    const note = this.kinds[i] === BUFFER ? this.lengthNote(i) : '';
    const message =
      `backprop: ${this.label}: ${this.names[i]} must be ${this.expected(i)}; ` + `got ${describeArgument(v)}${note}`;
    throw rightKind ? new KernelRangeError(message) : new KernelArgumentError(message);
  }

  private expected(i: number): string {
    const lo = this.loArg[i] === NONE ? this.lo[i] : (this.values[this.loArg[i]] as number),
      hi = this.hi[i];
    switch (this.kinds[i]) {
      case SIZE:
        return `an integer in [${lo}, 2^31)`;
      case INTEGER:
        return `an integer in [${lo}, ${hi}]`;
      case FLAG:
        return 'a boolean';
      case ACTIVATION:
        return ACTIVATION_EXPECTED;
      case BUFFER: {
        const element = this.elements[i];
        return `a ${ELEMENT_EXPECTED[element]} of at least ${this.need[i]} ${ELEMENT_UNITS[element]}`;
      }
    }
    const v = this.values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return 'a finite number';
    const open = this.hiOpen[i] === 1;
    const unboundedLo = lo <= -FLOAT32_MAX,
      unboundedHi = hi >= FLOAT32_MAX;
    if (unboundedLo && unboundedHi) return 'a finite number within float32 range';
    if (unboundedHi) return `a number >= ${lo}`;
    if (unboundedLo) return `a number ${open ? '<' : '<='} ${hi}`;
    return `a number in [${lo}, ${hi}${open ? ')' : ']'}`;
  }

  /** " (rows * cols = 3 * 4)": where a buffer's length comes from. */
  private lengthNote(i: number): string {
    const names: string[] = [],
      values: string[] = [];
    for (let j = this.lengthStart[i]; j < this.lengthStart[i + 1]; j++) {
      names.push(this.names[this.lengthArgs[j]]);
      values.push(String(this.values[this.lengthArgs[j]]));
    }
    return ` (${names.join(' * ')} = ${values.join(' * ')})`;
  }
}

/** What came, in the words every backend uses (the grammar above). */
export function describeArgument(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'undefined':
    case 'boolean':
      return String(value);
    case 'string':
      return 'a string';
    case 'bigint':
      return 'a bigint';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (value === null) return 'null';
  if (value instanceof DataView) return 'a DataView';
  if (ArrayBuffer.isView(value)) {
    const array = value as unknown as { readonly [Symbol.toStringTag]: string; readonly length: number };
    return `a ${array[Symbol.toStringTag]} of length ${array.length}`;
  }
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer';
  return 'an object';
}

/**
 * True when the first `na` bytes of view a and the first `nb` of view b share memory. The byte ranges are
 * compared first: distinct buffers of one memory (wasm) never get further, and reading `.buffer` costs more.
 */
export function overlapsBytes(a: ArrayBufferView, na: number, b: ArrayBufferView, nb: number): boolean {
  if (na === 0 || nb === 0) return false;
  const a0 = a.byteOffset,
    b0 = b.byteOffset;
  if (a0 >= b0 + nb || b0 >= a0 + na) return false;
  return a.buffer === b.buffer;
}

/** Holds a call's arguments in `slots` (extra parameters are undefined). */
function loadSlots(
  v: unknown[],
  a0: unknown,
  a1: unknown,
  a2: unknown,
  a3: unknown,
  a4: unknown,
  a5: unknown,
  a6: unknown,
  a7: unknown,
  a8: unknown,
  a9: unknown,
  a10: unknown,
  a11: unknown,
  a12: unknown,
  a13: unknown,
  a14: unknown,
  a15: unknown,
): void {
  v[0] = a0;
  v[1] = a1;
  v[2] = a2;
  v[3] = a3;
  v[4] = a4;
  v[5] = a5;
  v[6] = a6;
  v[7] = a7;
  v[8] = a8;
  v[9] = a9;
  v[10] = a10;
  v[11] = a11;
  v[12] = a12;
  v[13] = a13;
  v[14] = a14;
  v[15] = a15;
}

/** One plan per kernel, for one backend. */
export function kernelPlans(): Record<KernelName, KernelPlan> {
  return Object.fromEntries(KERNEL_NAMES.map((name) => [name, new KernelPlan(name)])) as Record<KernelName, KernelPlan>;
}

type AnyKernel = (...args: unknown[]) => unknown;

/**
 * Wraps a kernel so that every call is checked first. The wrapper has a fixed number of parameters and
 * keeps the arguments in the plan's slots (where `run` may read them too), so a call allocates nothing.
 */
export function checkedKernel(plan: KernelPlan, run: AnyKernel): AnyKernel {
  return planEntry(plan, run);
}

/**
 * Throws unless `wrapper` declares a parameter for each of `plan`'s arguments: a wrapper that spells out its
 * parameters (to pass them on without allocating) would otherwise drop the last ones of a longer kernel.
 */
export function assertTakesArguments(wrapper: AnyKernel, plan: KernelPlan): void {
  if (wrapper.length < plan.arity) {
    throw new Error(`backprop: ${plan.label} takes ${plan.arity} arguments; its wrapper passes on ${wrapper.length}`);
  }
}

/**
 * The checked wrapper: its MAX_KERNEL_ARGS parameters go into the plan's slots and on to `run`, so no kernel
 * of up to MAX_KERNEL_ARGS arguments can lose one (KernelPlan refuses more).
 */
function planEntry(plan: KernelPlan, run: AnyKernel): AnyKernel {
  const slots = plan.values;
  return function entry(
    a0: unknown,
    a1: unknown,
    a2: unknown,
    a3: unknown,
    a4: unknown,
    a5: unknown,
    a6: unknown,
    a7: unknown,
    a8: unknown,
    a9: unknown,
    a10: unknown,
    a11: unknown,
    a12: unknown,
    a13: unknown,
    a14: unknown,
    a15: unknown,
  ): unknown {
    loadSlots(slots, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15);
    try {
      plan.check(arguments.length);
      const result = run(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15);
      plan.clear();
      return result;
    } catch (error) {
      // A failed call may hold an array in any slot.
      slots.fill(undefined, 0, MAX_KERNEL_ARGS);
      throw error;
    }
  } as AnyKernel;
}

/** The kernels of `kernels` (and nothing else of it), each checking its arguments first. */
export function checkedKernels(kernels: Kernels): Kernels {
  const plans = kernelPlans();
  const checked = KERNEL_NAMES.map((name) => [name, checkedKernel(plans[name], kernels[name] as AnyKernel)]);
  return Object.fromEntries(checked) as unknown as Kernels;
}
