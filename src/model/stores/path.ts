// Saving to and loading from a path of the file system. The model code never imports the file system: the
// Node entry (used by Node, Deno and Bun) registers src/model/file-store.ts here, and the browser entry
// registers nothing, so a path there gives an error naming what a browser can do instead.
import type { ModelArtifacts, ModelJson, LoadOptions } from '../format.js';
import type { Sequential } from '../sequential.js';

/** Saves to and loads from a path (the Node entry registers the file system one). */
export interface PathStore {
  /** Returns the model.json it wrote (which names the weights file it wrote). */
  save(path: string, artifacts: ModelArtifacts): Promise<ModelJson>;
  load(path: string, options: LoadOptions): Promise<Sequential>;
}

let registered: PathStore | undefined;

export function registerPathStore(store: PathStore): void {
  registered = store;
}

/** The registered store, or undefined in a runtime without a file system. */
export function pathStore(): PathStore | undefined {
  return registered;
}
