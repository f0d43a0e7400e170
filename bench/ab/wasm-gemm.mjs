// A/B of the wasm GEMM on the shapes of training the MLP 784-256-128-10 (forward X W: NN, weight gradient
// X^T dY: TN, input gradient dY W^T: NT) at batch 32, 128 and 512, and on a few squares: two builds of
// the module in one process, timed interleaved shape by shape, best of rounds in CPU time
// (process.cpuUsage, so time the process spends descheduled by other load does not count). Also says
// whether the two builds give the same bits on each shape.
// usage (after npm run build): node bench/ab/wasm-gemm.mjs /path/to/wasmDirA /path/to/wasmDirB [rounds] [scalar]
// (a wasm dir holds backprop.wasm and backprop-scalar.wasm, e.g. a copy of wasm/ taken before a change;
// "scalar" times the scalar builds instead of the SIMD ones)
import { loadNodeWasmBackend } from '../../dist/src/backends/wasm/index.js';

const [dirA, dirB] = process.argv.slice(2, 4);
const rounds = Number(process.argv[4] ?? 5);
const simd = process.argv[5] !== 'scalar';
if (!dirA || !dirB) throw new Error('usage: node bench/ab/wasm-gemm.mjs wasmDirA wasmDirB [rounds] [scalar]');

const shapes = [];
for (const batch of [32, 128, 512]) {
  for (const [inputs, units] of [
    [784, 256],
    [256, 128],
    [128, 10],
  ]) {
    shapes.push({ m: batch, n: units, k: inputs, ta: false, tb: false });
    shapes.push({ m: inputs, n: units, k: batch, ta: true, tb: false });
    shapes.push({ m: batch, n: inputs, k: units, ta: false, tb: true });
  }
}
for (const s of [256, 512]) shapes.push({ m: s, n: s, k: s, ta: false, tb: false });

const sides = await Promise.all([dirA, dirB].map((dir) => loadNodeWasmBackend({ dir, simd })));
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

console.log(`# ${simd ? 'SIMD' : 'scalar'} builds, GFLOPS (best of ${rounds} rounds, CPU time): A=${dirA} B=${dirB}`);
for (const s of shapes) {
  let seed = 12345;
  const fill = (x) => {
    for (let i = 0; i < x.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      x[i] = seed / 2 ** 32 - 0.5;
    }
  };
  const a = new Float32Array(s.m * s.k);
  const b = new Float32Array(s.k * s.n);
  fill(a);
  fill(b);
  const calls = sides.map((backend) => {
    const buffers = [backend.allocate(a.length), backend.allocate(b.length), backend.allocate(s.m * s.n)];
    // Views are read per call: allocating for the other side may grow the memory and detach them.
    buffers[0].data.set(a);
    buffers[1].data.set(b);
    const call = () => backend.gemm(s.ta, s.tb, s.m, s.n, s.k, 1, buffers[0].data, buffers[1].data, 0, buffers[2].data);
    return { call, result: () => buffers[2].data };
  });
  for (const c of calls) c.call();
  const [ra, rb] = calls.map((c) => c.result());
  let same = ra.length === rb.length;
  for (let i = 0; same && i < ra.length; i++) same = Object.is(ra[i], rb[i]);
  const best = [Infinity, Infinity];
  for (let r = 0; r < rounds; r++) {
    calls.forEach((c, i) => {
      let count = 0;
      const t0 = cpuSeconds();
      let elapsed = 0;
      while (count < 3 || elapsed < 0.05) {
        c.call();
        count++;
        elapsed = cpuSeconds() - t0;
      }
      best[i] = Math.min(best[i], elapsed / count);
    });
  }
  const gflops = best.map((t) => (2 * s.m * s.n * s.k) / t / 1e9);
  const name = `${s.ta ? 'T' : 'N'}${s.tb ? 'T' : 'N'} ${s.m}x${s.n}x${s.k}`.padEnd(18);
  console.log(
    `${name} A ${gflops[0].toFixed(2).padStart(6)}  B ${gflops[1].toFixed(2).padStart(6)}  ` +
      `B/A ${(gflops[1] / gflops[0]).toFixed(2)}  ${same ? 'same bits' : 'BITS DIFFER'}`,
  );
}
