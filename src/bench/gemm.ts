// The GEMM benchmark suite: GFLOPS of every backend that loads, through the kernel contract only. One row
// per measurement:
//   {"suite":"gemm","backend":"native","isa":"avx2","threads":1,"m":1024,"n":1024,"k":1024,
//    "transA":false,"transB":false,"gflops":...}
// Shapes: squares 64..2048 (all four transpose cases) and the shapes of training an MLP with layers
// 784-256-128-10 at batch 32, 128, 512: forward Y = X W (NN), dW = X^T dY (TN), dX = dY W^T (NT).
// The single-threaded js and wasm backends get squares up to 512 only (2048^3 would take minutes each).
// A caller may time another library beside ours on each shape (bench/kernels/gemm.ts adds OpenBLAS).
import { cpus } from 'node:os';
import type { Backend } from '../backends/contract.js';
import { loadAvailableBackends } from '../backends/node.js';
import { Random } from '../random.js';
import { secondsPerCall } from './timing.js';

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
export const MLP_LAYERS: [number, number][] = [
  [784, 256],
  [256, 128],
  [128, 10],
];

export function gemmShapes(quick = false): GemmShape[] {
  const shapes: GemmShape[] = [];
  const transposes: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  for (const s of quick ? [256, 1024] : SQUARE_SIZES) {
    for (const [transA, transB] of quick ? transposes.slice(0, 1) : transposes)
      shapes.push({ m: s, n: s, k: s, transA, transB, kind: 'square' });
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
  const seconds = secondsPerCall(() => backend.gemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, b, 0, c), { minSeconds });
  for (const buffer of buffers) buffer.free();
  return flops(s) / seconds / 1e9;
}

/** Times another library on one shape at a thread count, beside our backends; undefined: no row. */
export type GemmSideBySide = (shape: GemmShape, threads: number) => Record<string, unknown> | undefined;

interface Threadable {
  setThreads(threads: number): void;
}
const threadable = (b: Backend): b is Backend & Threadable =>
  typeof (b as Partial<Threadable>).setThreads === 'function';

export interface GemmSuiteOptions {
  /** Our backends to measure (default: every one that loads). */
  backends?: readonly string[];
  /** A few shapes, briefly. */
  quick?: boolean;
  /** Another library timed right after ours on each shape and thread count. */
  sideBySide?: GemmSideBySide;
}

/** Yields one row per measurement, shape after shape, every backend of a shape side by side. */
export async function* gemmSuite(options: GemmSuiteOptions = {}): AsyncGenerator<Record<string, unknown>> {
  const wanted = (name: string): boolean => !options.backends || options.backends.includes(name);
  const quick = options.quick ?? false;
  const minSeconds = quick ? 0.05 : 0.2;
  const cores = Math.max(1, cpus().length);
  const threadCounts = cores > 1 ? [1, cores] : [1];
  const backends = (await loadAvailableBackends()).filter((b) => wanted(b.name));

  for (const s of gemmShapes(quick)) {
    const base = { suite: 'gemm', m: s.m, n: s.n, k: s.k, transA: s.transA, transB: s.transB, shape: s.kind };
    // Side by side per shape, so a slow patch of the shared machine hits every backend alike.
    for (const threads of threadCounts) {
      for (const backend of backends) {
        const canThread = threadable(backend);
        if (threads > 1 && !canThread) continue;
        if (!canThread && s.m * s.n * s.k > 512 ** 3) continue; // js/wasm: see the header comment
        if (canThread) backend.setThreads(threads);
        const gflops = measureBackend(backend, s, minSeconds);
        const { isa, simd } = backend.details;
        const level = isa ?? (simd === true ? 'simd128' : simd === false ? 'none' : undefined);
        yield {
          ...base,
          backend: backend.name,
          ...(level !== undefined ? { isa: level } : {}),
          threads,
          gflops: round(gflops),
        };
      }
      const peer = options.sideBySide?.(s, threads);
      if (peer) yield { ...base, ...peer };
    }
  }
  for (const backend of backends) if (threadable(backend)) backend.setThreads(cores);
}

/** GFLOPS to two decimals. */
export function round(v: number): number {
  return Math.round(v * 100) / 100;
}
