// Setup file of the per-ISA runs in vitest.config.ts (and of the emulated AVX-512 run): before any test
// of a file, the native addon must load and run the level BACKPROP_NATIVE_ISA names. The variable only
// caps the level, so on a CPU without it the addon would quietly run a narrower one and the run would
// pass under the wrong name; this makes that a failure instead.
import { loadNative } from './load.js';

const wanted = process.env.BACKPROP_NATIVE_ISA;
if (!wanted)
  throw new Error('isa-setup: BACKPROP_NATIVE_ISA is not set (this file is for the per-ISA runs of vitest.config.ts)');
const { native, reason } = await loadNative();
if (!native) throw new Error(`isa-setup: the native addon did not load, so level ${wanted} cannot run: ${reason}`);
const running = native.addon.isa();
if (running !== wanted) {
  throw new Error(
    `isa-setup: BACKPROP_NATIVE_ISA=${wanted}, but the addon (${String(native.details.binary)}) runs ${running}; it supports ${native.addon.isaSupported()}`,
  );
}
