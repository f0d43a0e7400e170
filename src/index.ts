// The Node.js entry (also Deno's and Bun's): everything of the platform-neutral API, with the backend chosen
// at import time (native, else wasm, else js; BACKPROP_BACKEND overrides). The choice is made synchronously,
// with no top-level await, so that `require('backprop-nn')` (Node 20.19 and 22.12 on load ES modules from
// CommonJS when they do not await) gives this same module, hence the same backend, as `import`.
import { initBackendSync } from './backends/node.js';

export * from './api.js';
export { initBackend, loadAvailableBackends, loadBackend, type InitOptions } from './backends/node.js';
// Node only: model.save(dir) / loadModel(dir) through the file system (registers itself on import).
export { saveToDirectory, loadFromDirectory } from './model/file-store.js';
export * from './data/node.js';

initBackendSync();
