import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { emulatedAvx512Path, SIMDE_HEADER } from './test/native/emulated-avx512.js';
import { isaLevels } from './test/native/isa-matrix.js';

// The kernel equivalence suite, the gradient checks and the model suites run once more per
// instruction-set level of the native addon this CPU has (each its own named run, native alone, the
// level forced by BACKPROP_NATIVE_ISA and checked by test/native/isa-setup.ts), on top of the default run
// of everything at the CPU's widest level.
const ISA_FILES = ['test/equivalence.test.ts', 'test/gradients.test.ts', 'test/model/*.test.ts'];
// Model suites whose assertions are about the API, the files, names and memory of a model, not its
// numbers: what they check is the same at every level, so they run once, in the default run (on every
// backend there). Several of them load every backend, so a per-level run repeated their js and wasm parts too.
const ISA_INDEPENDENT = [
  'test/model/bytes.test.ts', // the container's bytes round-trip the weights bit for bit
  'test/model/checkpoint-nan.test.ts', // which checkpoint is kept when training diverges
  'test/model/dispose.test.ts', // memory given back, disposed models refused
  'test/model/hostile-names.test.ts', // names read from a file
  'test/model/many-layers.test.ts', // work counted while building and loading
  'test/model/model-life.test.ts', // when layers can be added, what is missing
  'test/model/option-checks.test.ts', // option errors, before anything runs
  'test/model/save-folder.test.ts', // atomic saves, old folder versions
  'test/model/zero-allocation.test.ts', // JavaScript heap growth of a step: the addon's part is the same code
];
const levels = isaLevels();
const notRun = levels.absent.map((a) => `native-isa-${a.level} (${a.reason})`);
// vitest evaluates this file more than once per run; say which runs there are once.
const printed = globalThis as { backpropMatrixPrinted?: boolean };
const say = (line: string): void => { if (!printed.backpropMatrixPrinted) console.log(line); };
say(`ISA matrix: native-isa-${levels.run.join(', native-isa-')}${notRun.length ? `; not run: ${notRun.join('; ')}` : ''}`);

const isaProjects: TestProjectInlineConfiguration[] = levels.run.map((level) => ({
  extends: true,
  test: {
    name: `native-isa-${level}`,
    include: ISA_FILES,
    exclude: ['**/node_modules/**', ...ISA_INDEPENDENT],
    env: { BACKPROP_NATIVE_ISA: level, BACKPROP_BACKEND: 'native' },
    setupFiles: ['test/native/isa-setup.ts'],
  },
}));

// The AVX-512 kernels built against SIMD Everywhere (test/native/emulated-avx512.ts) so they run on a CPU
// without AVX-512: the equivalence suite, the kernel gradient checks, the float64-reduction and NaN-policy
// suites and the per-level native suites.
// It needs an x86-64 CPU with AVX2 and the SIMDe headers; in CI missing headers fail the run instead.
const emulatedProjects: TestProjectInlineConfiguration[] = [];
const emulatedWhyNot = process.arch !== 'x64'
  ? `not an x86-64 machine (${process.arch})`
  : !levels.run.includes('avx2')
    ? 'the CPU lacks AVX2 + FMA, which the emulation is built on'
    : !existsSync(SIMDE_HEADER) && !process.env.CI
      ? `${SIMDE_HEADER} is missing (apt-get install libsimde-dev)`
      : '';
if (emulatedWhyNot) {
  say(`emulated avx512: not run: ${emulatedWhyNot}`);
} else {
  emulatedProjects.push({
    extends: true,
    test: {
      name: 'emulated avx512',
      include: ['test/equivalence.test.ts', 'test/gradients.test.ts', 'test/reductions.test.ts', 'test/nan-policy.test.ts', 'test/native/gemm.test.ts', 'test/native/vmath.test.ts', 'test/native/emulated-avx512.test.ts',
        'test/adam-bias-correction.test.ts'],
      env: { BACKPROP_NATIVE_ISA: 'avx512', BACKPROP_BACKEND: 'native', BACKPROP_TEST_ADDON: emulatedAvx512Path },
      globalSetup: ['test/native/emulated-avx512.ts'],
      setupFiles: ['test/native/isa-setup.ts'],
    },
  });
}
printed.backpropMatrixPrinted = true;

export default defineConfig({
  test: {
    // forks: the native addon loads in child processes; each test file gets a fresh backend state.
    pool: 'forks',
    // The native thread count is fixed for the tests (without it, the addon measures which count is faster
    // when a kernel first splits its work, so on a busy machine the suites that split work would run on one).
    env: { BACKPROP_THREADS: process.env.BACKPROP_THREADS ?? '2' },
    // Every project (the projects' own setup files come after it): toEqual between typed arrays in a plain loop.
    setupFiles: ['test/typed-array-equality.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['test/**/*.test.ts'],
          // Only meaningful inside the run above that builds and loads the emulated addon.
          exclude: ['**/node_modules/**', 'test/native/emulated-avx512.test.ts', 'test/runtimes/**'],
        },
      },
      // The packed tarball in a user's project, run in Node, Deno, Bun, workerd and Chromium; the global
      // setup packs and installs it once for all of them.
      {
        extends: true,
        test: { name: 'runtimes', include: ['test/runtimes/**/*.test.ts'], globalSetup: ['test/runtimes/tarball.ts'] },
      },
      ...isaProjects,
      ...emulatedProjects,
    ],
  },
});
