import type { Backend, BackendName } from './contract.js';
import { setActiveBackend } from './current.js';
import { createJsBackend } from './js/index.js';
import { nativeCandidate } from './native/index.js';
import { type BackendInfo, parseBackendName, selectBackendSync, type SyncBackendCandidate } from './select.js';
import { wasmNodeCandidate } from './wasm/index.js';

const jsCandidate: SyncBackendCandidate = { name: 'js', load: () => createJsBackend() };

/**
 * The Node.js candidates in the order they are tried. Each loads synchronously (node-gyp-build and
 * require() for the addon, `new WebAssembly.Module` for the .wasm), so the package's import needs no
 * top-level await and `require('backprop-nn')` works as well as `import`.
 */
export const nodeCandidates: readonly SyncBackendCandidate[] = [nativeCandidate, wasmNodeCandidate, jsCandidate];

let nativeWarningGiven = false;

/**
 * Says once per process, as a process warning (stderr unless the application handles 'warning'
 * events), that the native backend could not load and the selection fell back, with the reason and the
 * command that fixes it. Nothing when another backend was asked for or native is in use.
 */
export function warnIfNativeFellBack(info: BackendInfo): void {
  if (nativeWarningGiven || info.backend === 'native') return;
  const native = info.skipped.find((s) => s.name === 'native');
  if (!native || (native.status !== 'not built' && native.status !== 'failed to load')) return;
  nativeWarningGiven = true;
  process.emitWarning(
    `the native backend is ${native.status === 'not built' ? 'not built' : 'not loadable'}, so the slower ${info.backend} backend runs instead. ${native.reason.replace(/^not built: /, '')}`,
    { type: 'BackpropWarning', code: 'BACKPROP_NATIVE_UNAVAILABLE' },
  );
}

/** The options of initBackend in Node. */
export interface InitOptions {
  /** Use exactly this backend (an error if it cannot load). Overrides BACKPROP_BACKEND. */
  backend?: BackendName;
}

/**
 * Chooses the backend (native, else wasm, else js; or the one asked for by the option or by
 * BACKPROP_BACKEND) and makes it the active one. The package's import runs it once, synchronously
 * (initBackendSync); call it again to change the backend.
 */
export async function initBackend(options: InitOptions = {}): Promise<BackendInfo> {
  return initBackendSync(options);
}

/** initBackend without waiting: what the package's import runs (an ES module that awaits cannot be require()d). */
export function initBackendSync(options: InitOptions = {}): BackendInfo {
  const fromEnv = process.env.BACKPROP_BACKEND;
  let requested: BackendName | undefined;
  let requestedBy = 'option';
  if (options.backend !== undefined) requested = parseBackendName(options.backend, 'the backend option');
  else if (fromEnv) {
    requested = parseBackendName(fromEnv, 'BACKPROP_BACKEND');
    requestedBy = `BACKPROP_BACKEND=${fromEnv}`;
  }
  const { backend, info } = selectBackendSync(nodeCandidates, requested, requestedBy);
  setActiveBackend(backend, info);
  warnIfNativeFellBack(info);
  return info;
}

/** Every backend that loads here, each on its own (for tests and benchmarks that compare them). */
export async function loadAvailableBackends(): Promise<Backend[]> {
  const loaded: Backend[] = [];
  for (const candidate of nodeCandidates) {
    try {
      loaded.push(candidate.load());
    } catch {
      // Not available here; backendInfo() of a normal load says why.
    }
  }
  return loaded;
}

/** Loads one backend by name, or throws BackendUnavailableError with the reason. */
export async function loadBackend(name: BackendName): Promise<Backend> {
  return selectBackendSync(nodeCandidates, name).backend;
}
