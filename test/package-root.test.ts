// The package's folder and version, found from src/ (as here) and from the built dist/src/ alike, and the
// places that read files next to the package (the addon, the .wasm files, the data sets, `backprop
// --version`) all using that one folder.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNativeCandidate } from '../src/backends/native/index.js';
import { packageWasmDir } from '../src/backends/wasm/index.js';
import { packageDataDir } from '../src/data/datasets.js';
import { findPackageRoot, packageRoot, packageVersion } from '../src/package-root.js';
import { scratchFolders } from './scratch.js';

const root = join(import.meta.dirname, '..');
const scratch = scratchFolders('backprop-package-root-');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };

describe('package root', () => {
  it('is the folder of package.json, from the sources and from the build', async () => {
    expect(manifest.name).toBe('backprop-nn');
    expect(findPackageRoot()).toBe(root);
    expect(packageRoot()).toBe(root);
    const built: typeof import('../src/package-root.js') = await import(
      pathToFileURL(join(root, 'dist/src/package-root.js')).href
    );
    expect(built.packageRoot()).toBe(root);
  });

  it('is where the wasm files and the data sets are looked for', () => {
    expect(packageWasmDir()).toBe(join(root, 'wasm'));
    expect(packageDataDir()).toBe(join(root, 'data'));
  });

  it('gives the version of package.json, to the CLI and to the native backend details', async () => {
    expect(packageVersion()).toBe(manifest.version);
    expect(createNativeCandidate().load().details.version).toBe(manifest.version);
    const cli = execFileSync(process.execPath, [join(root, 'bin', 'backprop.js'), '--version'], { encoding: 'utf8' });
    expect(cli).toBe(`${manifest.version}\n`);
  });

  it('a folder whose package.json has no version is refused by name', () => {
    const dir = scratch();
    const path = join(dir, 'package.json');
    writeFileSync(path, '{"name":"x"}');
    expect(() => packageVersion(dir)).toThrow(`backprop: ${path} has no version string; got undefined`);
  });
});
