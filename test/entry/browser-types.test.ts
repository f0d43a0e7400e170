// The types a bundler user gets for `import ... from 'backprop-nn'`: under the "browser" condition (which
// esbuild, Vite, webpack and wrangler set for browser and Worker builds) the browser entry's, whose
// initBackend takes { wasm }; otherwise the Node entry's, whose initBackend takes { backend: 'native' }.
// tsc checks one file against the package as it is published (package.json exports, dist/src/*.d.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { scratchFolders } from '../scratch.js';

const scratch = scratchFolders('backprop-types-');
const tsc = join(packageRoot(), 'node_modules', 'typescript', 'bin', 'tsc');

/** Type-checks `code` in a project whose node_modules/backprop-nn is this package; returns tsc's output. */
function check(project: string, code: string, conditions: string[]): { status: number | null; output: string } {
  writeFileSync(join(project, 'main.ts'), code);
  const options = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      customConditions: conditions,
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    files: ['main.ts'],
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(options));
  const r = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}

const BROWSER_CALL = `import { initBackend } from 'backprop-nn';
await initBackend({ wasm: new URL('https://example.test/backprop.wasm') });
export {};
`;
const NODE_CALL = `import { initBackend } from 'backprop-nn';
await initBackend({ backend: 'native' });
export {};
`;

describe('the types of the package entry', () => {
  let project = '';
  beforeAll(() => {
    project = scratch();
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(packageRoot(), join(project, 'node_modules', 'backprop-nn'));
    execFileSync(process.execPath, [tsc, '--version']);
  });

  it('are the browser entry\'s under the "browser" condition', () => {
    expect(check(project, BROWSER_CALL, ['browser'])).toEqual({ status: 0, output: '' });
    const node = check(project, NODE_CALL, ['browser']);
    expect(node.status).not.toBe(0);
    expect(node.output).toContain(`Type '"native"' is not assignable`);
  });

  it("are the Node entry's otherwise", () => {
    expect(check(project, NODE_CALL, [])).toEqual({ status: 0, output: '' });
    const browser = check(project, BROWSER_CALL, []);
    expect(browser.status).not.toBe(0);
    expect(browser.output).toContain(`'wasm' does not exist in type 'InitOptions'`);
  });
});
