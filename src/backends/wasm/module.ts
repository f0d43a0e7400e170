/**
 * The compiled kernels module (assembly/ built by `npm run build:wasm`): its export signatures, and how
 * to obtain an instance from whatever a runtime can give (bytes, a URL, a compiled module). Platform
 * neutral: nothing here touches Node modules, so the browser entry can use it.
 */
import { KERNEL_NAMES, type KERNELS, type KernelName, type ManifestReturn } from '../manifest.js';

/**
 * A kernel as the module exports it: the contract's arguments in the contract's order, each buffer as the
 * byte address of its first float in linear memory (an i32), a flag as a boolean or 0 / 1 (wasm reads true as 1).
 * gemm takes one more, the address of its packing workspace (gemmWorkspaceBytes() bytes).
 */
type WasmArgument<S> = S extends { kind: 'buffer' } ? number : S extends { kind: 'flag' } ? boolean | number : number;
type WasmArguments<A extends readonly unknown[]> = { -readonly [I in keyof A]: WasmArgument<A[I]> };
type WasmKernel<K extends KernelName> = (
  ...args: [...WasmArguments<(typeof KERNELS)[K]['args']>, ...(K extends 'gemm' ? [work: number] : [])]
) => ManifestReturn<K>;
export type WasmKernels = { readonly [K in KernelName]: WasmKernel<K> };

/** The module's exports: every kernel of the manifest, and what the TypeScript side needs to manage memory. */
export interface KernelExports extends WasmKernels {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  simdEnabled(): number;
  gemmWorkspaceBytes(): number;
  /** exp over n values with the kernels' vectorised approximation (for the accuracy tests). */
  approxExp(n: number, x: number, y: number): void;
}

const REQUIRED_EXPORTS = ['memory', 'heapBase', 'simdEnabled', 'gemmWorkspaceBytes', ...KERNEL_NAMES, 'approxExp'];

/**
 * What a runtime can hand over: the .wasm bytes, a URL (or URL string) to fetch them from, a fetch
 * Response (or its promise), or an already compiled module (Cloudflare Workers only allow that: they refuse
 * to compile bytes at run time).
 */
export type WasmSource = BufferSource | URL | string | WebAssembly.Module | Response | PromiseLike<Response>;

/** Compiles (or passes through) a source; `bytes` is set when the bytes were seen (to check SIMD support). */
export async function compileSource(source: WasmSource, what = 'the wasm source'):
  Promise<{ module: WebAssembly.Module } | { bytes: Uint8Array<ArrayBuffer> }> {
  if (source instanceof WebAssembly.Module) return { module: source };
  if (source instanceof ArrayBuffer) return { bytes: checkMagic(new Uint8Array(source), what) };
  if (ArrayBuffer.isView(source)) {
    const view = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    // WebAssembly.compile takes no shared memory: copy bytes that sit in a SharedArrayBuffer.
    const own = view.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : new Uint8Array(view);
    return { bytes: checkMagic(own, what) };
  }
  let response: Response;
  if (typeof source === 'string' || source instanceof URL) {
    if (typeof fetch !== 'function') {
      throw new TypeError(`backprop: ${what} is a URL (${String(source)}) but this runtime has no fetch; pass the bytes or a WebAssembly.Module`);
    }
    try {
      response = await fetch(source);
    } catch (error) {
      // fetch's own text ("fetch failed", "Failed to fetch") does not say what was fetched.
      const text = error instanceof Error ? error.message : String(error);
      throw new Error(`backprop: fetching ${what} from ${String(source)} failed: ${text}`);
    }
  } else if (isThenable(source)) {
    response = await source;
  } else if (typeof Response !== 'undefined' && source instanceof Response) {
    response = source;
  } else {
    throw new TypeError(`backprop: ${what} must be bytes (ArrayBuffer or a typed array), a URL or URL string, ` +
      `a fetch Response or a WebAssembly.Module; got ${describe(source)}`);
  }
  if (!response.ok) {
    throw new Error(`backprop: fetching ${what} from ${response.url || String(source)} failed: HTTP ${response.status} ${response.statusText}`);
  }
  const from = `${what} from ${response.url || String(source)}`;
  return { bytes: checkMagic(new Uint8Array(await response.arrayBuffer()), from) };
}

/** The first four bytes of every WebAssembly module: "\0asm" (the binary format's magic number). */
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * Refuses bytes that are not a WebAssembly module before they are mistaken for a module the engine cannot
 * run: a server that answers a missing file with an HTML page (as single-page-application servers do)
 * gives status 200 and `<!DOCTYPE html>`.
 */
function checkMagic(bytes: Uint8Array<ArrayBuffer>, what: string): Uint8Array<ArrayBuffer> {
  if (WASM_MAGIC.every((byte, i) => bytes[i] === byte)) return bytes;
  const printable = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');
  const start = Array.from(bytes.subarray(0, 16), printable).join('');
  throw new Error(`backprop: ${what} is not a WebAssembly module: its ${bytes.length} bytes start with ` +
    `${JSON.stringify(start)}, not "\\0asm" (an HTML page served in place of a missing file looks like this)`);
}

/** Instantiates a compiled module (it imports nothing) and checks that it is the kernels module. */
export async function instantiateKernels(module: WebAssembly.Module): Promise<KernelExports> {
  return checkKernelExports(await WebAssembly.instantiate(module, {}));
}

/**
 * instantiateKernels without waiting, for Node's import, which cannot wait. Browsers refuse to compile or
 * instantiate a module larger than 4 KiB synchronously on their main thread; Node, Deno and Bun do not.
 */
export function instantiateKernelsSync(module: WebAssembly.Module): KernelExports {
  return checkKernelExports(new WebAssembly.Instance(module, {}));
}

function checkKernelExports(instance: WebAssembly.Instance): KernelExports {
  const exports = instance.exports as Record<string, unknown>;
  const missing = REQUIRED_EXPORTS.filter((name) => !(name in exports));
  if (missing.length > 0) {
    throw new Error(`backprop: the wasm module is not backprop's kernels module (or is from another version): ` +
      `it lacks ${missing.join(', ')}`);
  }
  return exports as unknown as KernelExports;
}

function isThenable(value: unknown): value is PromiseLike<Response> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
