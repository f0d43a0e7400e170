// The folder of this package and its version (Node only). One rule finds the folder from wherever this
// module runs: src/ in a checkout (vitest, tsx), dist/src/ after the build, node_modules/backprop-nn/dist/src/
// in a project that installed it. The native addon, the .wasm files and the data sets are found from it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's name in its package.json. */
export const PACKAGE_NAME = 'backprop-nn';

function readManifest(dir: string): { name?: unknown; version?: unknown } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
}

let found: string | undefined;

/**
 * The nearest folder above this module whose package.json is named backprop-nn, or undefined when there is
 * none (this module was copied out of the package, for instance by a bundler).
 */
export function findPackageRoot(): string | undefined {
  if (found !== undefined) return found;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && readManifest(dir).name === PACKAGE_NAME) return (found = dir);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The package's folder (see findPackageRoot); throws when there is none. */
export function packageRoot(): string {
  const root = findPackageRoot();
  if (root === undefined) {
    throw new Error(
      `backprop: cannot find the package folder (a package.json named "${PACKAGE_NAME}") above ` +
        fileURLToPath(import.meta.url),
    );
  }
  return root;
}

/** The version in the package.json of `root` (default: this package's folder). */
export function packageVersion(root = packageRoot()): string {
  const version = readManifest(root).version;
  if (typeof version !== 'string') {
    throw new Error(`backprop: ${join(root, 'package.json')} has no version string; got ${JSON.stringify(version)}`);
  }
  return version;
}
