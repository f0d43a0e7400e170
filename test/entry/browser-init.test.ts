// initBackend of the browser entry: the packaged .wasm is located only when wasm loads, a wasm backend
// that does not load is never dropped silently (one console warning with the reason and the fix, or
// BackendUnavailableError when wasm was asked for), and what a server sends instead of the .wasm is named.
// The runtime is faked: fetch answers with the real wasm/backprop.wasm, a 404 or an HTML page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BrowserContext, PACKAGED_WASM_FIX, selectBrowserBackend } from '../../src/backends/browser.js';
import { BackendUnavailableError } from '../../src/errors.js';
import { packageWasmDir } from '../../src/backends/wasm/index.js';

const simdBytes = readFileSync(join(packageWasmDir(), 'backprop.wasm'));
const BASE = 'https://example.test/node_modules/backprop-nn/dist/src/browser.js';
const SIMD_URL = 'https://example.test/node_modules/backprop-nn/wasm/backprop.wasm';

/** A context whose module URL is `moduleUrl` (undefined: an IIFE bundle), recording its warnings. */
function fakeContext(moduleUrl: string | undefined): BrowserContext & { warnings: string[]; located: number } {
  const context = {
    warnings: [] as string[],
    located: 0,
    packagedWasm(build: 'simd' | 'scalar'): URL {
      context.located++;
      return new URL(`../../wasm/${build === 'simd' ? 'backprop.wasm' : 'backprop-scalar.wasm'}`, moduleUrl);
    },
    moduleUrl: () => moduleUrl,
    warn: (message: string) => context.warnings.push(message),
  };
  return context;
}

/** Replaces fetch with one that answers every URL with `answer()` and records what was fetched. */
function fakeFetch(answer: () => Response): string[] {
  const fetched: string[] = [];
  vi.stubGlobal('fetch', async (url: URL | string) => {
    fetched.push(String(url));
    return answer();
  });
  return fetched;
}

const notFound = (): Response => new Response('Not Found', { status: 404, statusText: 'Not Found' });
const htmlPage = (): Response => new Response('<!DOCTYPE html><html></html>', { status: 200 });
const wasmFile = (): Response => new Response(simdBytes, { status: 200 });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the browser backend selection', () => {
  it('{ backend: "js" } never locates or fetches the .wasm, even without a usable module URL', async () => {
    const context = fakeContext(undefined);
    const fetched = fakeFetch(wasmFile);
    const { info } = await selectBrowserBackend({ backend: 'js' }, context);
    expect(info.backend).toBe('js');
    expect(info.skipped).toEqual([{ name: 'wasm', status: 'overridden', reason: 'option asks for js' }]);
    expect([context.located, fetched, context.warnings]).toEqual([0, [], []]);
  });

  it('loads the packaged SIMD .wasm from beside the module, fetching nothing else and warning of nothing', async () => {
    const context = fakeContext(BASE);
    const fetched = fakeFetch(wasmFile);
    const { backend, info } = await selectBrowserBackend({}, context);
    expect(info.backend).toBe('wasm');
    expect(info.details.simd).toBe(true);
    expect(fetched).toEqual([SIMD_URL]);
    expect(context.warnings).toEqual([]);
    const c = backend.allocate(1);
    backend.gemm(false, false, 1, 1, 1, 1, Float32Array.of(3), Float32Array.of(4), 0, c.data);
    expect(c.data[0]).toBe(12);
  });

  it('without a module URL (an IIFE bundle): js, with one warning naming import.meta.url and the fix', async () => {
    const context = fakeContext(undefined);
    const fetched = fakeFetch(wasmFile);
    const { info } = await selectBrowserBackend({}, context);
    expect(info.backend).toBe('js');
    expect(fetched).toEqual([]);
    expect(context.warnings).toHaveLength(1);
    expect(context.warnings[0]).toMatch(/^backprop: the wasm backend did not load, so the js backend/);
    expect(context.warnings[0]).toContain('cannot locate the packaged wasm/backprop.wasm (Invalid URL');
    expect(context.warnings[0]).toContain("this module's import.meta.url is undefined");
    expect(context.warnings[0]).toContain(PACKAGED_WASM_FIX);
    expect(info.skipped[0]).toMatchObject({ name: 'wasm', status: 'failed to load' });
  });

  it('a Worker built from a blob: URL cannot resolve the path either, and says so', async () => {
    const context = fakeContext('blob:https://example.test/3f6a');
    fakeFetch(wasmFile);
    await expect(selectBrowserBackend({ backend: 'wasm' }, context)).rejects.toThrow(
      new RegExp(
        'wasm backend was requested but cannot load: cannot locate the packaged wasm/backprop\\.wasm .*' +
          'import\\.meta\\.url is "blob:https://example\\.test/3f6a"',
      ),
    );
    expect(context.warnings).toEqual([]);
  });

  it('a 404 for the packaged .wasm: js with one warning giving the URL, the status and the fix', async () => {
    const context = fakeContext(BASE);
    const fetched = fakeFetch(notFound);
    const { info } = await selectBrowserBackend({}, context);
    expect(info.backend).toBe('js');
    expect(fetched).toEqual([SIMD_URL]);
    expect(context.warnings).toEqual([
      'backprop: the wasm backend did not load, so the js backend (several times slower) runs instead: ' +
        `fetching the wasm source from ${SIMD_URL} failed: HTTP 404 Not Found; ${PACKAGED_WASM_FIX}`,
    ]);
  });

  it('{ backend: "wasm" } that cannot load throws BackendUnavailableError with the reason, no warning', async () => {
    const context = fakeContext(BASE);
    fakeFetch(notFound);
    const failure = selectBrowserBackend({ backend: 'wasm' }, context);
    await expect(failure).rejects.toThrow(BackendUnavailableError);
    await expect(failure).rejects.toThrow(`cannot load: fetching the wasm source from ${SIMD_URL} failed: HTTP 404`);
    expect(context.warnings).toEqual([]);
  });

  it('an HTML page served with status 200 in place of the .wasm is named as such', async () => {
    const context = fakeContext(BASE);
    fakeFetch(htmlPage);
    await expect(selectBrowserBackend({ backend: 'wasm' }, context)).rejects.toThrow(
      `the wasm source from ${SIMD_URL} is not a WebAssembly module: ` +
        `its 28 bytes start with "<!DOCTYPE html><", not "\\0asm"`,
    );
  });

  it('a network error names what was fetched', async () => {
    const context = fakeContext(BASE);
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(selectBrowserBackend({ backend: 'wasm' }, context)).rejects.toThrow(
      `fetching the wasm source from ${SIMD_URL} failed: Failed to fetch`,
    );
  });

  it('a source given as bytes or as a compiled module loads without locating or fetching anything', async () => {
    const context = fakeContext(undefined);
    const fetched = fakeFetch(notFound);
    for (const wasm of [new Uint8Array(simdBytes), new WebAssembly.Module(simdBytes)]) {
      const { info } = await selectBrowserBackend({ wasm }, context);
      expect(info.backend).toBe('wasm');
    }
    expect([context.located, fetched, context.warnings]).toEqual([0, [], []]);
  });

  it('a given URL that fails gives the warning without the packaged-file fix', async () => {
    const context = fakeContext(undefined);
    fakeFetch(notFound);
    const { info } = await selectBrowserBackend({ wasm: 'https://cdn.test/kernels.wasm' }, context);
    expect(info.backend).toBe('js');
    expect(context.warnings).toEqual([
      'backprop: the wasm backend did not load, so the js backend (several times slower) runs instead: ' +
        'fetching the wasm source from https://cdn.test/kernels.wasm failed: HTTP 404 Not Found',
    ]);
  });

  it('refuses native and unknown names', async () => {
    const context = fakeContext(BASE);
    await expect(selectBrowserBackend({ backend: 'native' as 'js' }, context)).rejects.toThrow(
      'the native backend needs Node.js',
    );
    await expect(selectBrowserBackend({ backend: 'gpu' as 'js' }, context)).rejects.toThrow(
      'the backend option must be one of native, wasm, js; got "gpu"',
    );
  });
});

describe('initBackend of the browser entry', () => {
  // A runtime whose URL constructor rejects the module URL (as a Worker whose import.meta.url is not a
  // base URL does, "Invalid URL string"): the entry must not build the .wasm URL unless wasm loads.
  class RejectingURL extends URL {
    constructor(url: string | URL, base?: string | URL) {
      if (base !== undefined) throw new TypeError('Invalid URL string');
      super(url);
    }
  }

  it('{ backend: "js" } works where the module URL is unusable', async () => {
    vi.stubGlobal('URL', RejectingURL);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { initBackend, backendInfo } = await import('../../src/browser.js');
    const info = await initBackend({ backend: 'js' });
    expect(info.backend).toBe('js');
    expect(backendInfo()).toBe(info);
    expect(warn).not.toHaveBeenCalled();
  });

  it('initBackend() there falls back to js with exactly one console.warn', async () => {
    vi.stubGlobal('URL', RejectingURL);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { initBackend } = await import('../../src/browser.js');
    expect((await initBackend()).backend).toBe('js');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain(
      'cannot locate the packaged wasm/backprop.wasm (Invalid URL string)',
    );
  });
});
