// A/B of trainOnBatch on the Fashion-MNIST MLP shape (784-256-128-10 relu/softmax, Adam, sparse labels,
// batch 128, random inputs): two builds in one process, rounds interleaved, CPU ms per batch (min, median).
// usage: node bench/ab/mlp-step.mjs backend /path/to/buildA /path/to/buildB [batchesPerRound] [rounds]
import { mlpModel } from './mlp-net.mjs';
const [backendName, distA, distB] = process.argv.slice(2);
const per = Number(process.argv[5] ?? 20),
  rounds = Number(process.argv[6] ?? 15);
async function make(dist) {
  const m = await import(`${dist}/dist/src/index.js`);
  const backend = await m.loadBackend(backendName);
  const model = mlpModel(m, backend);
  model.compile({ optimizer: m.optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
  const r = new m.Random(3);
  const xs = [],
    ys = [];
  for (let i = 0; i < 4; i++) {
    xs.push(
      m.tensor2d(
        Float32Array.from({ length: 128 * 784 }, () => r.uniform()),
        [128, 784],
      ),
    );
    ys.push(
      m.tensor2d(
        Float32Array.from({ length: 128 }, (_, j) => (j * 7 + i) % 10),
        [128, 1],
      ),
    );
  }
  return () => {
    for (let i = 0; i < per; i++) model.trainOnBatch(xs[i & 3], ys[i & 3]);
  };
}
const sides = [await make(distA), await make(distB)];
const times = [[], []];
for (let r = 0; r < rounds + 2; r++)
  for (let s = 0; s < 2; s++) {
    const t0 = process.cpuUsage();
    sides[s]();
    const d = process.cpuUsage(t0);
    if (r >= 2) times[s].push((d.user + d.system) / 1000 / per);
  }
const stat = (a) => {
  const b = [...a].sort((x, y) => x - y);
  return `min ${b[0].toFixed(3)} median ${b[b.length >> 1].toFixed(3)}`;
};
console.log(`${backendName} fmnist-shape: A ${stat(times[0])} | B ${stat(times[1])} ms/batch CPU`);
