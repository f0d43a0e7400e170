// The browser and edge-runtime entry (`backprop-nn/browser`): everything of the platform-neutral API, with
// the backend chosen by `await initBackend()` (wasm, else js). It imports nothing from Node: the .wasm
// comes from a URL next to this file (wasm/backprop.wasm in the package, located only when wasm loads), from
// bytes, or from an already compiled WebAssembly.Module (Cloudflare Workers refuse to compile bytes at run
// time, so pass the module their bundler imports). test/browser/import-graph.test.ts checks that no Node
// module is reachable.
import { type BrowserContext, type BrowserInitOptions, selectBrowserBackend } from './backends/browser.js';
import { setActiveBackend } from './backends/current.js';
import type { BackendInfo } from './backends/select.js';

export * from './api.js';
export type { BrowserInitOptions } from './backends/browser.js';
export { createWasmBackend, type WasmBackendOptions } from './backends/wasm/backend.js';
export type { WasmSource } from './backends/wasm/module.js';

// Each URL is written as `new URL('<literal>', import.meta.url)`, the pattern webpack 5, Vite and Parcel
// recognise to copy the file into the build.
const context: BrowserContext = {
  packagedWasm: (build) =>
    build === 'simd'
      ? new URL('../../wasm/backprop.wasm', import.meta.url)
      : new URL('../../wasm/backprop-scalar.wasm', import.meta.url),
  moduleUrl: () => import.meta.url,
  warn: (message) => console.warn(message),
};

/**
 * Chooses the backend and makes it the active one; await it before using the API. Without `backend`, a
 * wasm module that does not load gives js and one console warning with the reason and the fix; with
 * `backend: 'wasm'` it throws BackendUnavailableError.
 */
export async function initBackend(options: BrowserInitOptions = {}): Promise<BackendInfo> {
  const { backend, info } = await selectBrowserBackend(options, context);
  setActiveBackend(backend, info);
  return info;
}
