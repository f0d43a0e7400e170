// The native suites and the kernel equivalence suite against the ASan + UBSan build of the addon
// (test/native/sanitizers.ts): a child vitest loads it through BACKPROP_TEST_ADDON with the ASan runtime
// preloaded into Node. Any out-of-bounds access, use after free or undefined behaviour in the addon stops
// that child with the sanitizer's report, which this test prints. A canary library first proves that both
// runtimes do stop a Node process here. In CI a missing runtime is a failure; elsewhere a skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAddon, repoRoot, shown } from './build-addon.js';
import { asanRuntime, SANITIZE, sanitizerEnv, sanitizers } from './sanitizers.js';

// The suites that drive the addon itself (thread-pool and packaging load the shipped addon in their own
// child processes, qemu runs an x86-64 emulator: none of them would exercise the sanitized build).
const SUITES = [
  'test/equivalence.test.ts',
  'test/gradients.test.ts',
  'test/bad-arguments.test.ts',
  'test/native/fuzz.test.ts',
  'test/native/conv-bounds.test.ts',
  'test/native/gemm.test.ts',
  'test/native/vmath.test.ts',
  'test/native/isa-levels.test.ts',
  'test/native/errors.test.ts',
  'test/native/program.test.ts',
];

const runtime = process.platform === 'linux' ? asanRuntime() : { reason: `not Linux (${process.platform})` };
if (!runtime.path && process.env.CI)
  throw new Error(`the sanitizer run needs the ASan runtime in CI: ${runtime.reason}`);

describe.skipIf(!runtime.path)(
  `ASan + UBSan build of the native addon${runtime.path ? '' : ` (skipped: ${runtime.reason})`}`,
  () => {
    const env = runtime.path ? sanitizerEnv(runtime.path) : {};
    const canary = join(repoRoot, 'build/test-addons/sanitizers/canary.so');
    let addon = '';

    beforeAll(async () => {
      const built = await buildAddon(sanitizers);
      addon = built.path;
      console.log(
        `sanitizers: ${built.rebuilt ? 'built' : 'up to date:'} ${shown(addon)} (${built.seconds.toFixed(1)} s)`,
      );
      execFileSync(
        process.env.CXX ?? 'g++',
        ['-shared', '-fPIC', '-O1', ...SANITIZE, 'test/native/sanitizers/canary.cc', '-o', canary],
        { cwd: repoRoot },
      );
    }, 600_000);

    it.each([
      ['heap-overflow', /ERROR: AddressSanitizer: heap-buffer-overflow/],
      ['signed-overflow', /runtime error: signed integer overflow/],
    ])("the canary's %s stops Node with the sanitizer report", (which, report) => {
      const r = spawnSync(process.execPath, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(canary)})`], {
        env: { ...process.env, ...env, BACKPROP_CANARY: which },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stderr).toMatch(report);
      expect(r.status).not.toBe(0);
    });

    it('the addon is instrumented by both sanitizers', () => {
      const imports = execFileSync('nm', ['-D', '--undefined-only', addon], { encoding: 'utf8' });
      expect(imports).toMatch(/__asan_report_load4/);
      expect(imports).toMatch(/__ubsan_handle_\w+_abort/); // the non-recovering handlers
    });

    it(`passes ${SUITES.length} suites with no sanitizer report: ${SUITES.map((s) => s.replace(/^test\//, '')).join(', ')}`, () => {
      const started = Date.now();
      const r = spawnSync(
        process.execPath,
        [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'default', ...SUITES],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            ...env,
            BACKPROP_TEST_ADDON: addon,
            BACKPROP_BACKEND: 'native',
            NO_COLOR: '1',
            FORCE_COLOR: '0',
          },
          encoding: 'utf8',
          timeout: 900_000,
          maxBuffer: 64 << 20,
        },
      );
      const output = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
      const summary = output
        .split('\n')
        .filter((l) => /^\s*(Test Files|Tests)\s/.test(l))
        .join('; ')
        .replace(/\s+/g, ' ');
      console.log(`sanitizers: child vitest took ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}`);
      const reports = output
        .split('\n')
        .filter((l) => /AddressSanitizer|runtime error:|LeakSanitizer|SUMMARY: /.test(l));
      expect(reports, output.slice(-20_000)).toEqual([]);
      expect(r.status, output.slice(-20_000)).toBe(0);
      expect(summary).toMatch(new RegExp(`Test Files ${SUITES.length} passed`));
    }, 900_000);
  },
);
