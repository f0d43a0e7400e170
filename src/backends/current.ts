import type { Backend } from './contract.js';
import type { BackendInfo } from './select.js';

// The backend chosen at load time. Everything above the kernels asks for it here, so nothing above the
// backend layer knows which one runs.
let active: { backend: Backend; info: BackendInfo } | undefined;

export function setActiveBackend(backend: Backend, info: BackendInfo): void {
  active = { backend, info };
}

/** The active backend: the one the package chose when imported (Node) or initBackend chose. */
export function getBackend(): Backend {
  if (!active) throw new Error('backprop: no backend is initialised yet; in browsers, await initBackend() first');
  return active.backend;
}

/** The backend in use, its details, and why each other backend is not in use. */
export function backendInfo(): BackendInfo {
  if (!active) throw new Error('backprop: no backend is initialised yet; in browsers, await initBackend() first');
  return active.info;
}
