// The packed tarball in a user's Node project, from both module systems: an ESM project ("type":
// "module", `import`) and a CommonJS project made by `npm init -y` (`require`), each on the running Node
// (20) and on Node 22.
// Each program trains XOR and must get the native backend (the prebuild in the tarball) by default and
// the SIMD wasm backend when it asks for wasm; `tsc --noEmit` checks each program (checkJs, strict, as
// `tsc --init` sets it up) against the types the installed package ships.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { scratchFolders } from '../scratch.js';
import { installInto } from './tarball.js';
import { devBinary, expectLearnedXor, lastJson, report, runOk, userProject, type XorResult } from './run.js';

const scratch = scratchFolders('backprop-node-');
const root = packageRoot();

/** A Node to run the programs with. */
interface NodeRuntime {
  label: string;
  binary: string;
  version: string;
}

const thisNode: NodeRuntime = {
  label: `Node ${process.versions.node}`,
  binary: process.execPath,
  version: process.versions.node,
};
// Node 22 is the official build that the registry ships as the package node-<platform>-<arch>, installed
// here into a scratch folder rather than as a devDependency: that package links a `node` command into
// node_modules/.bin, which would make every npm script and npx of this checkout run on Node 22.
const node22: NodeRuntime = { label: 'Node 22', binary: '', version: '' };
const nodes = [thisNode, node22];

beforeAll(() => {
  const prefix = scratch();
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'node-22', private: true }));
  runOk('npm', ['install', `node-${process.platform}-${process.arch}@22`, '--no-audit', '--no-fund'], prefix);
  node22.binary = join(prefix, 'node_modules', '.bin', 'node');
  node22.version = runOk(node22.binary, ['--version'], prefix).trim().replace(/^v/, '');
  expect(node22.version).toMatch(/^22\./);
}, 180_000);

/** tsc --noEmit over the project's .js/.cjs files, resolved as Node resolves them (module nodenext). */
function typeCheck(project: string, files: string[]): void {
  const types = join(project, 'node_modules', '@types');
  if (!existsSync(join(types, 'node'))) {
    mkdirSync(types, { recursive: true });
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(types, 'node'));
  }
  const tsconfig = {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      allowJs: true,
      checkJs: true,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    },
    files,
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  runOk(devBinary('tsc'), ['-p', 'tsconfig.json'], project);
}

describe('an ESM project (import)', () => {
  let project = '';
  beforeAll(() => {
    project = userProject(scratch(), ['xor.js'], 'module');
  });

  it('tsc --noEmit accepts the program against the installed types', () => typeCheck(project, ['xor.js']));

  for (const node of nodes) {
    it(`${node.label}: the native backend by default, wasm SIMD when asked`, () => {
      const native = lastJson<XorResult>(runOk(node.binary, ['xor.js'], project));
      report(`Node ${node.version}, ESM`, native);
      expect(native.info.backend).toBe('native');
      expect(native.info.details.prebuilt).toBe(true);
      expect(native.info.runtime).toEqual({ name: 'node', version: node.version });
      expectLearnedXor(native);
      const wasm = lastJson<XorResult>(runOk(node.binary, ['xor.js', 'wasm'], project));
      report(`Node ${node.version}, ESM`, wasm);
      expect(wasm.info.backend).toBe('wasm');
      expect(wasm.info.details.simd).toBe(true);
      expectLearnedXor(wasm);
    });
  }
});

describe('a CommonJS project made by npm init -y (require)', () => {
  let project = '';
  beforeAll(() => {
    project = scratch();
    runOk('npm', ['init', '-y'], project);
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).type ?? 'commonjs').toBe('commonjs');
    installInto(project, inject('runtimesTarball'));
    writeFileSync(join(project, 'index.js'), readFileSync(new URL('apps/xor.cjs', import.meta.url)));
  }, 120_000);

  it('tsc --noEmit accepts the program against the installed types', () => typeCheck(project, ['index.js']));

  for (const node of nodes) {
    it(`${node.label}: require gives the native backend by default, wasm SIMD when asked`, () => {
      const native = lastJson<XorResult>(runOk(node.binary, ['index.js'], project));
      report(`Node ${node.version}, CommonJS`, native);
      expect(native.info.backend).toBe('native');
      expect(native.info.runtime).toEqual({ name: 'node', version: node.version });
      expectLearnedXor(native);
      const wasm = lastJson<XorResult>(runOk(node.binary, ['index.js', 'wasm'], project));
      report(`Node ${node.version}, CommonJS`, wasm);
      expect(wasm.info.backend).toBe('wasm');
      expect(wasm.info.details.simd).toBe(true);
      expectLearnedXor(wasm);
    });
  }
});
