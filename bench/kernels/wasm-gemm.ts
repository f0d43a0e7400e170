/**
 * The wasm GEMM against its peers: `node dist/bench/kernels/wasm-gemm.js [sizes...]` prints one JSON line per
 * measurement (wasm SIMD, wasm scalar, js, tfjs-wasm, tfjs-cpu; square m = n = k, all four transpose
 * cases) and then the ratios set as the wasm backend's targets:
 *   wasm >= tfjs-wasm's plain matMul; wasm's transposed cases >= 80% of its plain case; js >= 4x tfjs-cpu.
 * What is compared is timed interleaved (the four transpose cases of a size, ours and the peer's: wasm
 * with tfjs-wasm, js with tfjs-cpu), best of 5 trials each (bench/peers/tfjs-gemm.ts), so a busy moment of
 * the shared machine hits every figure of a ratio alike.
 */
import type { Backend } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import { loadNodeWasmBackend } from '../../src/backends/wasm/index.js';
import { bestSecondsPerCall } from '../../src/bench/timing.js';
import { Random } from '../../src/random.js';
import { type GemmShape, PEER_TIMING, type TfjsPeer, gemmRow, loadTfjsPeer } from '../peers/tfjs-gemm.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((v) => v > 0);
const SIZES = sizes.length > 0 ? sizes : [128, 256, 512, 1024];
const CASES: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const shapes: GemmShape[] = SIZES.flatMap((s) =>
  CASES.map(([transA, transB]) => ({ m: s, n: s, k: s, transA, transB })),
);

/** A GEMM call on buffers the backend allocated (wasm: in linear memory, no copies). */
function prepare(backend: Backend, { m, n, k, transA, transB }: GemmShape): { call(): void; dispose(): void } {
  const random = new Random(m + n + k);
  const a = backend.allocate(m * k);
  const b = backend.allocate(k * n);
  const c = backend.allocate(m * n);
  random.fillUniform(a.data, -1, 1);
  random.fillUniform(b.data, -1, 1);
  // .data is read per call: preparing the next shape may grow wasm memory and replace these views.
  const call = (): void => backend.gemm(transA, transB, m, n, k, 1, a.data, b.data, 0, c.data);
  call();
  return {
    call,
    dispose: () => {
      a.free();
      b.free();
      c.free();
    },
  };
}

const rows: Record<string, unknown>[] = [];
const emit = (row: Record<string, unknown>): void => {
  rows.push(row);
  console.log(JSON.stringify(row));
};

/**
 * Times ours and (when installed) the peer on the four transpose cases of each size, all eight calls
 * interleaved: both the ours-vs-peer ratio and the transposed-vs-plain ratio compare timings taken under
 * the same load.
 */
function measurePair(label: string, backend: Backend, peer: TfjsPeer | undefined): void {
  for (const size of SIZES) {
    const group = shapes.filter((s) => s.m === size);
    const ours = group.map((shape) => prepare(backend, shape));
    const theirs = peer ? group.map((shape) => peer.prepare(shape)) : [];
    const seconds = bestSecondsPerCall(
      [...ours, ...theirs].map((p) => p.call),
      PEER_TIMING,
    );
    for (const p of [...ours, ...theirs]) p.dispose();
    group.forEach((shape, i) => emit(gemmRow(label, shape, seconds[i])));
    if (peer) group.forEach((shape, i) => emit(gemmRow(peer.backend, shape, seconds[group.length + i])));
  }
}

measurePair('wasm', await loadNodeWasmBackend({ simd: true }), await loadTfjsPeer('wasm'));
measurePair('wasm-scalar', await loadNodeWasmBackend({ simd: false }), undefined);
measurePair('js', createJsBackend(), await loadTfjsPeer('cpu'));

const gflops = (backend: string, s: number, transA: boolean, transB: boolean): number | undefined =>
  rows.find((r) => r.backend === backend && r.m === s && r.transA === transA && r.transB === transB)?.gflops as
    number | undefined;
const ratio = (x: number | undefined, y: number | undefined): string => (x && y ? (x / y).toFixed(2) : 'n/a');

const columns = ['size', 'wasm NN GFLOPS', 'tfjs-wasm NN', 'wasm/tfjs-wasm NN', 'wasm TN/NN NT/NN TT/NN'];
console.log(`\n# ${[...columns, 'wasm NT / tfjs-wasm NT', 'js NN / tfjs-cpu NN'].join(' | ')}`);
for (const s of SIZES) {
  const w = gflops('wasm', s, false, false);
  const t = gflops('tfjs-wasm', s, false, false);
  const trans = CASES.slice(1)
    .map(([ta, tb]) => ratio(gflops('wasm', s, ta, tb), w))
    .join(' ');
  const nt = ratio(gflops('wasm', s, false, true), gflops('tfjs-wasm', s, false, true));
  const jsNN = ratio(gflops('js', s, false, false), gflops('tfjs-cpu', s, false, false));
  console.log(`# ${[s, w, t ?? 'n/a', ratio(w, t), trans, nt, jsNN].join(' | ')}`);
}
