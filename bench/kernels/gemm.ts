// The GEMM suite with its peers: `node dist/bench/kernels/gemm.js [--json] [--quick] [--backend native,...]`
// after `npm run build:bench`. Our backends, OpenBLAS beside them on every shape (when libopenblas-dev is
// installed) and then TensorFlow.js (bench/peers/tfjs-gemm.ts, dev dependencies). Prints one JSON object
// per line with --json, else a table; then the figures the native backend is judged by (single-thread
// SGEMM 1024 against OpenBLAS and against the FMA peak, two-thread speed-up, MLP shapes against OpenBLAS)
// and the cost of one kernel call. --backend names: native, wasm, js, openblas, tfjs-wasm, tfjs-cpu.
import { readFileSync } from 'node:fs';
import type { NativeBackend } from '../../src/backends/native/index.js';
import { loadBackend } from '../../src/backends/node.js';
import { gemmShapes, gemmSuite } from '../../src/bench/gemm.js';
import { secondsPerCall } from '../../src/bench/timing.js';
import { openblasSideBySide } from '../peers/openblas.js';
import { tfjsGemmRows } from '../peers/tfjs-gemm.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const backendArg = args.find((a) => a.startsWith('--backend'));
const backendList = backendArg?.includes('=') ? backendArg.split('=')[1] : args[args.indexOf(backendArg!) + 1];
const backends = backendArg ? backendList.split(',') : undefined;
const wanted = (name: string): boolean => !backends || backends.includes(name);

type Row = Record<string, unknown> & {
  backend: string;
  threads: number;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  gflops: number;
};
const rows: Row[] = [];
const print = (row: Record<string, unknown>): void => {
  rows.push(row as Row);
  if (json) console.log(JSON.stringify(row));
  else {
    const cells = [
      String(row.backend).padEnd(9),
      String(row.isa ?? '').padEnd(8),
      `t${row.threads}`,
      `${row.transA ? 'T' : 'N'}${row.transB ? 'T' : 'N'}`,
      `${row.m}x${row.n}x${row.k}`.padEnd(15),
      String(row.shape ?? '').padEnd(20),
      `${String(row.gflops).padStart(8)} GFLOPS`,
    ];
    console.log(cells.join(' '));
  }
};
const sideBySide = wanted('openblas') ? openblasSideBySide() : undefined;
for await (const row of gemmSuite({ backends, quick, sideBySide })) print(row);
const peers = (['tfjs-wasm', 'tfjs-cpu'] as const).filter(wanted);
for await (const row of tfjsGemmRows(gemmShapes(quick), peers)) print(row);

const find = (
  backend: string,
  threads: number,
  m: number,
  n: number,
  k: number,
  ta = false,
  tb = false,
): Row | undefined =>
  rows.find(
    (r) =>
      r.backend === backend &&
      r.threads === threads &&
      r.m === m &&
      r.n === n &&
      r.k === k &&
      r.transA === ta &&
      r.transB === tb,
  );

const summary: Record<string, unknown> = { suite: 'gemm-summary' };
const native1 = find('native', 1, 1024, 1024, 1024);
const blas1 = find('openblas', 1, 1024, 1024, 1024);
const maxThreads = Math.max(...rows.filter((r) => r.backend === 'native').map((r) => r.threads));
const nativeN = find('native', maxThreads, 1024, 1024, 1024);
if (native1) {
  summary.native1024SingleThreadGflops = native1.gflops;
  // Peak of one core: 2 FMA pipes x 8 floats (256-bit) x 2 flops x clock. The clock is the nominal one
  // the kernel reports (/proc/cpuinfo "cpu MHz"); a boosting CPU runs faster, so this ratio is generous.
  const mhz = cpuMhz();
  if (mhz && native1.isa === 'avx2') {
    const peak = (2 * 8 * 2 * mhz) / 1000;
    summary.corePeakGflops = Math.round(peak * 10) / 10;
    summary.clockMhz = mhz;
    summary.fractionOfPeak = Math.round((native1.gflops / peak) * 1000) / 1000;
  }
  if (blas1) summary.vsOpenblas1024SingleThread = Math.round((native1.gflops / blas1.gflops) * 1000) / 1000;
  if (nativeN && maxThreads > 1)
    summary[`speedup${maxThreads}Threads1024`] = Math.round((nativeN.gflops / native1.gflops) * 100) / 100;
}
const mlpRatios = rows
  .filter((r) => r.backend === 'native' && String(r.shape).startsWith('mlp'))
  .map((r) => ({ r, b: find('openblas', r.threads, r.m, r.n, r.k, r.transA, r.transB) }))
  .filter((x) => x.b)
  .map((x) => x.r.gflops / x.b!.gflops);
if (mlpRatios.length > 0) {
  summary.mlpShapesVsOpenblasMin = Math.round(Math.min(...mlpRatios) * 1000) / 1000;
  summary.mlpShapesVsOpenblasGeomean =
    Math.round(Math.exp(mlpRatios.reduce((s, v) => s + Math.log(v), 0) / mlpRatios.length) * 1000) / 1000;
  summary.mlpShapesAtLeastOpenblas = `${mlpRatios.filter((v) => v >= 1).length}/${mlpRatios.length}`;
}
try {
  const native = (await loadBackend('native')) as NativeBackend;
  const x = new Float32Array(1);
  const [noop, scale1] = [() => native.addon.noop(1, x), () => native.scale(1, 1, x)].map((call) =>
    secondsPerCall(call, { minSeconds: 0.1 }),
  );
  summary.callOverheadNoopNs = Math.round(noop * 1e9);
  summary.callOverheadScale1Ns = Math.round(scale1 * 1e9);
} catch {
  // native not available: no overhead figures
}
console.log(JSON.stringify(summary));

function cpuMhz(): number | undefined {
  try {
    const m = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m ? Math.round(Number(m[1])) : undefined;
  } catch {
    return undefined;
  }
}
