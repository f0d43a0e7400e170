// The emulated AVX-512 addon: the shipped sources, except that native/isa_avx512.cc is compiled without
// -mavx512* against SIMD Everywhere (test/native/emulated-avx512/immintrin.h) and native/dispatch.cc with
// BP_TEST_EMULATED_AVX512, which lets the AVX-512 table be chosen on an AVX2 CPU. The same kernel
// bodies (native/simd/*.inl over native/simd/avx512.h) then run with 16-float vectors and k-masks on a
// machine that has no AVX-512, so their logic is tested where the real instructions are missing.
//
// Used as the vitest globalSetup of the "emulated avx512" project (vitest.config.ts): it builds the
// addon before that project's files run; they load it through BACKPROP_TEST_ADDON.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildAddon, repoRoot, shown, type Variant } from './build-addon.js';

export const SIMDE_HEADER = '/usr/include/simde/x86/avx512.h';
const shim = join(repoRoot, 'test/native/emulated-avx512');

export const emulatedAvx512: Variant = {
  name: 'emulated-avx512',
  flags(unit) {
    const flags = unit.flags.filter((f) => !f.startsWith('-mavx512'));
    if (/(^|\/)isa_avx512\.cc$/.test(unit.source)) return [...flags, `-I${shim}`];
    if (/(^|\/)dispatch\.cc$/.test(unit.source)) return [...flags, '-DBP_TEST_EMULATED_AVX512'];
    return flags;
  },
  linkFlags: [],
};

export const emulatedAvx512Path = join(repoRoot, 'build/test-addons', emulatedAvx512.name, 'backprop.node');

export default async function setup(): Promise<void> {
  if (!existsSync(SIMDE_HEADER))
    throw new Error(`emulated avx512: ${SIMDE_HEADER} is missing (Debian package libsimde-dev)`);
  const { path, rebuilt, seconds } = await buildAddon(emulatedAvx512);
  console.log(`emulated avx512: ${rebuilt ? 'built' : 'up to date:'} ${shown(path)} (${seconds.toFixed(1)} s)`);
}
