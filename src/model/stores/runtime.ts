// Which places to keep a model this runtime has, so that asking for one it lacks names the ones it has.
import { pathSaver } from './path.js';

interface RuntimeGlobals {
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: { node?: string } };
  document?: unknown;
  indexedDB?: unknown;
  fetch?: unknown;
}

const runtime = globalThis as RuntimeGlobals;

/** The runtime's name as an error message says it ("IndexedDB is not available in Node"). */
export function runtimeName(): string {
  // A page first: bundlers may give a page a `process` object.
  if (runtime.document) return 'this browser';
  if (runtime.Deno) return 'Deno';
  if (runtime.Bun) return 'Bun';
  if (runtime.process?.versions?.node) return 'Node';
  return 'this runtime';
}

export function hasIndexedDb(): boolean {
  return runtime.indexedDB !== undefined && runtime.indexedDB !== null;
}

export function hasDocument(): boolean {
  return runtime.document !== undefined && runtime.document !== null;
}

export function hasFetch(): boolean {
  return typeof runtime.fetch === 'function';
}

function sentence(ways: string[]): string {
  return ways.length === 1 ? ways[0] : `${ways.slice(0, -1).join(', ')} or ${ways[ways.length - 1]}`;
}

/** The places model.save can write to here, for an error about one it cannot. */
export function saveAlternatives(): string {
  const ways: string[] = [];
  if (pathSaver()) ways.push("model.save('dir') (a folder)");
  if (hasIndexedDb()) ways.push("model.save('indexeddb://name')");
  if (hasDocument()) ways.push("model.save('downloads://name')");
  ways.push('model.toBytes() (bytes)');
  return `use ${sentence(ways)}`;
}

/** The sources loadModel can read here, for an error about one it cannot. */
export function loadAlternatives(): string {
  const ways: string[] = [];
  if (pathSaver()) ways.push("loadModel('dir') (a folder)");
  if (hasIndexedDb()) ways.push("loadModel('indexeddb://name')");
  if (hasFetch())
    ways.push(
      hasDocument()
        ? "loadModel(new URL('dir/model.json', location.href)) (a URL)"
        : "loadModel('https://host/dir/model.json') (a URL)",
    );
  ways.push('loadModel(bytes)');
  return `use ${sentence(ways)}`;
}
