// A fixed training workload for counting each thread's instructions under callgrind: `fit` of the train
// bench's Fashion-MNIST MLP (784-256-128-10 relu/softmax) or the cnn suite's CNN (src/cli/models.ts), Adam
// 1e-3, sparse labels, on images of bytes gathered and scaled by fit as the benches do (synthetic pixels, half
// of them zero as in Fashion-MNIST, so no data set is read under valgrind). It runs `warm` batches, then
// `steps` more (warm >= 1); given the addon of bench/ab/callgrind-control.c it starts callgrind's
// instrumentation after the warm-up and stops it after the `steps` batches, so the counts written at exit are
// those batches alone (bench/ab/thread-profile.py runs it and makes the table):
//   valgrind --tool=callgrind --separate-threads=yes --instr-atstart=no \
//     node bench/ab/thread-profile.mjs mlp 128 3 10 /tmp/callgrind-control.node
// usage: node bench/ab/thread-profile.mjs mlp|cnn [batch] [warm] [steps] [control addon] [dist]
import { mlpLayers } from './mlp-net.mjs';
const [model = 'mlp', batchArg = '128', warmArg = '3', stepsArg = '10', controlArg, distArg] = process.argv.slice(2);
const batch = Number(batchArg),
  warm = Number(warmArg),
  steps = Number(stepsArg);
const dist = distArg ?? new URL('../../dist', import.meta.url).pathname;
const m = await import(`${dist}/src/index.js`);
const { cnnLayers } = await import(`${dist}/src/cli/models.js`);
await m.initBackend({ backend: 'native' });
const { createRequire } = await import('node:module');
const control = controlArg ? createRequire(import.meta.url)(controlArg) : undefined;

const rows = batch * 4;
const x = new Uint8Array(rows * 784);
const random = new m.Random(7);
for (let i = 0; i < x.length; i++) x[i] = random.uniform() < 0.5 ? 0 : Math.floor(random.uniform() * 256);
const y = Float32Array.from({ length: rows }, (_, i) => (i * 7) % 10);
const train = { x, y, rows, features: 784, classes: 10, imageShape: [28, 28] };

const layers = model === 'cnn' ? cnnLayers([28, 28, 1], 10) : mlpLayers(m);
const net = m.sequential({ seed: 1, layers });
net.compile({ optimizer: m.optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
let done = 0;
await net.fit(train, {
  scale: 1 / 255,
  batchSize: batch,
  epochs: Math.ceil(((warm + steps) * batch) / rows) + 1,
  seed: 1,
  verbose: 0,
  callbacks: [
    {
      onBatchEnd: () => {
        done++;
        if (done === warm) {
          control?.startInstrumentation();
          control?.zeroStats();
        }
        if (done === warm + steps) {
          control?.stopInstrumentation();
          net.stopTraining = true;
        }
      },
    },
  ],
});
console.log(`${model} batch ${batch}: ${warm} + ${steps} batches`);
