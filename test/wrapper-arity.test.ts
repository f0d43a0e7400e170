// A wrapper that spells out its parameters (the wasm backend's unchecked kernels) must have one for each of
// its kernel's arguments: a copy with 12 once dropped the last arguments of the 16-argument convolution
// kernels. assertTakesArguments refuses such a wrapper when the backend is built.
import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES, KERNELS } from '../src/backends/manifest.js';
import { assertTakesArguments, KernelPlan } from '../src/backends/validate.js';

describe('assertTakesArguments', () => {
  const im2col = new KernelPlan('im2col');
  it('refuses a wrapper with fewer parameters than its kernel has arguments', () => {
    // What the check reads of a wrapper: its declared parameter count.
    const twelve = { length: 12 };
    expect(KERNELS.im2col.args.length).toBeGreaterThan(12);
    expect(() => assertTakesArguments(twelve as (...args: unknown[]) => unknown, im2col)).toThrow(
      `backprop: im2col takes ${KERNELS.im2col.args.length} arguments; its wrapper passes on 12`,
    );
  });

  it('accepts a wrapper with a parameter per argument, for every kernel', () => {
    for (const name of KERNEL_NAMES) {
      const arity = KERNELS[name].args.length;
      const wrapper = { length: arity } as unknown as (...args: unknown[]) => unknown;
      expect(() => assertTakesArguments(wrapper, new KernelPlan(name))).not.toThrow();
    }
  });
});
