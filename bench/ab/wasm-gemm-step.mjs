// A/B of the wasm GEMM on the very calls of a training step: trains the Fashion-MNIST MLP (mlp-net.mjs) on
// this build's wasm backend for a few batches, copies the operands of every gemm call of the next step (so
// they hold the zeros that images and ReLU outputs really have, which the GEMM skips), then times each call
// on two builds of the module in one process, interleaved call by call, best of rounds in CPU time
// (process.cpuUsage). Prints per call (us, and GFLOPS as 2 m n k over the time) and for the whole step's GEMMs,
// and whether the builds give the same bits.
// usage (after npm run build): node bench/ab/wasm-gemm-step.mjs wasmDirA wasmDirB [batch] [rounds] [warmBatches]
// (a wasm dir holds backprop.wasm and backprop-scalar.wasm, e.g. a copy of wasm/ taken before a change)
import { mlpModel } from './mlp-net.mjs';

const [dirA, dirB, batchArg = '128', roundsArg = '9', warmArg = '30'] = process.argv.slice(2);
if (!dirA || !dirB)
  throw new Error('usage: node bench/ab/wasm-gemm-step.mjs wasmDirA wasmDirB [batch] [rounds] [warm]');
const batch = Number(batchArg);
const rounds = Number(roundsArg);
const warmBatches = Number(warmArg);
const dist = new URL('../../dist', import.meta.url).pathname;
const m = await import(`${dist}/src/index.js`);
const { KERNEL_PROGRAMS, UNCHECKED_KERNELS } = await import(`${dist}/src/backends/unchecked.js`);
const { loadNodeWasmBackend } = await import(`${dist}/src/backends/wasm/index.js`);

// ---- capture the gemm calls of one step
const backend = await m.loadBackend('wasm');
const captured = [];
let capturing = false;
function wrapGemm(table) {
  const inner = table.gemm;
  table.gemm = function (...args) {
    if (capturing) {
      const [ta, tb, rows, cols, depth, alpha, a, b, beta, c] = args;
      captured.push({ ta, tb, m: rows, n: cols, k: depth, alpha, beta, a: a.slice(), b: b.slice(), c: c.slice() });
    }
    return inner.apply(this, args);
  };
}
wrapGemm(backend);
if (Object.prototype.hasOwnProperty.call(backend, UNCHECKED_KERNELS)) wrapGemm(backend[UNCHECKED_KERNELS]);
// Without kernel programs every call of the step goes through the wrapped methods.
delete backend[KERNEL_PROGRAMS];

const model = mlpModel(m, backend);
model.compile({ optimizer: m.optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
const { train } = await m.loadDatasetAsync('fashion-mnist');
let done = 0;
await model.fit(train, {
  scale: 1 / 255,
  batchSize: batch,
  epochs: Math.ceil(((warmBatches + 1) * batch) / train.rows) + 1,
  seed: 1,
  verbose: 0,
  callbacks: [
    {
      onBatchBegin: () => {
        capturing = done === warmBatches;
      },
      onBatchEnd: () => {
        if (++done > warmBatches) model.stopTraining = true;
      },
    },
  ],
});
capturing = false;

// ---- time the captured calls on both builds
const sides = await Promise.all([dirA, dirB].map((dir) => loadNodeWasmBackend({ dir, simd: true })));
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const calls = captured.map((g) =>
  sides.map((side) => {
    const buffers = [side.allocate(g.a.length), side.allocate(g.b.length), side.allocate(g.c.length)];
    // Views are read per call: allocating for the other side may grow the memory and detach them.
    buffers[0].data.set(g.a);
    buffers[1].data.set(g.b);
    const call = () => {
      buffers[2].data.set(g.c);
      side.gemm(g.ta, g.tb, g.m, g.n, g.k, g.alpha, buffers[0].data, buffers[1].data, g.beta, buffers[2].data);
    };
    return { call, result: () => buffers[2].data.slice() };
  }),
);
console.log(`# wasm GEMM calls of one step, batch ${batch} (after ${warmBatches} batches), best of ${rounds} rounds,`);
console.log(`# us per call in CPU time; A=${dirA} B=${dirB}`);
const totals = [0, 0];
for (const [i, g] of captured.entries()) {
  const pair = calls[i];
  pair.forEach((p) => p.call());
  const [ra, rb] = pair.map((p) => p.result());
  let same = true;
  for (let j = 0; same && j < ra.length; j++) same = Object.is(ra[j], rb[j]);
  const best = [Infinity, Infinity];
  for (let r = 0; r < rounds; r++) {
    pair.forEach((p, side) => {
      let count = 0;
      let elapsed = 0;
      const t0 = cpuSeconds();
      while (count < 3 || elapsed < 0.03) {
        p.call();
        count++;
        elapsed = cpuSeconds() - t0;
      }
      best[side] = Math.min(best[side], elapsed / count);
    });
  }
  totals[0] += best[0];
  totals[1] += best[1];
  let zeroCount = 0;
  for (const v of g.a) zeroCount += v === 0 ? 1 : 0;
  // Counted as the dense product's 2 m n k, skipped zeros included.
  const gflops = (seconds) => ((2 * g.m * g.n * g.k) / seconds / 1e9).toFixed(1);
  const name = `${g.ta ? 'T' : 'N'}${g.tb ? 'T' : 'N'} ${g.m}x${g.n}x${g.k}`.padEnd(18);
  console.log(
    `${name} A ${(best[0] * 1e6).toFixed(1).padStart(7)}  B ${(best[1] * 1e6).toFixed(1).padStart(7)}  ` +
      `GFLOPS A ${gflops(best[0]).padStart(5)} B ${gflops(best[1]).padStart(5)}  ` +
      `B/A ${(best[1] / best[0]).toFixed(2)}  A zeros ${((100 * zeroCount) / g.a.length).toFixed(0).padStart(3)} %  ` +
      `${same ? 'same bits' : 'BITS DIFFER'}`,
  );
}
console.log(
  `all gemm of the step  A ${(totals[0] * 1e6).toFixed(1)}  B ${(totals[1] * 1e6).toFixed(1)}  ` +
    `B/A ${(totals[1] / totals[0]).toFixed(2)}`,
);
