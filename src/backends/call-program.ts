/**
 * Kernel programs for the backends whose kernels are JavaScript functions (js, wasm): the same recorded calls
 * as a native program (unchecked.ts, ProgramCompiler), checked once at compile time by the kernels' own checks
 * (validate.ts, with the same messages), then each turned by the backend into a prepared function that calls
 * the kernel with its arguments fixed. A run calls them in order: no argument is checked, planned or looked up
 * again, which on a small network is most of a step.
 */
import { KernelArgumentError, KernelRangeError } from '../errors.js';
import { KERNEL_NAMES, type KernelName } from './manifest.js';
import type { KernelCall, KernelProgram, ProgramCompiler } from './unchecked.js';
import { describeArgument, KernelPlan } from './validate.js';

/** One call with its kernel and arguments fixed; returns what the kernel returns. */
export type PreparedCall = () => unknown;

/**
 * How a backend turns one call (already checked) into a prepared function: `args` are the call's arguments in
 * the contract's order.
 */
export type CallPreparer = (name: KernelName, args: readonly unknown[]) => PreparedCall;

const KERNEL_SET: ReadonlySet<string> = new Set(KERNEL_NAMES);

/**
 * A compiler of programs whose calls `prepare` turns into functions. With `guardBuffers`, each run first checks
 * that the ArrayBuffers under the calls' arrays still hold what the calls reach (a detached or shrunk one
 * refuses to run with a KernelRangeError, as a native program does), for prepared functions that read the
 * arrays themselves; without it, `prepare` must make calls that stay within bounds on their own.
 */
export function callProgramCompiler(prepare: CallPreparer, guardBuffers: boolean): ProgramCompiler {
  const plans = new Map<KernelName, KernelPlan>();
  return {
    compile(calls: readonly KernelCall[], result: number): KernelProgram {
      if (!Array.isArray(calls)) {
        throw new KernelArgumentError(
          `backprop: compileProgram: calls must be an Array; got ${describeArgument(calls)}`,
        );
      }
      const prepared: PreparedCall[] = [];
      const extents = new Map<ArrayBufferLike, number>();
      let returnsNumber = false;
      calls.forEach((call: unknown, index) => {
        const { name, args } = splitCall(call, index);
        let plan = plans.get(name);
        if (plan === undefined) plans.set(name, (plan = new KernelPlan(name)));
        checkCall(plan, args);
        for (const j of guardBuffers ? plan.buffers : []) {
          const array = args[j] as Float32Array;
          const end = array.byteOffset + plan.need[j] * 4;
          extents.set(array.buffer, Math.max(extents.get(array.buffer) ?? 0, end));
        }
        if (index === result) returnsNumber = plan.returnsNumber;
        prepared.push(prepare(name, args));
      });
      if (!(result === -1 || (Number.isInteger(result) && result >= 0 && returnsNumber))) {
        throw new KernelRangeError(
          'backprop: compileProgram: result must be -1 or the index of a call that returns a number; ' +
            `got ${describeArgument(result)}`,
        );
      }
      return new CallProgram(prepared, result, [...extents.keys()], Float64Array.from(extents.values()));
    },
  };
}

/** Checks that `call` is [kernelName, ...arguments]; returns the two parts. */
function splitCall(call: unknown, index: number): { name: KernelName; args: unknown[] } {
  if (!Array.isArray(call)) {
    throw new KernelArgumentError(
      `backprop: compileProgram: calls[${index}] must be an Array [kernelName, ...arguments]; ` +
        `got ${describeArgument(call)}`,
    );
  }
  const [name, ...args] = call as unknown[];
  if (typeof name !== 'string' || !KERNEL_SET.has(name)) {
    const got = typeof name === 'string' ? JSON.stringify(name) : describeArgument(name);
    throw new KernelArgumentError(
      `backprop: compileProgram: calls[${index}][0] must be the name of a kernel; got ${got}`,
    );
  }
  return { name: name as KernelName, args };
}

/** The kernel's own checks of `args` (throwing what the kernel would throw), leaving no argument in the plan. */
function checkCall(plan: KernelPlan, args: readonly unknown[]): void {
  const values = plan.values;
  try {
    for (let i = 0; i < values.length; i++) values[i] = args[i];
    plan.check(args.length);
  } finally {
    values.fill(undefined);
  }
}

class CallProgram implements KernelProgram {
  constructor(
    private readonly calls: readonly PreparedCall[],
    private readonly result: number,
    /** The ArrayBuffers under the calls' arrays, and the bytes of each the calls reach. */
    private readonly buffers: readonly ArrayBufferLike[],
    private readonly extents: Float64Array,
  ) {}

  run(): number | undefined {
    const buffers = this.buffers,
      extents = this.extents;
    for (let i = 0; i < buffers.length; i++) {
      if (buffers[i].byteLength < extents[i]) {
        throw new KernelRangeError(
          `backprop: runProgram: buffer ${i} of the program must hold at least ${extents[i]} bytes, as when it ` +
            `was compiled; got ${buffers[i].byteLength} bytes`,
        );
      }
    }
    const calls = this.calls;
    let value: unknown = undefined;
    for (let i = 0; i < calls.length; i++) {
      const returned = calls[i]();
      if (i === this.result) value = returned;
    }
    return value as number | undefined;
  }
}
