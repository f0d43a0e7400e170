// A/B of a training step of the image networks of `backprop train --model cnn|resnet` (src/cli/models.ts), Adam,
// on fixed synthetic 28x28 grey images (about half the pixels zero, as Fashion-MNIST's): two builds in one
// process, rounds interleaved, per-step CPU milliseconds (min and median over rounds; process.cpuUsage, so
// time the process spends descheduled by other load is not counted). Set BACKPROP_THREADS=1 for one thread.
// usage: node bench/ab/conv-step.mjs backend cnn|resnet /path/to/buildA /path/to/buildB [batch] [steps] [rounds]
// (a build: a copy of the package root with its dist/ and wasm/, e.g. a second git worktree after npm run build)
const [backendName, network, distA, distB] = process.argv.slice(2);
const batch = Number(process.argv[6] ?? (network === 'cnn' ? 128 : 32)),
  steps = Number(process.argv[7] ?? 5),
  rounds = Number(process.argv[8] ?? 9);
async function make(dist) {
  const m = await import(`${dist}/dist/src/index.js`);
  const models = await import(`${dist}/dist/src/cli/models.js`);
  const backend = await m.loadBackend(backendName);
  const layers = network === 'cnn' ? models.cnnLayers([28, 28, 1], 10) : models.resnetLayers([28, 28, 1], 10);
  const model = m.sequential({ seed: 7, backend, layers });
  model.compile({ optimizer: m.optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
  const pixels = new Float32Array(batch * 784).map((_, i) => Math.max(0, Math.sin(i * 0.37) * Math.cos(i * 0.011)));
  const x = m.tensor(pixels, [batch, 28, 28, 1]);
  const y = m.tensor2d(
    Array.from({ length: batch }, (_, r) => [r % 10]),
    [batch, 1],
  );
  return () => {
    for (let i = 0; i < steps; i++) model.trainOnBatch(x, y);
  };
}
const sides = [await make(distA), await make(distB)];
const times = [[], []];
for (let r = 0; r < rounds + 1; r++)
  for (let s = 0; s < 2; s++) {
    const t0 = process.cpuUsage();
    sides[s]();
    const d = process.cpuUsage(t0);
    if (r >= 1) times[s].push((d.user + d.system) / 1000 / steps);
  }
const stat = (a) => {
  const b = [...a].sort((x, y) => x - y);
  return `min ${b[0].toFixed(2)} median ${b[b.length >> 1].toFixed(2)}`;
};
console.log(`${backendName} ${network} batch ${batch}: A ${stat(times[0])} | B ${stat(times[1])} ms/step`);
