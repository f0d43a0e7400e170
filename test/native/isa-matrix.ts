// Which instruction-set levels of the native addon this machine can run, for the per-ISA test runs in
// vitest.config.ts. Read from /proc/cpuinfo with the same feature tests as native/dispatch.cc (the kernel
// lists a flag only when the OS also saves the wide registers), so a level the CPU lacks is left out with
// its reason rather than capped down to a narrower one and passed under the wrong name.
import { existsSync, readFileSync } from 'node:fs';

export interface IsaLevels {
  /** Levels to run, widest first. */
  run: string[];
  /** Levels of this architecture not run here, each with why. */
  absent: { level: string; reason: string }[];
}

// The CPU flags each x86-64 level needs (native/dispatch.cc: has_avx512, has_avx2).
const X64_NEEDS: [string, string[]][] = [
  ['avx512', ['avx512f', 'avx512bw', 'avx512dq', 'avx512vl']],
  ['avx2', ['avx2', 'fma']],
  ['sse2', []], // the x86-64 baseline
  ['scalar', []],
];

/** The flags of the first processor in /proc/cpuinfo, or undefined where there is no such file. */
export function cpuFlags(cpuinfo = '/proc/cpuinfo'): Set<string> | undefined {
  if (!existsSync(cpuinfo)) return undefined;
  const line = readFileSync(cpuinfo, 'utf8')
    .split('\n')
    .find((l) => /^flags\s*:/.test(l));
  return line === undefined
    ? undefined
    : new Set(
        line
          .replace(/^flags\s*:/, '')
          .trim()
          .split(/\s+/),
      );
}

export function isaLevels(arch = process.arch, flags = cpuFlags()): IsaLevels {
  if (arch === 'arm64') return { run: ['neon', 'scalar'], absent: [] }; // every AArch64 CPU has NEON
  if (arch !== 'x64') return { run: ['scalar'], absent: [] };
  const run: string[] = [];
  const absent: IsaLevels['absent'] = [];
  for (const [level, needs] of X64_NEEDS) {
    const missing = flags === undefined ? needs : needs.filter((f) => !flags.has(f));
    if (missing.length === 0) run.push(level);
    else
      absent.push({
        level,
        reason:
          flags === undefined ? 'no /proc/cpuinfo to read the CPU flags from' : `the CPU lacks ${missing.join(', ')}`,
      });
  }
  return { run, absent };
}
