/**
 * The wasm backend in Node.js: reads wasm/backprop.wasm from the package (found from this file's URL, so
 * it works from src/ under vitest and from dist/ after the build), falls back to the scalar build
 * wasm/backprop-scalar.wasm when the engine rejects SIMD. BACKPROP_WASM_SIMD=0 forces the scalar build
 * (tests run the equivalence suite on both).
 *
 * Browsers and edge runtimes use createWasmBackend (backend.ts) through the backprop/browser entry; this
 * file is the only one of the wasm backend that touches Node modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../contract.js';
import { BackendNotBuiltError } from '../../errors.js';
import { findPackageRoot, PACKAGE_NAME } from '../../package-root.js';
import type { SyncBackendCandidate } from '../select.js';
import { WasmBackend } from './backend.js';
import { instantiateKernelsSync } from './module.js';

export { createWasmBackend, WasmBackend, type WasmBackendOptions } from './backend.js';
export type { WasmSource } from './module.js';

export interface NodeWasmOptions {
  /** false loads the scalar build; default: SIMD unless BACKPROP_WASM_SIMD=0. */
  simd?: boolean;
  /** The folder holding backprop.wasm and backprop-scalar.wasm; default: the package's wasm/. */
  dir?: string;
}

/** The package's wasm/ folder; no package folder means there is nothing to load. */
export function packageWasmDir(): string {
  const root = findPackageRoot();
  if (root === undefined) throw new BackendNotBuiltError(`not built: cannot find the ${PACKAGE_NAME} package folder`);
  return join(root, 'wasm');
}

/** Whether the SIMD build is wanted: the option, else BACKPROP_WASM_SIMD (0 / false / off mean scalar). */
function wantSimd(options: NodeWasmOptions): boolean {
  if (options.simd !== undefined) return options.simd;
  const env = process.env.BACKPROP_WASM_SIMD;
  if (env === undefined || env === '') return true;
  if (['0', 'false', 'off', 'no'].includes(env.toLowerCase())) return false;
  if (['1', 'true', 'on', 'yes'].includes(env.toLowerCase())) return true;
  throw new TypeError(`backprop: BACKPROP_WASM_SIMD must be 1 or 0; got ${JSON.stringify(env)}`);
}

/** Loads the wasm backend from the package's files. */
export async function loadNodeWasmBackend(options: NodeWasmOptions = {}): Promise<Backend> {
  return loadNodeWasmBackendSync(options);
}

/**
 * loadNodeWasmBackend without waiting: the package's import loads its backend synchronously (an entry that
 * awaits at top level cannot be require()d), and Node compiles a module from bytes synchronously.
 */
export function loadNodeWasmBackendSync(options: NodeWasmOptions = {}): WasmBackend {
  const dir = options.dir ?? packageWasmDir();
  const simdFile = join(dir, 'backprop.wasm');
  const scalarFile = join(dir, 'backprop-scalar.wasm');
  const simd = wantSimd(options);
  if (simd) {
    if (!existsSync(simdFile)) throw notBuilt(simdFile);
    const bytes = readFileSync(simdFile);
    if (WebAssembly.validate(bytes)) return compile(bytes, { file: 'backprop.wasm' });
    // The engine has no WebAssembly SIMD: the scalar twin of the same source.
  }
  if (!existsSync(scalarFile)) throw notBuilt(scalarFile);
  const reason = simd ? 'scalar build: this engine rejects WebAssembly SIMD' : 'scalar build: requested';
  return compile(readFileSync(scalarFile), { file: 'backprop-scalar.wasm', reason });
}

function compile(bytes: Uint8Array<ArrayBuffer>, details: Record<string, string>): WasmBackend {
  return new WasmBackend(instantiateKernelsSync(new WebAssembly.Module(bytes)), details);
}

function notBuilt(file: string): BackendNotBuiltError {
  return new BackendNotBuiltError(`not built: ${file} is missing; run \`npm run build:wasm\``);
}

export const wasmNodeCandidate: SyncBackendCandidate = {
  name: 'wasm',
  load: () => loadNodeWasmBackendSync(),
};
