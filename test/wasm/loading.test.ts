// Loading the kernels module from every source a runtime can offer: bytes, a compiled WebAssembly.Module
// (what Cloudflare Workers require), a URL fetched over HTTP; the scalar fallback when the engine rejects
// the module; and clear errors when the files are missing or the source is not a module.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BackendNotBuiltError } from '../../src/errors.js';
import { createWasmBackend, loadNodeWasmBackend, packageWasmDir } from '../../src/backends/wasm/index.js';
import { serveFolder } from '../browser/serve.js';

const dir = packageWasmDir();
const simdBytes = readFileSync(join(dir, 'backprop.wasm'));
const scalarBytes = readFileSync(join(dir, 'backprop-scalar.wasm'));

async function works(backend: Awaited<ReturnType<typeof createWasmBackend>>): Promise<void> {
  const x = backend.allocate(3);
  x.data.set([1, -2, 3]);
  expect(backend.sumOfSquares(3, x.data)).toBe(14);
}

describe('createWasmBackend sources', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => { ({ server, origin } = await serveFolder(dir.replace(/[/\\]wasm$/, ''))); });
  afterAll(async () => { await new Promise<void>((done) => server.close(() => done())); });

  test('bytes (Buffer, ArrayBuffer) and a compiled WebAssembly.Module', async () => {
    await works(await createWasmBackend(simdBytes));
    await works(await createWasmBackend(simdBytes.buffer.slice(simdBytes.byteOffset, simdBytes.byteOffset + simdBytes.byteLength)));
    const compiled = new WebAssembly.Module(simdBytes);
    const backend = await createWasmBackend(compiled);
    expect(backend.details.simd).toBe(true);
    await works(backend);
  });

  test('a URL and a URL string, fetched', async () => {
    await works(await createWasmBackend(new URL(`${origin}/wasm/backprop.wasm`)));
    const scalar = await createWasmBackend(`${origin}/wasm/backprop-scalar.wasm`);
    expect(scalar.details.simd).toBe(false);
    await works(scalar);
    await expect(createWasmBackend(`${origin}/wasm/nothing.wasm`)).rejects.toThrow(/HTTP 404/);
  });

  test('bytes the engine rejects fall back to the scalar source, or say what to do', async () => {
    const rejected = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]); // a wasm header and garbage
    const backend = await createWasmBackend(rejected, { scalarFallback: scalarBytes });
    expect(backend.details.simd).toBe(false);
    await works(backend);
    await expect(createWasmBackend(rejected)).rejects.toThrow(/needs WebAssembly SIMD.*backprop-scalar.wasm/);
  });

  test('anything else is a TypeError naming what came; a module without the kernels is refused', async () => {
    await expect(createWasmBackend(42 as never)).rejects.toThrow(/must be bytes .* got number/);
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    await expect(createWasmBackend(empty)).rejects.toThrow(/not backprop's kernels module .* lacks memory, heapBase/);
  });
});

describe('the Node loader', () => {
  test('details say which build loaded; BACKPROP_WASM_SIMD=0 selects the scalar build', async () => {
    expect((await loadNodeWasmBackend()).details).toMatchObject({ simd: true, file: 'backprop.wasm' });
    const saved = process.env.BACKPROP_WASM_SIMD;
    process.env.BACKPROP_WASM_SIMD = '0';
    try {
      expect((await loadNodeWasmBackend()).details).toMatchObject({ simd: false, file: 'backprop-scalar.wasm' });
      process.env.BACKPROP_WASM_SIMD = 'maybe';
      await expect(loadNodeWasmBackend()).rejects.toThrow(/BACKPROP_WASM_SIMD must be 1 or 0; got "maybe"/);
    } finally {
      if (saved === undefined) delete process.env.BACKPROP_WASM_SIMD;
      else process.env.BACKPROP_WASM_SIMD = saved;
    }
  });

  test('a missing .wasm is BackendNotBuiltError with the command to run', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'backprop-nowasm-'));
    try {
      const error = await loadNodeWasmBackend({ dir: empty }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendNotBuiltError);
      expect(String(error)).toMatch(/backprop.wasm is missing; run `npm run build:wasm`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
