// The Node.js entry: everything of the platform-neutral API, with the backend chosen at import time
// (native, else wasm, else js; BACKPROP_BACKEND overrides).
import { initBackend } from './backends/node.js';

export * from './api.js';
export { initBackend, loadAvailableBackends, loadBackend, type InitOptions } from './backends/node.js';
// Node only: model.save(dir) / loadModel(dir) through the file system (registers itself on import).
export { saveToDirectory, loadFromDirectory } from './model/file-store.js';
export * from './data/node.js';

await initBackend();
