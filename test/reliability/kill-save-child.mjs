// The child process of kill-save.test.ts: saves one model into a folder over and over until it is killed.
// Each save is marked in the first two values of the first bias: (child index, save number), and
// `saved <n>` is printed after save n returned, so the parent knows which saves were complete.
// Usage: node kill-save-child.mjs <package entry URL> <folder> <child index>
const [entry, folder, index] = process.argv.slice(2);
const { layers, sequential } = await import(entry);

const model = sequential({
  seed: 1,
  layers: [
    layers.dense({ inputShape: [16], units: 128, activation: 'relu' }),
    layers.dense({ units: 128, activation: 'relu' }),
    layers.dense({ units: 4, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
const weights = model.getWeights();
const bias = weights.find((w) => w.name.endsWith('/bias')).values;
process.stdout.write('ready\n');
for (let n = 0; ; n++) {
  bias[0] = Number(index);
  bias[1] = n;
  model.setWeights(weights);
  await model.save(folder, { includeOptimizer: true });
  process.stdout.write(`saved ${n}\n`);
}
