/**
 * The wasm GEMM against its peers: `node dist/bench/wasm-gemm-main.js [sizes...]` prints one JSON line per
 * measurement (wasm SIMD, wasm scalar, js, tfjs-wasm, tfjs-cpu; square m = n = k, all four transpose
 * cases) and then the ratios the wasm issue sets as targets:
 *   wasm >= tfjs-wasm's plain matMul; wasm's transposed cases >= 80% of its plain case; js >= 4x tfjs-cpu.
 * Timings on a shared machine are noisy: each figure is the best of 5 timings (bench/peers/tfjs-gemm.ts),
 * and the ratios are from one run.
 */
import type { Backend } from '../src/backends/contract.js';
import { createJsBackend } from '../src/backends/js/index.js';
import { loadNodeWasmBackend } from '../src/backends/wasm/index.js';
import { Random } from '../src/random.js';
import { type GemmShape, secondsPerCall, tfjsGemmRows } from './peers/tfjs-gemm.js';

const sizes = process.argv.slice(2).map(Number).filter((v) => v > 0);
const SIZES = sizes.length > 0 ? sizes : [128, 256, 512, 1024];
const CASES: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

function shapes(): GemmShape[] {
  return SIZES.flatMap((s) => CASES.map(([transA, transB]) => ({ m: s, n: s, k: s, transA, transB })));
}

/** GEMM rows for one of our backends, with every buffer allocated by it (wasm: in linear memory). */
function* backendRows(backend: Backend, label: string): Generator<Record<string, unknown>> {
  const random = new Random(1);
  for (const { m, n, k, transA, transB } of shapes()) {
    const a = backend.allocate(m * k);
    const b = backend.allocate(k * n);
    const c = backend.allocate(m * n);
    random.fillUniform(a.data, -1, 1);
    random.fillUniform(b.data, -1, 1);
    const [va, vb, vc] = [a.data, b.data, c.data];
    const once = (): void => backend.gemm(transA, transB, m, n, k, 1, va, vb, 0, vc);
    once();
    const seconds = secondsPerCall(once);
    a.free();
    b.free();
    c.free();
    yield { suite: 'gemm', backend: label, threads: 1, m, n, k, transA, transB, gflops: Number(((2 * m * n * k) / seconds / 1e9).toFixed(3)) };
  }
}

const rows: Record<string, unknown>[] = [];
const emit = (row: Record<string, unknown>): void => {
  rows.push(row);
  console.log(JSON.stringify(row));
};

for (const row of backendRows(await loadNodeWasmBackend({ simd: true }), 'wasm')) emit(row);
for (const row of backendRows(await loadNodeWasmBackend({ simd: false }), 'wasm-scalar')) emit(row);
for (const row of backendRows(createJsBackend(), 'js')) emit(row);
for await (const row of tfjsGemmRows(shapes())) emit(row);

const gflops = (backend: string, s: number, transA: boolean, transB: boolean): number | undefined =>
  rows.find((r) => r.backend === backend && r.m === s && r.transA === transA && r.transB === transB)?.gflops as number | undefined;
const ratio = (x: number | undefined, y: number | undefined): string => (x && y ? (x / y).toFixed(2) : 'n/a');

console.log('\n# size | wasm NN GFLOPS | tfjs-wasm NN | wasm/tfjs-wasm NN | wasm TN/NN NT/NN TT/NN | wasm NT / tfjs-wasm NT | js NN / tfjs-cpu NN');
for (const s of SIZES) {
  const w = gflops('wasm', s, false, false);
  const t = gflops('tfjs-wasm', s, false, false);
  const trans = CASES.slice(1).map(([ta, tb]) => ratio(gflops('wasm', s, ta, tb), w)).join(' ');
  console.log(`# ${s} | ${w} | ${t ?? 'n/a'} | ${ratio(w, t)} | ${trans} | ${ratio(gflops('wasm', s, false, true), gflops('tfjs-wasm', s, false, true))} | ${ratio(gflops('js', s, false, false), gflops('tfjs-cpu', s, false, false))}`);
}
