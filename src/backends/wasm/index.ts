import type { BackendCandidate } from '../select.js';
import { BackendNotBuiltError } from '../errors.js';

// Placeholder until the wasm backend lands (issue 4): there is no .wasm module to load yet.
export const wasmNodeCandidate: BackendCandidate = {
  name: 'wasm',
  load() {
    throw new BackendNotBuiltError('not built: the WebAssembly module is not part of this version yet');
  },
};
