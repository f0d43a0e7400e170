// The backends an optimizer-bits test runs a step on: js, both wasm builds, and the native addon at every
// instruction set level this CPU supports (each call switched to its level and back), when it loads.
import type { Kernels } from '../src/backends/contract.js';
import { createJsBackend } from '../src/backends/js/index.js';
import { loadNodeWasmBackend } from '../src/backends/wasm/index.js';
import { loadNative } from './native/load.js';

type Step = 'adamStep' | 'adagradStep' | 'rmspropStep';

export async function optimizerBackends(step: Step): Promise<[string, Kernels][]> {
  const backends: [string, Kernels][] = [
    ['js', createJsBackend()],
    ['wasm simd', await loadNodeWasmBackend({ simd: true })],
    ['wasm scalar', await loadNodeWasmBackend({ simd: false })],
  ];
  const { native, reason } = await loadNative();
  if (!native) {
    console.warn(`native backend not tested: ${reason}`);
    return backends;
  }
  for (const level of native.addon.isaSupported().split(',')) {
    const atLevel = new Proxy(native, {
      get(target, key, receiver) {
        if (key !== step) return Reflect.get(target, key, receiver);
        return (...args: unknown[]) => {
          const initial = target.addon.isa();
          target.addon.selectIsa(level);
          try {
            (target[step] as (...a: unknown[]) => void)(...args);
          } finally {
            target.addon.selectIsa(initial);
          }
        };
      },
    });
    backends.push([`native ${level}`, atLevel]);
  }
  return backends;
}
