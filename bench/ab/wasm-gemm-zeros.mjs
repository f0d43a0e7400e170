// A/B of the two largest GEMMs of training the Fashion-MNIST MLP on real inputs (the first 128 training
// images / 255, half of whose pixels are 0): the forward X W (NN 128x256x784) and the weight gradient
// X^T dY (TN 784x256x128, dY with a third of its values 0 as after a ReLU). Two builds of the module in one
// process, calls interleaved, CPU time (process.cpuUsage); also says whether the builds give the same bits.
// usage (after npm run build): node bench/ab/wasm-gemm-zeros.mjs /path/to/wasmDirA /path/to/wasmDirB [rounds]
import { loadDatasetAsync, Random } from '../../dist/src/index.js';
import { loadNodeWasmBackend } from '../../dist/src/backends/wasm/index.js';

const [dirA, dirB] = process.argv.slice(2, 4);
const rounds = Number(process.argv[4] ?? 60);
if (!dirA || !dirB) throw new Error('usage: node bench/ab/wasm-gemm-zeros.mjs wasmDirA wasmDirB [rounds]');

const { train } = await loadDatasetAsync('fashion-mnist');
const x = Float32Array.from(train.x.subarray(0, 128 * 784), (v) => v / 255);
const random = new Random(7);
const w = random.fillUniform(new Float32Array(784 * 256), -0.05, 0.05);
const dy = random.fillUniform(new Float32Array(128 * 256), -1, 1).map((v, i) => (i % 3 === 0 ? 0 : v));
const sides = await Promise.all([dirA, dirB].map((dir) => loadNodeWasmBackend({ dir, simd: true })));
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const shapes = [
  ['NN 128x256x784', (b, [bx, bw], c) => b.gemm(false, false, 128, 256, 784, 1, bx.data, bw.data, 0, c.data)],
  ['TN 784x256x128', (b, [bx, , bdy], c) => b.gemm(true, false, 784, 256, 128, 1, bx.data, bdy.data, 0, c.data)],
];
for (const [name, run] of shapes) {
  const calls = sides.map((backend) => {
    const inputs = [x, w, dy].map((values) => backend.allocate(values.length));
    const c = backend.allocate(784 * 256);
    // Views are read per call: allocating for the other side may grow the memory and detach them.
    inputs.forEach((buffer, i) => buffer.data.set([x, w, dy][i]));
    return { call: () => run(backend, inputs, c), result: () => c.data.slice() };
  });
  const [ra, rb] = calls.map((c) => (c.call(), c.result()));
  const same = ra.every((v, i) => Object.is(v, rb[i]));
  const times = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < 2; i++) {
      const side = (r + i) & 1;
      const t0 = cpuSeconds();
      for (let q = 0; q < 3; q++) calls[side].call();
      times[side].push((cpuSeconds() - t0) / 3);
    }
  }
  const stat = (t) => {
    const s = [...t].sort((p, q) => p - q);
    return `min ${(s[0] * 1e6).toFixed(0)} median ${(s[s.length >> 1] * 1e6).toFixed(0)} us`;
  };
  console.log(`${name}: A ${stat(times[0])} | B ${stat(times[1])} | ${same ? 'same bits' : 'BITS DIFFER'}`);
}
