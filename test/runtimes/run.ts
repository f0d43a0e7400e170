// Runs a user's program in a runtime and reads the one JSON line it prints last; prints what each runtime
// got (backend, XOR result) so that a run's log says it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';
import { packageRoot } from '../../src/package-root.js';

const APPS = fileURLToPath(new URL('apps', import.meta.url));

/**
 * Makes `project` (an empty folder) a user's project whose node_modules is the one the global setup installed the tarball into, with
 * the given files of apps/ copied in (a folder keeps its name) and a package.json of the given type.
 */
export function userProject(project: string, files: string[], type: 'module' | 'commonjs' = 'module'): string {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type }));
  symlinkSync(join(inject('runtimesProject'), 'node_modules'), join(project, 'node_modules'));
  for (const file of files) cpSync(join(APPS, file), join(project, file), { recursive: true });
  return project;
}

/** What the XOR programs of apps/ print. */
export interface XorResult {
  info: {
    backend: string;
    chosenBecause: string;
    details: Record<string, unknown>;
    runtime: { name: string; version: string };
  };
  loss: number;
  accuracy: number;
  predictions: number[];
}

/** Runs `command args` in `cwd`; fails the test with its output unless it exits with 0; returns stdout. */
export function runOk(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const { BACKPROP_BACKEND, BACKPROP_NATIVE_ISA, ...inherited } = process.env;
  void BACKPROP_BACKEND;
  void BACKPROP_NATIVE_ISA;
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...inherited, NO_COLOR: '1', ...env },
  });
  expect(r.status, `${command} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}\n${r.stdout}`).toBe(0);
  return r.stdout;
}

/** The last line of a program's output, parsed as JSON. */
export function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Prints one line per run: the runtime, the backend it got and what XOR gave. */
export function report(runtime: string, result: XorResult): void {
  const { backend, details } = result.info;
  const facts = Object.entries(details)
    .filter(([key]) => key === 'isa' || key === 'simd' || key === 'threads')
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
  const named = `${result.info.runtime.name} ${result.info.runtime.version}`;
  console.log(
    `${runtime} (backendInfo().runtime: ${named}): backend ${backend} (${facts}); XOR loss ${result.loss.toFixed(6)}, ` +
      `accuracy ${result.accuracy * 4}/4, predictions ${result.predictions.map((p) => p.toFixed(4)).join(' ')}`,
  );
}

/** The XOR programs must have learned: every prediction on the right side of 0.5, with margin. */
export function expectLearnedXor(result: XorResult): void {
  expect(result.accuracy).toBe(1);
  expect(result.loss).toBeLessThan(0.05);
  const expected = [0, 1, 1, 0];
  result.predictions.forEach((p, i) => expect(Math.abs(p - expected[i]), `prediction ${i}`).toBeLessThan(0.1));
}

/** `node_modules/.bin/<name>` of this checkout (the devDependencies deno, bun, esbuild, tsc). */
export function devBinary(name: string): string {
  const bin = join(packageRoot(), 'node_modules', '.bin', name);
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm ci (it is a devDependency)`);
  return bin;
}

/** The version a binary prints for --version (for the printed results). */
export function versionOf(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().split('\n')[0];
}
