// The native addon's own program entry points (native/program.cc): what only they refuse. Kernel programs on
// every backend, native included (running calls in order, the kernels' refusals at compile time, class indices
// checked at every run, detached and shrunk arrays, a proven training step replayed), are in
// test/model/step-programs.test.ts.
import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/backends/unchecked.js';
import { KernelArgumentError } from '../../src/index.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();

describe.skipIf(!native)(`native kernel programs${native ? '' : ` (skipped: ${reason})`}`, () => {
  const addon = native!.addon;

  it('refuses an array over a SharedArrayBuffer at compile time', () => {
    const shared = new Float32Array(new SharedArrayBuffer(16));
    expect(() => addon.compileProgram([['scale', 4, 2, shared]] as KernelCall[], -1)).toThrow(
      'must be a Float32Array over an ArrayBuffer',
    );
  });

  it('refuses to run anything that is not a program', () => {
    expect(() => addon.runProgram({})).toThrow(
      'backprop: runProgram: program must be what compileProgram returned; got an object',
    );
    expect(() => addon.runProgram(undefined as unknown as object)).toThrow(KernelArgumentError);
  });
});
