// The browser and edge-runtime entry (`backprop-nn/browser`): everything of the platform-neutral API, with
// the backend chosen by `await initBackend()` (wasm, else js). It imports nothing from Node: the .wasm
// comes from a URL next to this file (wasm/backprop.wasm in the package), from bytes, or from an already
// compiled WebAssembly.Module (Cloudflare Workers refuse to compile bytes at run time, so pass the module
// their bundler imports). test/browser/import-graph.test.ts checks that no Node module is reachable.
import { setActiveBackend } from './backends/current.js';
import { createJsBackend } from './backends/js/index.js';
import { type BackendCandidate, type BackendInfo, parseBackendName, selectBackend } from './backends/select.js';
import { createWasmBackend } from './backends/wasm/backend.js';
import type { WasmSource } from './backends/wasm/module.js';

export * from './api.js';
export { createWasmBackend, type WasmBackendOptions } from './backends/wasm/backend.js';
export type { WasmSource } from './backends/wasm/module.js';

/** The options of initBackend in browsers and edge runtimes. */
export interface BrowserInitOptions {
  /** Use exactly this backend (an error if it cannot load); default: wasm, else js. */
  backend?: 'wasm' | 'js';
  /**
   * The kernels module: a URL or URL string to fetch, the bytes, or a compiled WebAssembly.Module.
   * Default: wasm/backprop.wasm of the package, resolved from this file's URL.
   */
  wasm?: URL | string | BufferSource | WebAssembly.Module;
  /**
   * The scalar build, loaded when the runtime has no WebAssembly SIMD. Default: wasm/backprop-scalar.wasm
   * of the package when `wasm` is not given; none otherwise.
   */
  wasmScalar?: URL | string | BufferSource | WebAssembly.Module;
}

/** Chooses the backend and makes it the active one; await it before using the API. */
export async function initBackend(options: BrowserInitOptions = {}): Promise<BackendInfo> {
  let requested: 'wasm' | 'js' | undefined;
  if (options.backend !== undefined) {
    const name = parseBackendName(options.backend, 'the backend option');
    if (name === 'native') {
      throw new TypeError(
        'backprop: the native backend needs Node.js; in browsers and edge runtimes use "wasm" or "js"',
      );
    }
    requested = name;
  }
  const packaged = options.wasm === undefined;
  const source: WasmSource = options.wasm ?? new URL('../../wasm/backprop.wasm', import.meta.url);
  const scalar: WasmSource | undefined =
    options.wasmScalar ?? (packaged ? new URL('../../wasm/backprop-scalar.wasm', import.meta.url) : undefined);
  const candidates: BackendCandidate[] = [
    { name: 'wasm', load: () => createWasmBackend(source, { scalarFallback: scalar }) },
    { name: 'js', load: () => createJsBackend() },
  ];
  const { backend, info } = await selectBackend(candidates, requested, 'option');
  setActiveBackend(backend, info);
  return info;
}
