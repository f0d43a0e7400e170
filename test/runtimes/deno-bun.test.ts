// The packed tarball under Deno and Bun, from a project that installed it with npm (both resolve bare
// specifiers through package.json and node_modules, as they do for any npm project): the XOR program of
// apps/xor.js must get the native backend (Deno and Bun load Node-API addons) by default and the SIMD
// wasm backend when it asks for wasm. Deno runs it with the permissions that needs: reading the package's
// files, the environment (BACKPROP_BACKEND and friends) and FFI (a native addon is foreign code). The
// browser entry runs there too and finds the package's .wasm by itself.
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchFolders } from '../scratch.js';
import { devBinary, expectLearnedXor, lastJson, report, runOk, userProject, versionOf, type XorResult } from './run.js';

const scratch = scratchFolders('backprop-deno-bun-');

const runtimes = [
  {
    name: 'Deno',
    id: 'deno',
    binary: devBinary('deno'),
    args: ['run', '--allow-read', '--allow-env', '--allow-ffi'],
  },
  { name: 'Bun', id: 'bun', binary: devBinary('bun'), args: [] },
];

for (const runtime of runtimes) {
  describe(runtime.name, () => {
    let project = '';
    let version = '';
    beforeAll(() => {
      project = userProject(scratch(), ['xor.js', 'browser-entry.js']);
      // `deno --version` says "deno 2.9.6 (stable, ...)", `bun --version` "1.4.5".
      version = versionOf(runtime.binary).replace(/^\D*/, '').split(' ')[0];
    });

    for (const backend of ['native', 'wasm'] as const) {
      it(`trains XOR on the ${backend} backend${backend === 'native' ? ', its first choice' : ' when asked'}`, () => {
        const args = backend === 'native' ? [...runtime.args, 'xor.js'] : [...runtime.args, 'xor.js', 'wasm'];
        const result = lastJson<XorResult>(runOk(runtime.binary, args, project));
        report(`${runtime.name} ${version}`, result);
        expect(result.info.backend).toBe(backend);
        expect(result.info.runtime).toEqual({ name: runtime.id, version });
        if (backend === 'native') expect(result.info.chosenBecause).toBe('first choice, loaded');
        else expect(result.info.details.simd).toBe(true);
        expectLearnedXor(result);
      });
    }

    it('the browser entry finds the packaged .wasm by itself', () => {
      const out = runOk(runtime.binary, [...runtime.args, 'browser-entry.js'], project);
      const result = lastJson<{ info: XorResult['info']; c: number[] }>(out);
      console.log(`${runtime.name} ${version}, backprop-nn/browser, initBackend(): backend ${result.info.backend}`);
      expect(result.info.backend).toBe('wasm');
      expect(result.info.details.simd).toBe(true);
      expect(result.c).toEqual([19, 22, 43, 50]);
    });
  });
}
