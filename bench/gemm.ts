// The GEMM benchmark suite: GFLOPS of every backend that loads (through the kernel contract only), of
// OpenBLAS (bench/openblas/sgemm.c, built here when libopenblas-dev is installed) and of peers that
// provide rows (bench/peers/tfjs-gemm.ts, if present). One row per measurement:
//   {"suite":"gemm","backend":"native","isa":"avx2","threads":1,"m":1024,"n":1024,"k":1024,
//    "transA":false,"transB":false,"gflops":...}
// Shapes: squares 64..2048 (all four transpose cases) and the shapes of training an MLP with layers
// 784-256-128-10 at batch 32, 128, 512: forward Y = X W (NN), dW = X^T dY (TN), dX = dY W^T (NT).
// The single-threaded js and wasm backends get squares up to 512 only (2048^3 would take minutes each).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../src/backends/contract.js';
import { packageRoot } from '../src/package-root.js';
import { loadAvailableBackends } from '../src/backends/node.js';
import { Random } from '../src/random.js';
import { timeBest } from './timing.js';

export interface GemmShape {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  /** square, or the MLP pass the shape comes from (forward, weight-gradient, input-gradient). */
  kind: string;
}

export const SQUARE_SIZES = [64, 128, 256, 512, 1024, 2048];
export const MLP_BATCHES = [32, 128, 512];
export const MLP_LAYERS: [number, number][] = [[784, 256], [256, 128], [128, 10]];

export function gemmShapes(quick = false): GemmShape[] {
  const shapes: GemmShape[] = [];
  const transposes: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
  for (const s of quick ? [256, 1024] : SQUARE_SIZES) {
    for (const [transA, transB] of quick ? transposes.slice(0, 1) : transposes) shapes.push({ m: s, n: s, k: s, transA, transB, kind: 'square' });
  }
  for (const batch of quick ? [128] : MLP_BATCHES) {
    for (const [inputs, units] of MLP_LAYERS) {
      shapes.push({ m: batch, n: units, k: inputs, transA: false, transB: false, kind: 'mlp-forward' });
      shapes.push({ m: inputs, n: units, k: batch, transA: true, transB: false, kind: 'mlp-weight-gradient' });
      shapes.push({ m: batch, n: inputs, k: units, transA: false, transB: true, kind: 'mlp-input-gradient' });
    }
  }
  return shapes;
}

const flops = (s: GemmShape): number => 2 * s.m * s.n * s.k;

function measureBackend(backend: Backend, s: GemmShape, minSeconds: number): number {
  const rng = new Random(s.m * 7 + s.n * 13 + s.k);
  // Allocate all three before taking any view: a wasm allocation can grow the memory and detach the
  // views taken earlier (they read as length 0). Freed afterwards so shapes do not pile up in memory.
  const buffers = [backend.allocate(s.m * s.k), backend.allocate(s.k * s.n), backend.allocate(s.m * s.n)];
  const [a, b, c] = buffers.map((buffer) => buffer.data);
  for (const x of [a, b]) for (let i = 0; i < x.length; i++) x[i] = rng.nextUint32() / 2 ** 32 - 0.5;
  const t = timeBest(() => backend.gemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, b, 0, c), { minSeconds });
  for (const buffer of buffers) buffer.free();
  return flops(s) / t.seconds / 1e9;
}

/** Builds the OpenBLAS harness into bench/out/ when cblas.h and libopenblas are installed; else undefined. */
export function openblasHarness(): string | undefined {
  const root = packageRoot();
  const source = join(root, 'bench', 'openblas', 'sgemm.c');
  const header = ['/usr/include/x86_64-linux-gnu/cblas.h', '/usr/include/aarch64-linux-gnu/cblas.h', '/usr/include/cblas.h']
    .find((p) => existsSync(p));
  if (!header || !existsSync(source)) return undefined;
  const out = join(root, 'bench', 'out');
  const binary = join(out, 'sgemm-openblas');
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(out, { recursive: true });
    try {
      execFileSync('cc', ['-O2', '-o', binary, source, '-lopenblas'], { stdio: 'pipe' });
    } catch {
      return undefined;  // headers without the library, or no compiler: no OpenBLAS rows
    }
  }
  return binary;
}

function measureOpenblas(binary: string, s: GemmShape, threads: number): { gflops: number; core: string } {
  // Peers at their best: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE would pin it to other kernels.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  delete env.OPENBLAS_NUM_THREADS;
  const args = [threads, s.m, s.n, s.k, s.transA ? 1 : 0, s.transB ? 1 : 0].map(String);
  const result = JSON.parse(execFileSync(binary, args, { env, encoding: 'utf8' })) as { gflops: number; core: string };
  return result;
}

type PeerRows = (shapes: Omit<GemmShape, 'kind'>[]) => AsyncGenerator<Record<string, unknown>>;

async function peerRows(): Promise<PeerRows | undefined> {
  try {
    // Written by another engineer; absent in some checkouts, so the import is resolved at run time.
    const path = './peers/tfjs-gemm.js';
    const mod = (await import(path)) as { tfjsGemmRows?: PeerRows };
    return mod.tfjsGemmRows;
  } catch {
    return undefined;
  }
}

interface Threadable {
  setThreads(threads: number): void;
}
const threadable = (b: Backend): b is Backend & Threadable => typeof (b as Partial<Threadable>).setThreads === 'function';

/**
 * Yields one row per measurement. `backends` narrows the set (native, wasm, js, openblas, tfjs...);
 * `quick` measures a few shapes briefly.
 */
export async function* gemmSuite(options: { backends?: string[]; quick?: boolean } = {}): AsyncGenerator<Record<string, unknown>> {
  const wanted = (name: string): boolean => !options.backends || options.backends.length === 0 || options.backends.includes(name);
  const quick = options.quick ?? false;
  const minSeconds = quick ? 0.05 : 0.2;
  const shapes = gemmShapes(quick);
  const cores = Math.max(1, cpus().length);
  const threadCounts = cores > 1 ? [1, cores] : [1];
  const backends = (await loadAvailableBackends()).filter((b) => wanted(b.name));
  const openblas = wanted('openblas') ? openblasHarness() : undefined;

  for (const s of shapes) {
    const base = { suite: 'gemm', m: s.m, n: s.n, k: s.k, transA: s.transA, transB: s.transB, shape: s.kind };
    // Side by side per shape, so a slow patch of the shared machine hits every backend alike.
    for (const threads of threadCounts) {
      for (const backend of backends) {
        const canThread = threadable(backend);
        if (threads > 1 && !canThread) continue;
        if (!canThread && s.m * s.n * s.k > 512 ** 3) continue;  // js/wasm: see the header comment
        if (canThread) backend.setThreads(threads);
        const gflops = measureBackend(backend, s, minSeconds);
        const isa = backend.details.isa ?? (backend.details.simd === true ? 'simd128' : backend.details.simd === false ? 'none' : undefined);
        yield { ...base, backend: backend.name, ...(isa !== undefined ? { isa } : {}), threads, gflops: round(gflops) };
      }
      if (openblas) {
        const r = measureOpenblas(openblas, s, threads);
        yield { ...base, backend: 'openblas', isa: r.core, threads, gflops: round(r.gflops) };
      }
    }
  }
  for (const backend of backends) if (threadable(backend)) backend.setThreads(cores);

  if (wanted('tfjs') || wanted('tfjs-node') || wanted('tfjs-wasm') || !options.backends) {
    const rows = await peerRows();
    if (rows) {
      for await (const row of rows(shapes.map(({ m, n, k, transA, transB }) => ({ m, n, k, transA, transB })))) {
        yield { suite: 'gemm', ...row };
      }
    }
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
