// The ASan + UBSan build of the addon (test-only, build/test-addons/sanitizers/): every source as
// binding.gyp compiles it, plus the sanitizers at -O1 with line tables (-g1) so reports name file and
// line (on native/isa_avx2.cc full -g took 1.6 times and -O3 over 4 times the compile time of -O1 -g1).
// Undefined behaviour is not recoverable (-fno-sanitize-recover): the first report stops the process.
import { execFileSync } from 'node:child_process';
import type { Variant } from './build-addon.js';

export const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined', '-fno-omit-frame-pointer'];

export const sanitizers: Variant = {
  name: 'sanitizers',
  flags: (unit) => [...unit.flags, ...SANITIZE, '-O1', '-g1'],
  linkFlags: SANITIZE,
};

/** The ASan runtime to preload into Node (Node itself is not instrumented), or why there is none. */
export function asanRuntime(compiler = process.env.CXX ?? 'g++'): { path?: string; reason: string } {
  try {
    const path = execFileSync(compiler, ['-print-file-name=libasan.so'], { encoding: 'utf8' }).trim();
    // Without the library installed, g++ echoes the bare name back.
    if (!path.includes('/')) return { reason: `${compiler} has no libasan.so (Debian package libasan8 or g++)` };
    return { path, reason: '' };
  } catch (error) {
    return { reason: `${compiler} did not run: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The environment a process with the sanitized addon runs under. */
export function sanitizerEnv(runtime: string): Record<string, string> {
  return {
    LD_PRELOAD: runtime,
    // Node keeps allocations to the end by design: leak reports would be all Node's own.
    ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0:exitcode=86',
    UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
  };
}
