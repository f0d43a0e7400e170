import type { Backend, DeviceBuffer, Kernels } from '../contract.js';
import { allocateHostFloats, checkBufferLength, MAX_HOST_BUFFER_LENGTH } from '../buffer-length.js';
import { callProgramCompiler } from '../call-program.js';
import {
  KERNEL_PROGRAMS,
  type MaybePrograms,
  type MaybeUnchecked,
  UNCHECKED_KERNELS,
  uncheckedKernels,
} from '../unchecked.js';
import { checkedKernels } from '../validate.js';
import * as activation from './activation.js';
import * as batchnorm from './batchnorm.js';
import * as bias from './bias.js';
import * as conv from './conv.js';
import * as dense from './dense.js';
import * as dropout from './dropout.js';
import * as gather from './gather.js';
import * as gemm from './gemm.js';
import * as loss from './loss.js';
import * as norm from './norm.js';
import * as optimizer from './optimizer.js';
import * as pool from './pool.js';
import * as regularizer from './regularizer.js';

/** Every kernel, from the modules that define them (a kernel of the contract missing here is a compile error). */
const kernels: Kernels = {
  ...gemm,
  ...bias,
  ...activation,
  ...dense,
  ...loss,
  ...batchnorm,
  ...dropout,
  ...regularizer,
  ...optimizer,
  ...norm,
  ...conv,
  ...pool,
  ...gather,
};

/**
 * The pure TypeScript backend: the reference the others are tested against, and the last fallback. Every
 * call is argument-checked first (src/backends/validate.ts); a model's engine runs the plain kernels once a
 * checked step has proven its calls (src/backends/unchecked.ts), and replays a proven step's calls as a program
 * of prepared calls (src/backends/call-program.ts).
 */
export function createJsBackend(): Backend {
  const checked = checkedKernels(kernels);
  const unchecked = uncheckedKernels(checked, kernels);
  const backend: Backend & MaybeUnchecked & MaybePrograms = {
    name: 'js',
    readsHostArrays: true,
    details: { engine: 'TypeScript over Float32Array' },
    allocate(length: number): DeviceBuffer {
      const data = allocateHostFloats(length);
      return { length, data, free() {} };
    },
    /** Nothing to reserve: every buffer is its own JavaScript allocation. */
    reserve(length: number): void {
      checkBufferLength(length, MAX_HOST_BUFFER_LENGTH, 'reserve');
    },
    ...checked,
    [UNCHECKED_KERNELS]: unchecked,
    // Each call of a program is its unchecked kernel with the arguments bound (read when the program is compiled).
    [KERNEL_PROGRAMS]: callProgramCompiler((name, args) => {
      const kernel = unchecked[name] as (...args: unknown[]) => unknown;
      return kernel.bind(undefined, ...args);
    }, true),
  };
  return backend;
}
