// The NEON kernels have no AArch64 machine in CI: test/native/neon/neon-vs-scalar.cc compares every entry
// of the NEON table with the scalar table (the shared kernel bodies over native/simd/neon.h against the
// same bodies one float at a time), cross-compiled statically with aarch64-linux-gnu-g++ and run under
// qemu-aarch64. Each kernel the program checks is one test here. In CI a missing toolchain is a failure;
// elsewhere the tests are skipped with the reason.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './build-addon.js';

const onArm = process.arch === 'arm64';
const compiler = onArm ? (process.env.CXX ?? 'g++') : 'aarch64-linux-gnu-g++';
const qemu = '/usr/bin/qemu-aarch64';

function missingTool(): string {
  try {
    execFileSync(compiler, ['--version'], { stdio: 'ignore' });
  } catch {
    return `${compiler} is not installed (Debian package g++-aarch64-linux-gnu)`;
  }
  if (!onArm && !existsSync(qemu)) return `${qemu} is not installed (Debian package qemu-user)`;
  return '';
}

interface Line {
  status: string;
  kernel: string;
  values: number;
  worst: string;
}

// Builds and runs the program; returns its per-kernel lines, its summary and its exit status.
function buildAndRun(): {
  lines: Line[];
  failures: string[];
  summary: string;
  status: number | null;
  seconds: { build: number; run: number };
} {
  const out = join(repoRoot, 'build/test-neon');
  mkdirSync(out, { recursive: true });
  const binary = join(out, 'neon-vs-scalar');
  const started = Date.now();
  const sources = ['test/native/neon/neon-vs-scalar.cc', 'native/isa_neon.cc', 'native/isa_scalar.cc'];
  try {
    execFileSync(
      compiler,
      [
        '-std=c++17',
        '-O2',
        '-static',
        '-Wall',
        '-Wextra',
        '-Wno-unused-parameter',
        '-Inative',
        ...sources,
        '-o',
        binary,
      ],
      { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20 },
    );
  } catch (error) {
    throw new Error(`neon-vs-scalar: ${compiler} failed:\n${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  const built = Date.now();
  const result = onArm
    ? spawnSync(binary, { encoding: 'utf8' })
    : spawnSync(qemu, [binary], { encoding: 'utf8', timeout: 300_000 });
  if (result.error) throw new Error(`neon-vs-scalar did not run: ${result.error.message}`);
  const text = result.stdout;
  const lines = [...text.matchAll(/^(ok|FAIL) +(.+?) +(\d+) values, worst error (\S+) of the tolerance$/gm)].map(
    (m) => ({ status: m[1], kernel: m[2], values: Number(m[3]), worst: m[4] }),
  );
  const failures = text.split('\n').filter((l) => l.startsWith('FAIL ') && !/ values, worst error /.test(l));
  const summary =
    text.split('\n').find((l) => l.startsWith('neon-vs-scalar:')) ?? `no summary line; stderr: ${result.stderr}`;
  return {
    lines,
    failures,
    summary,
    status: result.status,
    seconds: { build: (built - started) / 1000, run: (Date.now() - built) / 1000 },
  };
}

const missing = missingTool();
if (missing && process.env.CI) throw new Error(`the NEON test needs its toolchain in CI: ${missing}`);
const run = missing ? undefined : buildAndRun();
if (run)
  console.log(
    `neon-vs-scalar: built in ${run.seconds.build.toFixed(1)} s, ran under ${onArm ? 'this CPU' : 'qemu-aarch64'} in ${run.seconds.run.toFixed(1)} s: ${run.summary.replace(/^neon-vs-scalar: /, '')}`,
  );

describe.skipIf(!run)(
  `NEON kernels against scalar under ${onArm ? 'this AArch64 CPU' : 'qemu-aarch64'}${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    it('the program ran to its summary and exited 0', () => {
      expect(run!.summary, run!.failures.join('\n')).toMatch(/, 0 outside the tolerance$/);
      expect(run!.status).toBe(0);
    });

    it('every entry of the ISA table (native/dispatch.h) is checked', () => {
      const header = readFileSync(join(repoRoot, 'native/dispatch.h'), 'utf8');
      const table = header.slice(
        header.indexOf('struct IsaTable'),
        header.indexOf('};', header.indexOf('struct IsaTable')),
      );
      const entries = [...table.matchAll(/\(\*(\w+)\)\(/g)].map((m) => m[1]);
      expect(entries.length).toBeGreaterThan(20);
      const checked = new Set(run!.lines.map((l) => l.kernel.split(' ')[0]));
      expect(entries.filter((e) => !checked.has(e))).toEqual([]);
    });

    it.each((run?.lines ?? []).map((l) => [l.kernel, l] as const))('%s', (_, line) => {
      const details = run!.failures.filter((f) => f.startsWith(`FAIL ${line.kernel} `)).join('\n');
      expect(line.status, `${line.kernel}: worst error ${line.worst} of the tolerance\n${details}`).toBe('ok');
      expect(line.values).toBeGreaterThan(0);
    });
  },
);
