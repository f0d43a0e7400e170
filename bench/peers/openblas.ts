/**
 * OpenBLAS's SGEMM as a GEMM peer: bench/peers/openblas/sgemm.c, compiled into bench/out/ and run once per shape
 * and thread count. The harness loads libopenblas.so.0 at run time (the library python3-torch already brings;
 * no headers or libopenblas-dev needed); where it is missing there are no OpenBLAS rows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type GemmSideBySide, round } from '../../src/bench/gemm.js';

// This file runs as dist/bench/peers/openblas.js; the C source and bench/out/ are in the repository's bench/.
const SOURCE = fileURLToPath(new URL('../../../bench/peers/openblas/sgemm.c', import.meta.url));
const OUT = fileURLToPath(new URL('../../../bench/out/', import.meta.url));
/** Exit status of the harness when libopenblas.so.0 cannot be loaded (bench/peers/openblas/sgemm.c). */
const NO_LIBRARY = 3;

/** The harness binary, built when missing or older than its source; undefined without a compiler. */
function openblasHarness(): string | undefined {
  if (!existsSync(SOURCE)) return undefined;
  const binary = `${OUT}sgemm-openblas`;
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(SOURCE).mtimeMs) {
    mkdirSync(OUT, { recursive: true });
    try {
      execFileSync('cc', ['-O2', '-o', binary, SOURCE, '-ldl'], { stdio: 'pipe' });
    } catch {
      return undefined; // no C compiler: no OpenBLAS rows
    }
  }
  return binary;
}

/** OpenBLAS timed beside our backends on each GEMM shape, or undefined when it is not installed. */
export function openblasSideBySide(): GemmSideBySide | undefined {
  const binary = openblasHarness();
  if (!binary) return undefined;
  // Peers at their best: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE would pin it to other kernels.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  delete env.OPENBLAS_NUM_THREADS;
  let missing = false;
  return (s, threads) => {
    if (missing) return undefined;
    const args = [threads, s.m, s.n, s.k, s.transA ? 1 : 0, s.transB ? 1 : 0].map(String);
    let output: string;
    try {
      output = execFileSync(binary, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      if ((error as { status?: number }).status !== NO_LIBRARY) throw error;
      missing = true; // said once, then no OpenBLAS rows
      console.error(`openblas: ${String((error as { stderr?: string }).stderr).trim()}; no OpenBLAS rows`);
      return undefined;
    }
    const result = JSON.parse(output) as { gflops: number; core: string };
    return { backend: 'openblas', isa: result.core, threads, gflops: round(result.gflops) };
  };
}
