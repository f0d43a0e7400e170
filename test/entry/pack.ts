// The package as `npm pack` makes it, for the tests that install it into a fresh project. The prepack
// script (scripts/build-prebuilds.mjs) is left out to keep this quick: when this checkout's addon is built,
// build/Release/backprop.node is put where the prebuild goes (prebuilds/<platform>-<arch>/), which is where
// node-gyp-build finds it in the installed package; test/native/install.test.ts covers the real prebuild.
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { packageRoot } from '../../src/package-root.js';

/** The packed tarball's path, and whether it holds the native addon. */
export interface PackedPackage {
  tarball: string;
  hasNative: boolean;
}

/** Packs this checkout (built: dist/ and wasm/) in `work` (an empty folder); returns the tarball. */
export function packPackage(work: string): PackedPackage {
  const root = packageRoot();
  for (const entry of [
    'package.json',
    'README.md',
    'LICENSE',
    'binding.gyp',
    'native',
    'dist',
    'wasm',
    'bin',
    'data',
  ]) {
    if (!existsSync(join(root, entry))) throw new Error(`${join(root, entry)} is missing: run npm run build first`);
    cpSync(join(root, entry), join(work, entry), { recursive: true });
  }
  const addon = join(root, 'build', 'Release', 'backprop.node');
  const hasNative = existsSync(addon);
  if (hasNative) {
    const dir = join(work, 'prebuilds', `${process.platform}-${process.arch}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(addon, join(dir, 'backprop-nn.node'));
  }
  const out = join(work, 'out');
  mkdirSync(out);
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
      cwd: work,
      encoding: 'utf8',
    }),
  ) as { filename: string }[];
  return { tarball: join(out, packed[0].filename), hasNative };
}

/**
 * Installs the tarball into a new project in `project` (an empty folder) made as `npm init -y` makes one:
 * CommonJS, no "type". Install scripts are not run: the addon comes from prebuilds/ or not at all.
 */
export function installInto(project: string, tarball: string): void {
  execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'pipe' });
  execFileSync('npm', ['install', tarball, '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: project,
    stdio: 'pipe',
    timeout: 180_000,
  });
}

/**
 * The node binary of another major version, from the npm registry's node-linux-<arch> package (the official
 * build), installed once into a cache folder. Not a devDependency: its `node` bin would shadow the system
 * node in every npm script.
 */
export function nodeOfMajor(major: number, cache: string): string {
  const bin = join(cache, 'node_modules', `node-linux-${process.arch}`, 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(cache, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--prefix',
        cache,
        `node-linux-${process.arch}@${major}`,
      ],
      { stdio: 'pipe', timeout: 300_000 },
    );
  }
  return bin;
}
