// Kernels whose wasm version computes in the js reference's order of operations (in float64, or in float32
// for AdaGrad, RMSprop and Adam) must give the very same float32 bits as js (not just agree within a
// tolerance): training with Adam amplifies 1-ulp differences into visibly different loss curves, so these
// are the ones kept exact. Runs the shared kernel cases (test/kernel-cases.ts) on both builds. GEMM, the
// polynomial activations and the column reductions are not in this list: they are held to the equivalence
// suite's tolerances instead.
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import { loadNodeWasmBackend } from '../../src/backends/wasm/index.js';
import { kernelCases, runCase } from '../kernel-cases.js';

const EXACT: (keyof Kernels)[] = [
  'biasAdd', 'biasGrad', 'softmaxForward', 'softmaxCrossEntropy', 'sparseSoftmaxCrossEntropy', 'mseLoss', 'sseLoss',
  'batchNormForwardTrain', 'batchNormForwardInference', 'batchNormBackward', 'dropoutForward', 'dropoutBackward',
  'regularizerGradient', 'sgdStep', 'momentumStep', 'adagradStep', 'rmspropStep', 'adamStep', 'scale', 'clipByValue',
  'axpy', 'copy', 'softmaxBackward', 'stepForward',
  // Copies, maxima, float32 sums in the reference's order, float64 averages: convolution and pooling.
  'im2col', 'col2im', 'maxPoolForward', 'maxPoolBackward', 'avgPoolForward', 'avgPoolBackward',
  // A float64 product rounded once to float32.
  'gatherByteRows',
];
// Activations: the piecewise-linear ones both ways; sigmoid, tanh and ELU backward (formed from y).
const EXACT_ACTIVATIONS: Record<string, string[]> = {
  activationForward: ['identity', 'relu', 'leakyRelu'],
  activationBackward: ['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu'],
};
const js = createJsBackend();
const cases = kernelCases().filter((c) => EXACT.includes(c.kernel) ||
  (EXACT_ACTIVATIONS[c.kernel]?.includes(c.label.split(' ')[0]) ?? false));

describe.each([true, false])('wasm (simd %s) gives js bits', async (simd) => {
  const wasm = await loadNodeWasmBackend({ simd });
  it.each(cases.map((c) => [`${c.kernel} ${c.label}`, c] as const))('%s', (_, c) => {
    const expected = runCase(js, c);
    const actual = runCase(wasm, c);
    for (const name of c.outputs) {
      const a = actual.outputs[name], e = expected.outputs[name];
      let first = -1;
      for (let i = 0; i < e.length && first < 0; i++) if (!Object.is(a[i], e[i])) first = i;
      expect(first, `${name}[${first}]: wasm ${a[first]}, js ${e[first]}`).toBe(-1);
    }
    // Returned losses are float64 sums; Math.log may differ from the module's log in the last bit.
    if (expected.value !== undefined) expect(Math.abs((actual.value as number) - expected.value)).toBeLessThanOrEqual(1e-12 * Math.abs(expected.value));
  });
});
