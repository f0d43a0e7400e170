// Saving to a path of the file system. The model code never imports the file system: the Node entry
// (used by Node, Deno and Bun) registers src/model/file-store.ts through registerPathStore (io.ts, which
// keeps the loading half), and the browser entry registers nothing, so a path there gives an error naming
// what a browser can do instead. This half has no model type, so that save.ts can use it without a cycle.
import type { ModelArtifacts, ModelJson } from '../format.js';

/** Writes artifacts under a path and returns the model.json written. */
export type PathSaver = (path: string, artifacts: ModelArtifacts) => Promise<ModelJson>;

let registered: PathSaver | undefined;

export function registerPathSaver(saver: PathSaver): void {
  registered = saver;
}

/** The registered saver, or undefined in a runtime without a file system. */
export function pathSaver(): PathSaver | undefined {
  return registered;
}
