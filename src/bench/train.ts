/**
 * The train suite of our backends: one child process per backend (so each peak RSS is that run's alone,
 * data set included), each following train-protocol.ts and printing one JSON line that is passed on.
 * The children are train-child.js beside this file; native runs at the machine's thread count and at one.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BATCHES } from './train-protocol.js';

export const OUR_BACKENDS = ['native', 'wasm', 'js'] as const;

export interface TrainSuiteOptions {
  /** Our backends to run (default: all three). */
  backends?: readonly string[];
  batches?: number;
  /** Threads of our native backend (default: the machine's). */
  nativeThreads?: number;
  log?: { write(text: string): unknown };
}

/** A child's last JSON line, or why there is none (its last lines of stderr, or its exit code). */
export interface ChildOutcome {
  ok: boolean;
  line?: Record<string, unknown>;
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
    child.on('error', (error) => resolve({ ok: false, error: error.message }));
    child.on('close', (code) => {
      const last = stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop();
      if (code === 0 && last) {
        try {
          resolve({ ok: true, line: JSON.parse(last) });
          return;
        } catch {
          /* fall through */
        }
      }
      const reason =
        stderr
          .trim()
          .split('\n')
          .filter((l) => l.trim() !== '')
          .slice(-3)
          .join(' | ') || `exit code ${code}`;
      resolve({ ok: false, error: reason });
    });
  });
}

function script(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** Yields one JSON-ready object per backend run: a measurement, or why there is none. */
export async function* trainSuite(options: TrainSuiteOptions = {}): AsyncGenerator<Record<string, unknown>> {
  const wanted = options.backends ?? OUR_BACKENDS;
  const batches = options.batches ?? DEFAULT_BATCHES;
  const threads = options.nativeThreads ?? availableParallelism();
  const log = options.log;
  const base = { suite: 'train' };
  for (const backend of OUR_BACKENDS.filter((b) => wanted.includes(b))) {
    // native runs at the machine's thread count and at one thread (a peer can be set beside it at each).
    const runs = backend === 'native' ? [...new Set([threads, 1])] : [undefined];
    for (const n of runs) {
      log?.write(`train: ${backend}${n ? `, ${n} thread(s)` : ''}...\n`);
      const child = script('./train-child.js');
      if (!existsSync(child)) {
        yield { ...base, backend, absent: `${child} is not built (npm run build)` };
        break;
      }
      const env = { ...process.env, ...(n ? { BACKPROP_THREADS: String(n) } : {}) };
      const outcome = await runChild(
        process.execPath,
        [child, '--backend', backend, '--batches', String(batches)],
        env,
      );
      yield outcome.ok ? outcome.line! : { ...base, backend, ...(n ? { threads: n } : {}), absent: outcome.error };
    }
  }
}
