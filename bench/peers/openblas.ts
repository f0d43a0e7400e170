/**
 * OpenBLAS's SGEMM as a GEMM peer: bench/peers/openblas/sgemm.c, compiled into bench/out/ when cblas.h and
 * libopenblas are installed (Debian's libopenblas-dev), run once per shape and thread count.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type GemmSideBySide, round } from '../../src/bench/gemm.js';

// This file runs as dist/bench/peers/openblas.js; the C source and bench/out/ are in the repository's bench/.
const SOURCE = fileURLToPath(new URL('../../../bench/peers/openblas/sgemm.c', import.meta.url));
const OUT = fileURLToPath(new URL('../../../bench/out/', import.meta.url));
const HEADERS = [
  '/usr/include/x86_64-linux-gnu/cblas.h',
  '/usr/include/aarch64-linux-gnu/cblas.h',
  '/usr/include/cblas.h',
];

/** The harness binary, built when missing or older than its source; undefined without OpenBLAS or a compiler. */
function openblasHarness(): string | undefined {
  if (!HEADERS.some((p) => existsSync(p)) || !existsSync(SOURCE)) return undefined;
  const binary = `${OUT}sgemm-openblas`;
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(SOURCE).mtimeMs) {
    mkdirSync(OUT, { recursive: true });
    try {
      execFileSync('cc', ['-O2', '-o', binary, SOURCE, '-lopenblas'], { stdio: 'pipe' });
    } catch {
      return undefined; // headers without the library, or no compiler: no OpenBLAS rows
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
  return (s, threads) => {
    const args = [threads, s.m, s.n, s.k, s.transA ? 1 : 0, s.transB ? 1 : 0].map(String);
    const result = JSON.parse(execFileSync(binary, args, { env, encoding: 'utf8' })) as {
      gflops: number;
      core: string;
    };
    return { backend: 'openblas', isa: result.core, threads, gflops: round(result.gflops) };
  };
}
