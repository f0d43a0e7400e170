/**
 * The train suite: one child process per backend and per peer (so each peak RSS is that run's alone,
 * data set included), each following train-protocol.ts, each printing one JSON line that is passed on.
 * Our backends run dist/bench/train-child.js; peers are tfjs-cpu and tfjs-wasm (dev dependencies) and
 * PyTorch (bench/torch_mlp.py under /usr/bin/python3, Debian's python3-torch). A peer that is not
 * installed is reported as absent; nothing is installed here.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BATCHES } from './train-protocol.js';

export const OUR_BACKENDS = ['native', 'wasm', 'js'] as const;
export const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'pytorch'] as const;
export const PYTHON = '/usr/bin/python3';

export interface TrainSuiteOptions {
  /** Our backends and peers to run (default: all). */
  backends?: readonly string[];
  batches?: number;
  /** Threads of our native backend, and so of PyTorch's matching run (default: the machine's). */
  nativeThreads?: number;
  log?: { write(text: string): unknown };
}

interface ChildOutcome { ok: boolean; line?: Record<string, unknown>; error?: string }

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', (error) => resolve({ ok: false, error: error.message }));
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (code === 0 && last) {
        try { resolve({ ok: true, line: JSON.parse(last) }); return; } catch { /* fall through */ }
      }
      const reason = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join(' | ') || `exit code ${code}`;
      resolve({ ok: false, error: reason });
    });
  });
}

function moduleInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

function script(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** Yields one JSON-ready object per backend or peer: a measurement, or why there is none. */
export async function* trainSuite(options: TrainSuiteOptions = {}): AsyncGenerator<Record<string, unknown>> {
  const wanted = options.backends ?? [...OUR_BACKENDS, ...PEERS];
  const batches = options.batches ?? DEFAULT_BATCHES;
  const threads = options.nativeThreads ?? availableParallelism();
  const log = options.log;
  const base = { suite: 'train' };
  for (const backend of OUR_BACKENDS.filter((b) => wanted.includes(b))) {
    log?.write(`train: ${backend}...\n`);
    const child = script('./train-child.js');
    if (!existsSync(child)) { yield { ...base, backend, absent: `${child} is not built (npm run build)` }; continue; }
    const outcome = await runChild(process.execPath, [child, '--backend', backend, '--batches', String(batches)], { ...process.env });
    yield outcome.ok ? outcome.line! : { ...base, backend, absent: outcome.error };
  }
  for (const peer of (['tfjs-cpu', 'tfjs-wasm'] as const).filter((p) => wanted.includes(p))) {
    log?.write(`train: ${peer}...\n`);
    const pkg = peer === 'tfjs-cpu' ? '@tensorflow/tfjs-backend-cpu' : '@tensorflow/tfjs-backend-wasm';
    if (!moduleInstalled('@tensorflow/tfjs-layers') || !moduleInstalled(pkg)) {
      yield { ...base, backend: peer, absent: `@tensorflow/tfjs-layers and ${pkg} are not installed (dev dependencies: npm install)` };
      continue;
    }
    const outcome = await runChild(process.execPath, [script('./tfjs-mlp.js'), '--backend', peer.slice(5), '--batches', String(batches)], { ...process.env });
    yield outcome.ok ? outcome.line! : { ...base, backend: peer, absent: outcome.error };
  }
  if (wanted.includes('pytorch')) {
    // The same thread count as native (the target compares them), and one thread to set beside js and wasm.
    for (const n of [...new Set([1, threads])]) {
      log?.write(`train: pytorch, ${n} thread(s)...\n`);
      if (!existsSync(PYTHON)) { yield { ...base, backend: 'pytorch', threads: n, absent: `${PYTHON} is not installed` }; continue; }
      const env = { ...process.env };
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
      const torchScript = fileURLToPath(new URL('../../bench/torch_mlp.py', import.meta.url));
      const path = existsSync(torchScript) ? torchScript : script('./torch_mlp.py');
      const outcome = await runChild(PYTHON, [path, '--threads', String(n), '--batches', String(batches)], env);
      const missing = outcome.error?.includes("No module named 'torch'");
      yield outcome.ok ? outcome.line! : { ...base, backend: 'pytorch', threads: n,
        absent: missing ? 'python3-torch is not installed (apt-get install python3-torch)' : outcome.error };
    }
  }
}
