/**
 * The train suite's peers, each in its own process like our backends (so each peak RSS is its own) and
 * following src/bench/train-protocol.ts: TensorFlow.js on tfjs-cpu and tfjs-wasm (bench/peers/tfjs-mlp.ts;
 * dev dependencies) and PyTorch (bench/peers/torch-mlp.py under /usr/bin/python3, Debian's python3-torch).
 * A peer that is not installed is reported as absent; nothing is installed here.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchRow, TrainRunOptions } from '../../src/bench/run.js';
import { DEFAULT_BATCHES } from '../../src/bench/train-protocol.js';
import { runChild } from '../../src/bench/train.js';

export const TRAIN_PEERS = ['tfjs-cpu', 'tfjs-wasm', 'pytorch'] as const;
export const PYTHON = '/usr/bin/python3';

// This file runs as dist/bench/train/peers.js: the compiled tfjs peer is beside it, the Python one in bench/.
const TFJS_MLP = fileURLToPath(new URL('../peers/tfjs-mlp.js', import.meta.url));
const TORCH_MLP = fileURLToPath(new URL('../../../bench/peers/torch-mlp.py', import.meta.url));

function moduleInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Yields one row per peer run asked for: a measurement, or why there is none. */
export async function* trainPeerRows(options: TrainRunOptions): AsyncGenerator<BenchRow> {
  const wanted = options.backends ?? TRAIN_PEERS;
  const batches = options.batches ?? DEFAULT_BATCHES;
  const threads = options.nativeThreads ?? availableParallelism();
  const base = { suite: 'train' };
  for (const peer of (['tfjs-cpu', 'tfjs-wasm'] as const).filter((p) => wanted.includes(p))) {
    options.log?.write(`train: ${peer}...\n`);
    const pkg = peer === 'tfjs-cpu' ? '@tensorflow/tfjs-backend-cpu' : '@tensorflow/tfjs-backend-wasm';
    if (!moduleInstalled('@tensorflow/tfjs-layers') || !moduleInstalled(pkg)) {
      yield {
        ...base,
        backend: peer,
        absent: `@tensorflow/tfjs-layers and ${pkg} are not installed (dev dependencies: npm install)`,
      };
      continue;
    }
    const outcome = await runChild(
      process.execPath,
      [TFJS_MLP, '--backend', peer.slice(5), '--batches', String(batches)],
      { ...process.env },
    );
    yield outcome.ok ? outcome.line! : { ...base, backend: peer, absent: outcome.error };
  }
  if (wanted.includes('pytorch')) {
    // The same thread count as native (the target compares them), and one thread to set beside js and wasm.
    for (const n of [...new Set([1, threads])]) {
      options.log?.write(`train: pytorch, ${n} thread(s)...\n`);
      if (!existsSync(PYTHON)) {
        yield { ...base, backend: 'pytorch', threads: n, absent: `${PYTHON} is not installed` };
        continue;
      }
      const env = { ...process.env };
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
      // GNU OpenMP spins while it waits; on a shared 2-core machine that starves the other thread and
      // PyTorch at 2 threads ran at 1,300-2,800 samples/s instead of about 21,000 with passive waiting
      // (measured here). Passive is PyTorch's best case here; a value set by the caller is kept.
      env.OMP_WAIT_POLICY ??= 'passive';
      const outcome = await runChild(PYTHON, [TORCH_MLP, '--threads', String(n), '--batches', String(batches)], env);
      // torch-mlp.py imports numpy and torch; Debian's python3-torch brings both.
      const missing = /No module named '(numpy|torch)'/.test(outcome.error ?? '');
      yield outcome.ok
        ? { ...outcome.line!, ompWaitPolicy: env.OMP_WAIT_POLICY }
        : {
            ...base,
            backend: 'pytorch',
            threads: n,
            absent: missing ? 'python3-torch is not installed (apt-get install python3-torch)' : outcome.error,
          };
    }
  }
}
