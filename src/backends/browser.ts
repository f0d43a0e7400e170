// Backend selection in browsers and edge runtimes (what `initBackend` of the browser entry does): wasm,
// else js. The packaged .wasm's URL is resolved only when wasm is actually loaded, so asking for js never
// depends on a module URL (an IIFE bundle or a Worker built from a blob has none). A wasm backend that
// does not load is never dropped silently: asked for by name it throws, otherwise js runs after one
// console warning that says why and how to fix it.
import type { Backend } from './contract.js';
import { createJsBackend } from './js/index.js';
import { type BackendCandidate, type BackendInfo, parseBackendName, selectBackend } from './select.js';
import { createWasmBackend } from './wasm/backend.js';
import type { WasmSource } from './wasm/module.js';
import { describeValue } from '../describe-value.js';

/** The options of initBackend in browsers and edge runtimes. */
export interface BrowserInitOptions {
  /** Use exactly this backend (an error if it cannot load); default: wasm, else js. */
  backend?: 'wasm' | 'js';
  /**
   * The kernels module: a URL or URL string to fetch, the bytes, or a compiled WebAssembly.Module.
   * Default: wasm/backprop.wasm of the package, resolved from the entry module's URL when wasm loads.
   */
  wasm?: URL | string | BufferSource | WebAssembly.Module;
  /**
   * The scalar build, loaded when the runtime has no WebAssembly SIMD. Default: wasm/backprop-scalar.wasm
   * of the package when `wasm` is not given; none otherwise.
   */
  wasmScalar?: URL | string | BufferSource | WebAssembly.Module;
}

/** What the selection needs from the entry module (the tests give fakes). */
export interface BrowserContext {
  /**
   * The URL of one of the package's .wasm files beside the entry module; throws when the module has no
   * usable URL. The entry writes `new URL('<literal path>', import.meta.url)` so that bundlers which
   * understand that pattern (webpack 5, Vite, Parcel) copy the file.
   */
  packagedWasm(build: 'simd' | 'scalar'): URL;
  /** The entry module's URL as the runtime gives it (for the error message). */
  moduleUrl(): unknown;
  /** Where the one fallback warning goes (console.warn). */
  warn(message: string): void;
}

/** What a person does when the packaged .wasm cannot be reached, said in every such error and warning. */
export const PACKAGED_WASM_FIX =
  'pass the module to initBackend: { wasm: <URL where backprop.wasm is served> } or { wasm: <WebAssembly.Module> }, ' +
  'or import the file backprop-nn/wasm/backprop.wasm so that the bundler copies it (Vite: add ?url; ' +
  'esbuild: --loader:.wasm=file; Cloudflare Workers: the import gives the WebAssembly.Module)';

/** The packaged .wasm's URL, or an error saying why this module cannot locate it and what to do. */
function packagedSource(context: BrowserContext, build: 'simd' | 'scalar'): URL {
  try {
    return context.packagedWasm(build);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot locate the packaged wasm/${build === 'simd' ? 'backprop.wasm' : 'backprop-scalar.wasm'} ` +
        `(${text}): this module's import.meta.url is ${describeValue(context.moduleUrl())}, as in an IIFE or ` +
        `CommonJS bundle or a Worker built from a blob; ${PACKAGED_WASM_FIX}`,
    );
  }
}

/** The wasm candidate: from the options' source, else the package's files, located only now. */
function wasmCandidate(options: BrowserInitOptions, context: BrowserContext): BackendCandidate {
  return {
    name: 'wasm',
    async load(): Promise<Backend> {
      if (options.wasm !== undefined) return createWasmBackend(options.wasm, { scalarFallback: options.wasmScalar });
      const source: WasmSource = packagedSource(context, 'simd');
      const scalar: WasmSource = options.wasmScalar ?? packagedSource(context, 'scalar');
      try {
        return await createWasmBackend(source, { scalarFallback: scalar });
      } catch (error) {
        const text = error instanceof Error ? error.message.replace(/^backprop: /, '') : String(error);
        throw new Error(`${text}; ${PACKAGED_WASM_FIX}`);
      }
    },
  };
}

/** Chooses the backend in a browser or edge runtime (see initBackend of the browser entry). */
export async function selectBrowserBackend(
  options: BrowserInitOptions,
  context: BrowserContext,
): Promise<{ backend: Backend; info: BackendInfo }> {
  let requested: 'wasm' | 'js' | undefined;
  if (options.backend !== undefined) {
    const name = parseBackendName(options.backend, 'the backend option');
    if (name === 'native') {
      throw new TypeError(
        'backprop: the native backend needs Node.js; in browsers and edge runtimes use "wasm" or "js"',
      );
    }
    requested = name;
  }
  const candidates: BackendCandidate[] = [
    wasmCandidate(options, context),
    { name: 'js', load: () => createJsBackend() },
  ];
  const selected = await selectBackend(candidates, requested, 'option');
  const wasm = selected.info.skipped.find((s) => s.name === 'wasm');
  if (selected.info.backend === 'js' && wasm && (wasm.status === 'failed to load' || wasm.status === 'not built')) {
    context.warn(
      `backprop: the wasm backend did not load, so the js backend (several times slower) runs instead: ` +
        `${wasm.reason.replace(/^backprop: /, '')}`,
    );
  }
  return selected;
}
