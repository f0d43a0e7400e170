// Runs only in the "emulated avx512" project of vitest.config.ts: checks that the addon under test there
// really is the SIMDe build of the AVX-512 kernels and that it is the one running, so the equivalence
// suite, gradient checks and native suites of that project test the AVX-512 code and nothing narrower.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuFlags } from './isa-matrix.js';
import { emulatedAvx512Path } from './emulated-avx512.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const flags = cpuFlags();

describe('emulated avx512 addon', () => {
  it('is the addon under test and runs the avx512 table', () => {
    expect(process.env.BACKPROP_TEST_ADDON, 'this file belongs to the "emulated avx512" run').toBe(emulatedAvx512Path);
    expect(native, reason).toBeDefined();
    expect(native!.details.binary).toBe(emulatedAvx512Path);
    expect(native!.addon.isa()).toBe('avx512');
    expect(native!.addon.isaSupported().split(',')[0]).toBe('avx512');
  });

  it('contains no AVX-512 instruction, so on this CPU the table can only be the emulated one', () => {
    // objdump writes AVX-512 operands as %zmm0..31 and the mask registers as %k0..7.
    const text = execFileSync('objdump', ['-d', '--no-show-raw-insn', emulatedAvx512Path], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    const wide = text.split('\n').filter((line) => /%zmm\d|%k[0-7]\b/.test(line));
    expect(wide.slice(0, 5), `${wide.length} instructions use AVX-512 registers`).toEqual([]);
    const symbols = execFileSync('nm', ['-C', '--defined-only', emulatedAvx512Path], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(symbols).toContain('bp::avx512::fill_table(bp::IsaTable&)');
  });

  it.runIf(flags !== undefined && !flags.has('avx512f'))(
    'the shipped addon refuses avx512 on this CPU, the emulated one takes it',
    async () => {
      const { loadAddon } = await import('../../src/backends/native/index.js');
      const { packageRoot } = await import('../../src/package-root.js');
      const shipped = loadAddon(packageRoot()).addon;
      expect(() => shipped.selectIsa('avx512')).toThrow(RangeError);
      const before = native!.addon.isa();
      expect(native!.addon.selectIsa('avx2')).toBe('avx2');
      expect(native!.addon.selectIsa('avx512')).toBe('avx512');
      native!.addon.selectIsa(before);
    },
  );
});
