/**
 * The wasm backend: the kernels of assembly/ behind the Kernels contract, platform neutral (Node, browsers,
 * edge runtimes). Buffers from allocate() live in the module's linear memory and are passed as byte
 * offsets, so those calls copy nothing. A plain Float32Array outside linear memory still works: it is
 * copied into a scratch block for the call (and copied back if the kernel writes it), which keeps tests
 * and casual callers correct at the price of the copies.
 *
 * Every kernel method is built from the kernel manifest (src/backends/manifest.ts): it runs the shared
 * argument checks (src/backends/validate.ts) before the module is entered (wasm has no bounds to give a
 * useful message), turns each buffer into its byte address and calls the module's export of the same name
 * with the same arguments. A call on buffers already in linear memory allocates nothing.
 */
import type { Backend, DeviceBuffer, Kernels } from '../contract.js';
import { checkBufferLength } from '../buffer-length.js';
import { KERNEL_NAMES, type KernelName } from '../manifest.js';
import { callProgramCompiler, type PreparedCall } from '../call-program.js';
import {
  checksValues,
  KERNEL_PROGRAMS,
  type ProgramCompiler,
  UNCHECKED_KERNELS,
  uncheckedKernels,
} from '../unchecked.js';
import {
  assertTakesArguments,
  checkedKernel,
  ELEMENT_BYTES,
  IN,
  KernelPlan,
  MAX_KERNEL_ARGS,
  OUT,
} from '../validate.js';
import { LinearAllocator } from './allocator.js';
import { WasmDeviceBuffer } from './buffer.js';
import { type KernelExports, type WasmSource, compileSource, instantiateKernels } from './module.js';

/** The options of createWasmBackend. */
export interface WasmBackendOptions {
  /**
   * Where to get the scalar build (wasm/backprop-scalar.wasm) if the runtime rejects the SIMD module.
   * Without it, a runtime without WebAssembly SIMD gets an error saying so.
   */
  scalarFallback?: WasmSource;
  /** Extra fields for `details` (the Node loader adds the file it read). */
  details?: Record<string, string | number | boolean>;
}

/** Loads the kernels module from `source` and returns a backend over it. */
export async function createWasmBackend(source: WasmSource, options: WasmBackendOptions = {}): Promise<Backend> {
  let compiled = await compileSource(source);
  if ('bytes' in compiled && !WebAssembly.validate(compiled.bytes)) {
    if (options.scalarFallback === undefined) {
      throw new Error('backprop: this runtime rejects the wasm module (it needs WebAssembly SIMD); pass the scalar ' +
        'build wasm/backprop-scalar.wasm as the source or as options.scalarFallback');
    }
    compiled = await compileSource(options.scalarFallback, 'the scalar wasm fallback');
  }
  const module = 'module' in compiled ? compiled.module : await WebAssembly.compile(compiled.bytes);
  const exports = await instantiateKernels(module);
  return new WasmBackend(exports, options.details ?? {});
}

/** 4 GiB of wasm32 memory holds at most 2^30 floats. */
const MAX_ELEMENTS = 2 ** 30;

type AnyFunction = (...args: unknown[]) => unknown;
/** A buffer argument: float32 values, bytes or indices (the manifest's buffer elements). */
type ElementArray = Float32Array | Uint8Array | Uint32Array;
type ElementArrayConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ElementArray;

// The kernels are set up by the constructor from the manifest; this declaration gives the class their types.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface WasmBackend extends Kernels {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly readsHostArrays = false;
  readonly details: Readonly<Record<string, string | number | boolean>>;
  /** The allocator of linear memory (exposed for tests). */
  readonly allocator: LinearAllocator;
  /** exp over n values with the kernels' vectorised approximation (for the accuracy tests); checked as copy. */
  readonly approxExp: (n: number, x: Float32Array, y: Float32Array) => void;
  private readonly gemmWork: number;
  /** memory.buffer as last read (see invoke). */
  private memoryBuffer: ArrayBufferLike;
  /** The kernels without the argument checks, for calls a model has proven (src/backends/unchecked.ts). */
  readonly [UNCHECKED_KERNELS]: Kernels;
  /** Runs a proven training step's calls as prepared calls straight into the module (src/backends/call-program.ts). */
  readonly [KERNEL_PROGRAMS]: ProgramCompiler;
  private readonly plans = new Map<KernelName, KernelPlan>();

  constructor(private readonly kernels: KernelExports, details: Record<string, string | number | boolean>) {
    this.allocator = new LinearAllocator(kernels.memory, kernels.heapBase());
    this.memoryBuffer = kernels.memory.buffer;
    this.gemmWork = this.allocator.allocate(kernels.gemmWorkspaceBytes());
    this.details = Object.freeze({ simd: kernels.simdEnabled() === 1, ...details });
    const methods = this as unknown as Record<KernelName, AnyFunction>;
    const unchecked = {} as Record<KernelName, AnyFunction>;
    for (const name of KERNEL_NAMES) {
      // gemm's packing workspace goes after the contract's arguments.
      const trailing = name === 'gemm' ? [this.gemmWork] : [];
      const plan = new KernelPlan(name);
      this.plans.set(name, plan);
      methods[name] = this.kernelMethod(plan, kernels[name] as AnyFunction, trailing);
      unchecked[name] = this.uncheckedMethod(plan, kernels[name] as AnyFunction, trailing, methods[name]);
    }
    this[UNCHECKED_KERNELS] = uncheckedKernels(this, unchecked as unknown as Kernels);
    this[KERNEL_PROGRAMS] = callProgramCompiler((name, args) => this.prepareCall(name, args), false);
    this.approxExp = this.kernelMethod(new KernelPlan('copy', 'approxExp'), kernels.approxExp as AnyFunction, []);
  }

  /** The module's memory (its buffer is replaced when it grows). */
  get memory(): WebAssembly.Memory {
    return this.kernels.memory;
  }

  allocate(length: number): DeviceBuffer {
    checkBufferLength(length, MAX_ELEMENTS);
    const offset = this.allocator.allocate(length * 4);
    return new WasmDeviceBuffer(this.allocator, offset, length);
  }

  /** Grows memory once so that `length` more floats can be allocated without growing again. */
  reserve(length: number): void {
    checkBufferLength(length, MAX_ELEMENTS, 'reserve');
    this.allocator.reserve(length * 4);
  }

  /**
   * The method for one export: the shared argument checks (which hold the arguments in the plan's slots),
   * then `call` filled from them (a buffer as its address) and the export called. `call` is allocated here,
   * once, so a call allocates nothing.
   */
  private kernelMethod(plan: KernelPlan, run: AnyFunction, trailing: readonly number[]): AnyFunction {
    // Room for the most arguments and one trailing value (gemm's workspace), every slot read by invoke().
    const call = new Array<unknown>(MAX_KERNEL_ARGS + 1).fill(undefined);
    trailing.forEach((value, i) => { call[plan.arity + i] = value; });
    return checkedKernel(plan, () => this.invoke(plan, run, call));
  }

  /**
   * The method for one export without the argument checks: each buffer becomes its address and the export
   * is called. A buffer outside linear memory takes the checked method (which copies it in and out).
   */
  private uncheckedMethod(
    plan: KernelPlan,
    run: AnyFunction,
    trailing: readonly number[],
    checked: AnyFunction,
  ): AnyFunction {
    const call = new Array<unknown>(MAX_KERNEL_ARGS + 1).fill(undefined);
    const buffers = plan.buffers,
      arity = plan.arity,
      returnsNumber = plan.returnsNumber;
    const workspace = trailing.length > 0 ? trailing[0] : undefined;
    // Its parameters are spelled out (a rest parameter would allocate per call): checked against the kernel.
    const method = (
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
    ): unknown => {
      call[0] = a0;
      call[1] = a1;
      call[2] = a2;
      call[3] = a3;
      call[4] = a4;
      call[5] = a5;
      call[6] = a6;
      call[7] = a7;
      call[8] = a8;
      call[9] = a9;
      call[10] = a10;
      call[11] = a11;
      call[12] = a12;
      call[13] = a13;
      call[14] = a14;
      call[15] = a15;
      call[arity] = workspace;
      for (let j = 0; j < buffers.length; j++) {
        const array = call[buffers[j]] as Float32Array;
        // As in invoke: memory.buffer is read again only for an array that is not a view of the one read last.
        const buffer = array.buffer;
        if (buffer !== this.memoryBuffer) this.memoryBuffer = this.kernels.memory.buffer;
        if (buffer !== this.memoryBuffer) {
          // Rare (tests, casual callers): the arguments, as many as the kernel takes, to the checked method.
          call.fill(undefined);
          const given = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15];
          return Reflect.apply(checked, undefined, given.slice(0, arity));
        }
        call[buffers[j]] = array.byteOffset;
      }
      const result = run(
        call[0],
        call[1],
        call[2],
        call[3],
        call[4],
        call[5],
        call[6],
        call[7],
        call[8],
        call[9],
        call[10],
        call[11],
        call[12],
        call[13],
        call[14],
        call[15],
        call[16],
      );
      return returnsNumber ? result : undefined;
    };
    assertTakesArguments(method as AnyFunction, plan);
    return method;
  }

  /**
   * One checked call of a program as the module's export bound to its arguments, each buffer as its byte
   * address: the blocks of linear memory stay where they are when memory grows, so the addresses hold for as
   * long as the buffers are allocated (the program must not run after they are freed). A kernel that checks
   * its values (class labels) at every call, or a call with an array outside linear memory, is bound to the
   * unchecked method instead, which takes the checked one for those.
   */
  private prepareCall(name: KernelName, args: readonly unknown[]): PreparedCall {
    const method = (this[UNCHECKED_KERNELS] as unknown as Record<KernelName, AnyFunction>)[name];
    if (checksValues(name)) return method.bind(undefined, ...args);
    const call = [...args];
    const memory = this.kernels.memory.buffer;
    for (const j of this.plans.get(name)!.buffers) {
      const array = args[j] as Float32Array;
      if (array.buffer !== memory) return method.bind(undefined, ...args);
      call[j] = array.byteOffset;
    }
    if (name === 'gemm') call.push(this.gemmWork);
    return (this.kernels[name] as AnyFunction).bind(undefined, ...call);
  }

  /** Fills `call` from the checked arguments and runs the export; arrays outside linear memory are copied. */
  private invoke(plan: KernelPlan, run: AnyFunction, call: unknown[]): unknown {
    const values = plan.values, buffers = plan.buffers;
    let foreign = false;
    for (let i = 0; i < plan.arity; i++) call[i] = values[i];
    for (let j = 0; j < buffers.length; j++) {
      const array = values[buffers[j]] as Float32Array;
      // memory.buffer (a call into the engine) is read again only when an array is not a view of the one
      // read last: after growth, or for a foreign array. A view of the old, detached memory has length 0
      // and was refused by the checks unless the kernel reads none of it.
      const buffer = array.buffer;
      if (buffer !== this.memoryBuffer) this.memoryBuffer = this.kernels.memory.buffer;
      if (buffer === this.memoryBuffer) call[buffers[j]] = array.byteOffset;
      else foreign = true;
    }
    const result = foreign ? this.invokeWithCopies(plan, run, call)
      : run(call[0], call[1], call[2], call[3], call[4], call[5], call[6], call[7], call[8], call[9], call[10], call[11],
        call[12], call[13], call[14], call[15], call[16]);
    // Some exports return a status the checks have made moot (activationForward's unknown kind).
    return plan.returnsNumber ? result : undefined;
  }

  /**
   * The call for arrays outside linear memory: each is copied into a scratch block (and copied back if the
   * kernel writes it). Arrays that are the same memory (aliased arguments, as `y may alias x`) share one
   * block, so aliasing keeps its meaning. The addresses of in-memory arrays are already in `call`, taken
   * before any scratch is allocated, because allocating may grow memory, which detaches their views.
   */
  private invokeWithCopies(plan: KernelPlan, run: AnyFunction, call: unknown[]): unknown {
    const values = plan.values, memoryBuffer = this.kernels.memory.buffer;
    const foreign = [...plan.buffers].filter((b) => (values[b] as ArrayBufferView).buffer !== memoryBuffer);
    const array = (b: number): ElementArray => values[b] as ElementArray;
    const bytes = (b: number): number => plan.need[b] * ELEMENT_BYTES[plan.elements[b]];
    // A view of argument b's block in memory as it is now, of b's element type.
    const block = (b: number): ElementArray => {
      const View = array(b).constructor as ElementArrayConstructor;
      return new View(this.kernels.memory.buffer, call[b] as number, plan.need[b]);
    };
    const sameStart = (a: number, b: number): boolean =>
      array(a).buffer === array(b).buffer && array(a).byteOffset === array(b).byteOffset;
    const blocks: number[] = [];
    try {
      for (const b of foreign) {
        const shared = foreign.find((o) => o < b && sameStart(o, b));
        if (shared !== undefined) {
          call[b] = call[shared];
          continue;
        }
        // The block covers every argument that starts at this array's address (the largest count wins).
        call[b] = this.allocator.allocate(Math.max(...foreign.filter((o) => sameStart(o, b)).map(bytes)));
        blocks.push(call[b] as number);
      }
      // Copy in after all allocations (a later allocation may have grown memory).
      for (const b of foreign) {
        if (plan.roles[b] === OUT) continue;
        block(b).set(array(b).subarray(0, plan.need[b]) as never);
      }
      const result = run(...call);
      for (const b of foreign) {
        if (plan.roles[b] !== IN) array(b).set(block(b) as never);
      }
      return result;
    } finally {
      for (const block of blocks) this.allocator.release(block);
    }
  }
}
