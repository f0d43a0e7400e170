// The package as a user gets it. The prepack script (scripts/build-prebuilds.mjs, which `npm pack` and
// `npm publish` run) builds the prebuilt addon for this machine's architecture in a copy of the package;
// `npm pack` packs it; `npm install <tarball>` installs it into an empty project with a PATH holding only
// node and npm (no compiler, make or python) and PREBUILDS_ONLY=1. The native backend must then load from
// prebuilds/ with the widest instruction set this CPU has, once with the install script (node-gyp-build)
// and once with --ignore-scripts. Dependencies (node-addon-api, node-gyp-build) come from the registry.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { isaLevels } from './isa-matrix.js';
import { loadNative } from './load.js';
import { scratchFolders } from '../scratch.js';

const { native, reason } = await loadNative();
const root = packageRoot();
const platformDir = `${process.platform}-${process.arch}`;
const scratch = scratchFolders('backprop-install-');

/** An environment with PATH = a folder holding only node and npm, and what npm needs to reach the registry. */
function bareEnvironment(): Record<string, string> {
  const bin = scratch();
  const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  symlinkSync(process.execPath, join(bin, 'node'));
  symlinkSync(npm, join(bin, 'npm'));
  const env: Record<string, string> = { PATH: bin, PREBUILDS_ONLY: '1' };
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      /^(HOME|TMPDIR|https?_proxy|no_proxy|npm_config_(registry|cache|userconfig|cafile))$/i.test(key)
    )
      env[key] = value;
  }
  return env;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

let tarball = '';
let prebuild = '';
let packedFiles: string[] = [];
let env: Record<string, string> = {};

/** Installs the tarball into a new empty project; returns the project folder. */
function install(extra: string[]): string {
  const project = scratch();
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'install-probe', version: '1.0.0', private: true }),
  );
  // npm runs scripts through `sh` looked up on PATH unless it is told which shell: the bare PATH has none.
  // --foreground-scripts shows the install script's output, which npm otherwise hides when it succeeds.
  const args = [
    'install',
    tarball,
    '--no-audit',
    '--no-fund',
    '--script-shell=/bin/sh',
    '--foreground-scripts',
    ...extra,
  ];
  const r = spawnSync('npm', args, { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, `npm install ${extra.join(' ')}: ${r.stderr}`).toBe(0);
  // The install script's fallback line would mean node-gyp-build tried to compile and failed.
  expect(r.stdout + r.stderr).not.toMatch(/^backprop-nn: the native addon did not build|^gyp ERR/m);
  if (!extra.includes('--ignore-scripts')) expect(r.stdout + r.stderr).toMatch(/^> node-gyp-build/m);
  return project;
}

/** Imports the installed package in a child process; returns its backendInfo() and one gemm result. */
function probe(project: string): {
  backend: string;
  chosenBecause: string;
  details: Record<string, unknown>;
  c: number[];
} {
  const script = `
    const m = await import('backprop-nn');
    const c = new Float32Array(4);
    m.getBackend().gemm(false, false, 2, 2, 2, 1, Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 0, c);
    console.log(JSON.stringify({ ...m.backendInfo(), c: Array.from(c) }));`;
  const out = execFileSync('node', ['--input-type=module', '-e', script], {
    cwd: project,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe.skipIf(!native)(`npm pack and install without a compiler${native ? '' : ` (skipped: ${reason})`}`, () => {
  beforeAll(() => {
    // A copy of what `npm pack` reads, so the prebuild is built from this checkout's sources without
    // touching its build/ or prebuilds/. The prepack script builds only this machine's architecture
    // here (a cross build would double the time); `npm pack --ignore-scripts` then packs, as `prepare`
    // (the TypeScript and wasm build) has already run for this checkout.
    const work = scratch();
    for (const entry of [
      'package.json',
      'README.md',
      'LICENSE',
      'binding.gyp',
      'native',
      'scripts',
      'dist',
      'wasm',
      'bin',
      'data',
    ]) {
      cpSync(join(root, entry), join(work, entry), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
    execFileSync('npm', ['run', 'prepack', '--', process.arch], { cwd: work, stdio: 'pipe', timeout: 280_000 });
    const out = join(work, 'out');
    mkdirSync(out);
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
        cwd: work,
        encoding: 'utf8',
      }),
    );
    tarball = join(out, packed[0].filename);
    prebuild = join(work, 'prebuilds', platformDir, 'backprop-nn.node');
    packedFiles = packed[0].files.map((f: { path: string }) => f.path);
    env = bareEnvironment();
  }, 300_000);

  it('the tarball holds the prebuilt addon, the licence and the built package, and no build/ folder', () => {
    expect(packedFiles).toContain(`prebuilds/${platformDir}/backprop-nn.node`);
    for (const file of [
      'LICENSE',
      'package.json',
      'dist/src/index.js',
      'dist/src/browser.js',
      'binding.gyp',
      'native/binding.cc',
      'wasm/backprop.wasm',
    ]) {
      expect(packedFiles).toContain(file);
    }
    expect(packedFiles.filter((f) => f.startsWith('build/'))).toEqual([]);
    // The benchmarks with peers (bench/, built into dist/bench/) are the repository's, not the package's.
    expect(packedFiles.filter((f) => f.startsWith('bench/') || f.startsWith('dist/bench/'))).toEqual([]);
  });

  it('the prebuild needs at most glibc 2.17 and the libstdc++ of GCC 6 (native/glibc_symbols.h)', () => {
    // `objdump -p` lists, per needed library, the symbol versions the binary requires (binutils comes
    // with the compiler that built it).
    const versions = [
      ...execFileSync('objdump', ['-p', prebuild], { encoding: 'utf8' }).matchAll(/\b(GLIBC|GLIBCXX)_([\d.]+)\b/g),
    ];
    const newest = (name: string): number[] =>
      versions
        .filter((v) => v[1] === name)
        .map((v) => v[2].split('.').map(Number))
        .reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b), [0]);
    expect(versions.length).toBeGreaterThan(0);
    expect(compareVersions(newest('GLIBC'), [2, 17]), `GLIBC_${newest('GLIBC').join('.')}`).toBeLessThanOrEqual(0);
    expect(
      compareVersions(newest('GLIBCXX'), [3, 4, 22]),
      `GLIBCXX_${newest('GLIBCXX').join('.')}`,
    ).toBeLessThanOrEqual(0);
  });

  it('the install PATH has node and npm but no compiler, make or python', () => {
    for (const tool of ['g++', 'c++', 'gcc', 'cc', 'make', 'python3', 'python']) {
      const r = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env });
      expect(r.status, `${tool} is on the bare PATH`).not.toBe(0);
    }
    for (const tool of ['node', 'npm'])
      expect(spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env }).status).toBe(0);
  });

  for (const [label, flags] of [
    ['with its install script', []],
    ['with --ignore-scripts', ['--ignore-scripts']],
  ] as const) {
    it(`npm install ${label}: native loads from prebuilds/ with the widest instruction set`, () => {
      const project = install([...flags]);
      const installed = join(project, 'node_modules', 'backprop-nn');
      expect(existsSync(join(installed, 'build')), 'nothing was compiled').toBe(false);
      const info = probe(project);
      expect(info.backend).toBe('native');
      expect(info.chosenBecause).toBe('first choice, loaded');
      expect(info.details.prebuilt).toBe(true);
      expect(info.details.binary).toBe(join(installed, 'prebuilds', platformDir, 'backprop-nn.node'));
      // The widest level this CPU has: the prebuild's dispatch must pick it (native/dispatch.cc).
      expect(info.details.isa).toBe(isaLevels().run[0]);
      expect(info.c).toEqual([19, 22, 43, 50]);
    }, 180_000);
  }

  it('the installed command runs its benchmark, which the package ships in dist/src/bench', () => {
    const project = install(['--ignore-scripts']);
    const bin = join(project, 'node_modules', '.bin', 'backprop');
    const args = ['bench', '--suite', 'kernels', '--backend', 'js', '--quick', '--json'];
    const r = spawnSync(bin, args, { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((row) => row.kernel)).toContain('adam step');
    for (const row of rows) expect(row).toMatchObject({ suite: 'kernels', backend: 'js' });
  }, 180_000);
});
