import type { Backend, Kernels } from './contract.js';
import { type ArgSpec, KERNEL_NAMES, KERNELS, type KernelName } from './manifest.js';

/**
 * Where a backend keeps its kernels without the argument checks of validate.ts, for a caller that has
 * already proven its arguments (a model's engine, after a checked step of the same plan). A backend whose
 * checks cost little per call (native checks in C++) has none; getBackend() and every kernel a user calls
 * stay checked.
 */
export const UNCHECKED_KERNELS = Symbol('backprop.uncheckedKernels');

/** A backend that may offer its kernels without argument checks. */
export interface MaybeUnchecked {
  readonly [UNCHECKED_KERNELS]?: Kernels;
}

/**
 * Whether a kernel checks a buffer's values, not only its arguments' kinds and sizes (the class indices of
 * sparseSoftmaxCrossEntropy): what a call holds changes from batch to batch, so such a kernel stays checked.
 */
export function checksValues(name: KernelName): boolean {
  const args: readonly ArgSpec[] = KERNELS[name].args;
  return args.some((a) => a.kind === 'buffer' && a.classIndexBelow !== undefined);
}

/**
 * A backend's kernels for proven calls: `unchecked` for the kernels whose checks depend only on the kinds and
 * sizes of the arguments, `checked` for those that check values.
 */
export function uncheckedKernels(checked: Kernels, unchecked: Kernels): Kernels {
  const kernels = {} as Record<KernelName, unknown>;
  for (const name of KERNEL_NAMES) kernels[name] = checksValues(name) ? checked[name] : unchecked[name];
  return kernels as unknown as Kernels;
}

const trusted = new WeakMap<Backend, Backend>();

/**
 * `backend` with its unchecked kernels where it has them (else `backend` itself): what a model's engine runs
 * a plan on once a checked run of the same calls has passed. Its kernels must get only arguments that the
 * checked kernels accepted before, with the same kinds and sizes; a wrong one may write out of bounds.
 */
export function trustedBackend(backend: Backend): Backend {
  let found = trusted.get(backend);
  if (found === undefined) {
    // Only the backend's own: an object made from it (Object.create(backend), with kernels that wrap the
    // backend's to record or count calls) inherits the symbol but not the meaning, so it runs as it is.
    const own = Object.prototype.hasOwnProperty.call(backend, UNCHECKED_KERNELS);
    const kernels = own ? (backend as MaybeUnchecked)[UNCHECKED_KERNELS] : undefined;
    found = kernels === undefined ? backend : makeTrusted(backend, kernels);
    trusted.set(backend, found);
  }
  return found;
}

function makeTrusted(backend: Backend, kernels: Kernels): Backend {
  return {
    ...kernels,
    name: backend.name,
    readsHostArrays: backend.readsHostArrays,
    details: backend.details,
    allocate: (length) => backend.allocate(length),
    reserve: (length) => backend.reserve(length),
  };
}

/** One recorded kernel call: the kernel's name, then its arguments in the contract's order. */
export type KernelCall = readonly [KernelName, ...unknown[]];

/** A fixed sequence of kernel calls, checked once, that runs again as a whole. */
export interface KernelProgram {
  /** Runs the calls in order; returns the number the program's result call returned (undefined: none). */
  run(): number | undefined;
}

/**
 * What a backend that can run whole call sequences in one step offers (native: one N-API call instead of one
 * per kernel, whose argument handling is most of a small kernel's cost).
 */
export interface ProgramCompiler {
  /**
   * Checks every call as its kernel would (throwing what the kernel would throw) and returns them as a
   * program. `result`: the index of the call whose number run() returns, or -1. The program holds the
   * calls' buffers; each run reads the numbers and buffers given here, with the buffers' contents of the
   * moment, and refuses to run once a buffer was detached or shrank.
   */
  compile(calls: readonly KernelCall[], result: number): KernelProgram;
}

/** Where a backend keeps its ProgramCompiler, when it has one. */
export const KERNEL_PROGRAMS = Symbol('backprop.kernelPrograms');

/** A backend that may compile kernel programs. */
export interface MaybePrograms {
  readonly [KERNEL_PROGRAMS]?: ProgramCompiler;
}

/** The backend's own program compiler (not one inherited by an object made from it), if it has one. */
export function programCompiler(backend: Backend): ProgramCompiler | undefined {
  const own = Object.prototype.hasOwnProperty.call(backend, KERNEL_PROGRAMS);
  return own ? (backend as MaybePrograms)[KERNEL_PROGRAMS] : undefined;
}

/** `backend` with every kernel call appended to `calls` (name and arguments) before it runs as it is. */
export function recordingBackend(backend: Backend, calls: KernelCall[]): Backend {
  const recording = Object.create(backend) as Record<KernelName, (...args: unknown[]) => unknown>;
  for (const name of KERNEL_NAMES) {
    const kernel = backend[name] as (...args: unknown[]) => unknown;
    recording[name] = (...args: unknown[]) => {
      calls.push([name, ...args]);
      return kernel.apply(backend, args);
    };
  }
  return recording as unknown as Backend;
}
