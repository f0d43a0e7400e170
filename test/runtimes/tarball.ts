// Global setup of the runtime tests: packs this checkout into an npm tarball once and installs it, with
// npm from the registry, into one project that every runtime test then uses as a user's project, so each
// runtime loads the package exactly as `npm install backprop-nn` lays it out.
//
// The tarball is what `npm pack` makes, with the prebuilt addon for this machine in prebuilds/: the addon
// this checkout built (build/Release/backprop.node, from the same native/ sources) stands in for the
// prepack script's own build, which would compile everything a second time (test/native/install.test.ts
// tests that script). Without a built addon the prepack script builds it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packageRoot } from '../../src/package-root.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed backprop-nn-<version>.tgz. */
    runtimesTarball: string;
    /** A project (package.json "type": "module") with the tarball installed in node_modules. */
    runtimesProject: string;
  }
}

const PACKED_ENTRIES = ['package.json', 'README.md', 'LICENSE', 'binding.gyp', 'native', 'dist', 'wasm', 'bin', 'data'];

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 280_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Packs the package into `out`; returns the tarball's path. */
function pack(root: string, work: string, out: string): string {
  for (const built of ['dist/src/index.js', 'dist/src/browser.js', 'wasm/backprop.wasm'])
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run npm run build first`);
  for (const entry of PACKED_ENTRIES) cpSync(join(root, entry), join(work, entry), { recursive: true });
  const addon = join(root, 'build', 'Release', 'backprop.node');
  if (existsSync(addon)) {
    const prebuilds = join(work, 'prebuilds', `${process.platform}-${process.arch}`);
    mkdirSync(prebuilds, { recursive: true });
    cpSync(addon, join(prebuilds, 'backprop-nn.node'));
  } else {
    cpSync(join(root, 'scripts'), join(work, 'scripts'), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
    run('npm', ['run', 'prepack', '--', process.arch], work);
  }
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], work));
  return join(out, packed[0].filename);
}

/** Installs the tarball into a project as a user would (`npm install <tarball>`, its install script runs). */
export function installInto(project: string, tarball: string): void {
  run('npm', ['install', tarball, '--no-audit', '--no-fund', '--foreground-scripts'], project);
}

export default function setup(project: TestProject): () => void {
  const root = packageRoot();
  const top = mkdtempSync(join(tmpdir(), 'backprop-runtimes-'));
  const started = Date.now();
  const work = join(top, 'package');
  const out = join(top, 'out');
  const app = join(top, 'app');
  for (const dir of [work, out, app]) mkdirSync(dir);
  const tarball = pack(root, work, out);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'runtimes-app', version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  installInto(app, tarball);
  console.log(`runtime tests: packed and installed ${tarball} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('runtimesTarball', tarball);
  project.provide('runtimesProject', app);
  return () => rmSync(top, { recursive: true, force: true });
}
