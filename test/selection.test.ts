// Backend selection: order, reasons, overrides, and explicit requests that cannot be met.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../src/backends/contract.js';
import { BackendNotBuiltError, BackendUnavailableError } from '../src/errors.js';
import { createJsBackend } from '../src/backends/js/index.js';
import { selectBackend, selectBackendSync, type SyncBackendCandidate } from '../src/backends/select.js';

const js = createJsBackend();
const fake = (name: Backend['name']): Backend => ({ ...js, name });
const notBuilt = (name: Backend['name']): SyncBackendCandidate => ({
  name,
  load: () => {
    throw new BackendNotBuiltError('not built: no binary');
  },
});
const broken = (name: Backend['name']): SyncBackendCandidate => ({
  name,
  load: () => {
    throw new Error('invalid ELF header');
  },
});
const ok = (name: Backend['name']): SyncBackendCandidate => ({ name, load: () => fake(name) });

describe('selectBackend', () => {
  it('takes the first that loads and says why each other is not used', async () => {
    const { backend, info } = await selectBackend([broken('native'), ok('wasm'), ok('js')]);
    expect(backend.name).toBe('wasm');
    expect(info.skipped).toEqual([
      { name: 'native', status: 'failed to load', reason: 'invalid ELF header' },
      { name: 'js', status: 'not tried', reason: 'wasm loaded first' },
    ]);
    expect(info.chosenBecause).toContain('native: failed to load');
  });

  it('reports "not built" apart from a failed load', async () => {
    const { info } = await selectBackend([notBuilt('native'), notBuilt('wasm'), ok('js')]);
    expect(info.backend).toBe('js');
    expect(info.skipped.map((s) => s.status)).toEqual(['not built', 'not built']);
  });

  it('honours a request and marks the others overridden', async () => {
    const { info } = await selectBackend([ok('native'), ok('wasm'), ok('js')], 'js', 'BACKPROP_BACKEND=js');
    expect(info.backend).toBe('js');
    expect(info.chosenBecause).toBe('requested by BACKPROP_BACKEND=js');
    expect(info.skipped.map((s) => s.status)).toEqual(['overridden', 'overridden']);
  });

  it('fails loudly when the requested backend cannot load, instead of falling back', async () => {
    await expect(selectBackend([broken('native'), ok('wasm'), ok('js')], 'native')).rejects.toThrow(
      BackendUnavailableError,
    );
    await expect(selectBackend([broken('native'), ok('js')], 'native')).rejects.toThrow(
      /native backend was requested but cannot load: invalid ELF header/,
    );
  });
});

describe('selectBackendSync (the Node entry, which loads without waiting)', () => {
  it('gives the same backend, reasons and runtime as selectBackend', async () => {
    const candidates = [broken('native'), notBuilt('wasm'), ok('js')];
    const sync = selectBackendSync(candidates);
    const async = await selectBackend(candidates);
    expect(sync.backend.name).toBe('js');
    expect(sync.info).toEqual(async.info);
    expect(sync.info.runtime).toEqual({ name: 'node', version: process.versions.node });
  });

  it('throws BackendUnavailableError at once when the requested backend cannot load', () => {
    expect(() => selectBackendSync([broken('native'), ok('js')], 'native')).toThrow(
      /native backend was requested but cannot load: invalid ELF header/,
    );
    expect(() => selectBackendSync([ok('js')], 'wasm')).toThrow(BackendUnavailableError);
  });
});

describe('the package entry', () => {
  const run = (code: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  it('prints the backend in use and the reasons for the others', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', "import('backprop-nn').then(m => console.log(JSON.stringify(m.backendInfo())))"],
      { encoding: 'utf8' },
    );
    const info = JSON.parse(out);
    expect(['native', 'wasm', 'js']).toContain(info.backend);
    expect(info.skipped.map((s: { name: string }) => s.name).sort()).toEqual(
      ['js', 'native', 'wasm'].filter((n) => n !== info.backend).sort(),
    );
    for (const s of info.skipped) expect(s.reason.length).toBeGreaterThan(0);
  });

  it('BACKPROP_BACKEND=js selects js', () => {
    const r = run("const m = await import('backprop-nn'); console.log(m.backendInfo().backend)", {
      BACKPROP_BACKEND: 'js',
    });
    expect(r.stdout.trim()).toBe('js');
  });

  it('an unknown BACKPROP_BACKEND is a clear error', () => {
    const r = run("await import('backprop-nn')", { BACKPROP_BACKEND: 'cuda' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('BACKPROP_BACKEND must be one of native, wasm, js; got "cuda"');
  });
});
