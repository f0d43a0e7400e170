/**
 * Measuring child processes: every run of the train, step and inference suites is a process of its own, so
 * its peak RSS is its own and one backend's warm caches or threads never help another. A child prints one
 * JSON object per line on stdout, one per measurement.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A child's JSON lines, or why there are none (its last lines of stderr, or its exit code). */
export interface ChildOutcome {
  ok: boolean;
  /** Every line of stdout that starts with `{`, parsed, in order (empty when not ok). */
  lines: Record<string, unknown>[];
  error?: string;
}

/** Runs one measuring child process to its end. */
export function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) => resolve({ ok: false, lines: [], error: error.message }));
    child.on('close', (code) => {
      const json = stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      if (code === 0 && json.length > 0) {
        try {
          resolve({ ok: true, lines: json.map((l) => JSON.parse(l) as Record<string, unknown>) });
          return;
        } catch {
          /* reported below with the child's stderr */
        }
      }
      const reason =
        stderr
          .trim()
          .split('\n')
          .filter((l) => l.trim() !== '')
          .slice(-3)
          .join(' | ') || `exit code ${code}, no JSON line on stdout`;
      resolve({ ok: false, lines: [], error: reason });
    });
  });
}

/** The path of a compiled child script beside this module (dist/src/bench/). */
export function childScript(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}
