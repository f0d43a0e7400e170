import type { BackendName } from './contract.js';

/** A backend that was asked for by name (option or BACKPROP_BACKEND) and could not load. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  constructor(readonly backend: BackendName, readonly reason: string) {
    super(`backprop: the ${backend} backend was requested but cannot load: ${reason}`);
  }
}

/** A backend whose artefact (addon binary, .wasm file) is not present. */
export class BackendNotBuiltError extends Error {
  override name = 'BackendNotBuiltError';
}
