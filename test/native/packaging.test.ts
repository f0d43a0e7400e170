// Packaging: `npm run build:prebuilds` (prebuildify --napi --strip) makes prebuilds/linux-x64/, and the
// prebuild loads from a copy of the package that has no build/ folder (PREBUILDS_ONLY=1). A corrupt
// binary or a missing one makes the selection fall back to the next backend, with the reason kept for
// backendInfo() and (for a corrupt one) a one-line notice on stderr.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import { createNativeCandidate, packageRoot } from '../../src/backends/native/index.js';
import { selectBackend, type BackendCandidate } from '../../src/backends/select.js';
import { loadNative } from './load.js';

const root = packageRoot();
const { native, reason } = await loadNative();
const temporary: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-native-'));
  temporary.push(dir);
  return dir;
};
afterAll(() => { for (const dir of temporary) rmSync(dir, { recursive: true, force: true }); });

/** A folder that looks like the package (package.json + binding.gyp) with nothing built in it. */
function fakePackage(): string {
  const dir = scratch();
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'binding.gyp'), join(dir, 'binding.gyp'));
  return dir;
}

const jsCandidate: BackendCandidate = { name: 'js', load: (): Backend => createJsBackend() };

describe('native fallback', () => {
  it('a corrupt binary fails to load: js is chosen, the reason is in the info, one notice line on stderr', async () => {
    const dir = fakePackage();
    mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(dir, 'build', 'Release', 'backprop.node'), 'this is not an ELF shared object');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { backend, info } = await selectBackend([createNativeCandidate(() => dir), jsCandidate]);
      expect(backend.name).toBe('js');
      const skipped = info.skipped.find((s) => s.name === 'native');
      expect(skipped?.status).toBe('failed to load');
      expect(skipped?.reason).toMatch(/backprop\.node did not load: .*(invalid ELF header|too short|file too short)/);
      const notices = stderr.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('native backend failed to load'));
      expect(notices).toHaveLength(1);
      expect(notices[0].trim().split('\n')).toHaveLength(1);
    } finally {
      stderr.mockRestore();
    }
  });

  it('a missing binary is "not built": js is chosen without a notice', async () => {
    const dir = fakePackage();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { backend, info } = await selectBackend([createNativeCandidate(() => dir), jsCandidate]);
      expect(backend.name).toBe('js');
      const skipped = info.skipped.find((s) => s.name === 'native');
      expect(skipped?.status).toBe('not built');
      expect(skipped?.reason).toMatch(/not built: No native build was found/);
      expect(stderr.mock.calls.filter((c) => String(c[0]).includes('native'))).toHaveLength(0);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe.skipIf(!native)(`native prebuild${native ? '' : ` (skipped: ${reason})`}`, () => {
  it('npm run build:prebuilds makes a prebuild that loads with no build/ folder (PREBUILDS_ONLY=1)', () => {
    // Build in a copy so the working build/ folder of the other tests is never deleted under them.
    const work = scratch();
    for (const f of ['package.json', 'binding.gyp']) cpSync(join(root, f), join(work, f));
    cpSync(join(root, 'native'), join(work, 'native'), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
    execFileSync('npm', ['run', 'build:prebuilds'], { cwd: work, stdio: 'pipe', timeout: 280_000, env: { ...process.env, JOBS: '2' } });
    const made = readdirSync(join(work, 'prebuilds'));
    expect(made).toContain(`${process.platform}-${process.arch}`);

    // The shipped layout: no build/ folder at all.
    const shipped = fakePackage();
    cpSync(join(work, 'prebuilds'), join(shipped, 'prebuilds'), { recursive: true });
    const loader = new URL('../../dist/src/backends/native/index.js', import.meta.url).href;
    const script = `
      const { createNativeCandidate } = await import(${JSON.stringify(loader)});
      const b = await createNativeCandidate(() => ${JSON.stringify(shipped)}).load();
      const c = new Float32Array(4);
      b.gemm(false, false, 2, 2, 2, 1, Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 0, c);
      console.log(JSON.stringify({ details: b.details, c: Array.from(c) }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8', timeout: 60_000, env: { ...process.env, PREBUILDS_ONLY: '1' },
    });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.details.prebuilt).toBe(true);
    expect(result.details.binary).toContain(join(shipped, 'prebuilds'));
    expect(result.c).toEqual([19, 22, 43, 50]);
  }, 300_000);
});
