/**
 * PyTorch as a peer of the train, step and inference suites: the scripts bench/peers/torch-*.py under
 * /usr/bin/python3 (Debian's python3-torch), each run in its own process like our backends. A missing
 * interpreter or torch makes the row absent with the reason; nothing is installed here.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runChild } from '../../src/bench/child.js';
import type { BenchJob } from '../../src/bench/rounds.js';

export const PYTHON = '/usr/bin/python3';

// This file runs as dist/bench/peers/pytorch.js; the Python scripts are in the repository's bench/peers/.
const scriptPath = (name: string): string => fileURLToPath(new URL(`../../../bench/peers/${name}`, import.meta.url));

/** The environment of a PyTorch run: its best case on this machine, unless the caller set otherwise. */
function torchEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // Set on some machines for other programs, they make OpenBLAS pick slower kernels than its own for this CPU.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  // GNU OpenMP spins while it waits; on a shared 2-core machine that starves the other thread and
  // PyTorch at 2 threads ran at 1,300-2,800 samples/s instead of about 21,000 with passive waiting
  // (measured here). Passive is PyTorch's best case here; a value set by the caller is kept.
  env.OMP_WAIT_POLICY ??= 'passive';
  // The scripts import their helpers (torch_timing.py, torch_blas.py): leave no __pycache__ in the repository.
  env.PYTHONDONTWRITEBYTECODE ??= '1';
  return env;
}

/** A job running bench/peers/<script> at `threads` threads; `what` names the row (backend: pytorch). */
export function pytorchJob(
  what: Record<string, unknown>,
  script: string,
  threads: number,
  args: string[] = [],
): BenchJob {
  const row = { ...what, backend: 'pytorch', threads };
  return {
    what: row,
    run: async () => {
      if (!existsSync(PYTHON)) return { ok: false, lines: [], error: `${PYTHON} is not installed` };
      const env = torchEnv();
      const outcome = await runChild(PYTHON, [scriptPath(script), '--threads', String(threads), ...args], env);
      // The scripts import numpy and torch; Debian's python3-torch brings both.
      if (/No module named '(numpy|torch)'/.test(outcome.error ?? ''))
        return { ok: false, lines: [], error: 'python3-torch is not installed (apt-get install python3-torch)' };
      const lines = outcome.lines.map((line) => ({ ...line, ompWaitPolicy: env.OMP_WAIT_POLICY }));
      return { ...outcome, lines };
    },
  };
}
