// When the native backend cannot load (nothing built, or a binary that fails), the selection falls back
// to the next backend, keeps the reason for backendInfo(), and says it once as a process warning with the
// command that fixes it: `npm rebuild backprop-nn` in an installed copy of the package. Nothing is said
// when another backend was asked for. (Packing, prebuilds and installing: install.test.ts.)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import { createNativeCandidate } from '../../src/backends/native/index.js';
import { packageRoot } from '../../src/package-root.js';
import { warnIfNativeFellBack } from '../../src/backends/node.js';
import { selectBackend, type BackendCandidate } from '../../src/backends/select.js';
import { scratchFolders } from '../scratch.js';

const root = packageRoot();
const scratch = scratchFolders('backprop-native-');

/** A folder that looks like the package (package.json + binding.gyp) with nothing built in it. */
function fakePackage(): string {
  const dir = scratch();
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'binding.gyp'), join(dir, 'binding.gyp'));
  return dir;
}

/**
 * The built package installed as a dependency of a project, without any addon (no build/, no
 * prebuilds/): node_modules/backprop-nn with dist/, wasm/, data/ and bin/, and node-gyp-build beside it.
 */
function installedWithoutAddon(): string {
  const project = scratch();
  const pkg = join(project, 'node_modules', 'backprop-nn');
  mkdirSync(pkg, { recursive: true });
  for (const entry of ['package.json', 'binding.gyp', 'dist', 'wasm', 'data', 'bin'])
    cpSync(join(root, entry), join(pkg, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules', 'node-gyp-build'), join(project, 'node_modules', 'node-gyp-build'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'probe', private: true }));
  return project;
}

function runIn(
  project: string,
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const { BACKPROP_BACKEND, BACKPROP_NATIVE_ISA, ...inherited } = process.env;
  void BACKPROP_BACKEND;
  void BACKPROP_NATIVE_ISA;
  return spawnSync(process.execPath, args, {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...inherited, ...env },
  });
}

const jsCandidate: BackendCandidate = { name: 'js', load: (): Backend => createJsBackend() };

describe('native fallback', () => {
  it('a corrupt binary fails to load: js is chosen, the reason and the fix are in the info, one warning', async () => {
    const dir = fakePackage();
    mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(dir, 'build', 'Release', 'backprop.node'), 'this is not an ELF shared object');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const { backend, info } = await selectBackend([createNativeCandidate(() => dir), jsCandidate]);
      expect(backend.name).toBe('js');
      const skipped = info.skipped.find((s) => s.name === 'native');
      expect(skipped?.status).toBe('failed to load');
      expect(skipped?.reason).toMatch(
        /backprop\.node did not load: .*(invalid ELF header|too short|file too short).*; to rebuild it: npm run build:native$/,
      );
      warnIfNativeFellBack(info);
      warnIfNativeFellBack(info);
      expect(warn).toHaveBeenCalledTimes(1);
      const [message, options] = warn.mock.calls[0] as [string, { type: string; code: string }];
      expect(message).toMatch(
        /^the native backend is not loadable, so the slower js backend runs instead\. the native addon at .* did not load: .*npm run build:native$/,
      );
      expect(options).toEqual({ type: 'BackpropWarning', code: 'BACKPROP_NATIVE_UNAVAILABLE' });
    } finally {
      warn.mockRestore();
    }
  });

  it('a missing binary is "not built": js is chosen, the reason names the build command', async () => {
    const dir = fakePackage();
    const { backend, info } = await selectBackend([createNativeCandidate(() => dir), jsCandidate]);
    expect(backend.name).toBe('js');
    const skipped = info.skipped.find((s) => s.name === 'native');
    expect(skipped?.status).toBe('not built');
    expect(skipped?.reason).toMatch(
      /^not built: No native build was found .*; to build it \(a C\+\+ compiler and Python are needed\): npm run build:native$/,
    );
  });

  it('an installed package without the addon warns once at import, naming npm rebuild backprop-nn', () => {
    const project = installedWithoutAddon();
    const script = `const m = await import('backprop-nn'); await m.initBackend(); console.log(m.backendInfo().backend);`;
    const r = runIn(project, ['--input-type=module', '-e', script]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('wasm');
    const warnings = r.stderr.split('\n').filter((line) => line.includes('BackpropWarning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /BackpropWarning: the native backend is not built, so the slower wasm backend runs instead\. No native build was found .*: npm rebuild backprop-nn$/,
    );
  });

  it('no warning when another backend is asked for (BACKPROP_BACKEND=wasm, BACKPROP_BACKEND=js)', () => {
    const project = installedWithoutAddon();
    for (const name of ['wasm', 'js']) {
      const r = runIn(
        project,
        ['--input-type=module', '-e', `const m = await import('backprop-nn'); console.log(m.backendInfo().backend);`],
        { BACKPROP_BACKEND: name },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(name);
      expect(r.stderr).not.toMatch(/BackpropWarning|native/);
    }
  });

  it('backprop info gives the same reason and fix', () => {
    const project = installedWithoutAddon();
    const r = runIn(project, [join(project, 'node_modules', 'backprop-nn', 'bin', 'backprop.js'), 'info']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/default backend: wasm/);
    expect(r.stdout).toMatch(/native skipped \(not built\): No native build was found .*: npm rebuild backprop-nn\n/);
  });
});
