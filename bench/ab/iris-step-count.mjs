// Instruction counts of the iris 4-30-16-3 step (the network, rows and optimizer of iris-step.mjs) for
// callgrind: `warm` steps run first so that V8 has optimised the step, then `count` more. Run it twice,
// with count N and with count 0, and divide the difference of the totals by N:
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/n.out node --single-threaded \
//     bench/ab/iris-step-count.mjs native /path/to/build 6000 2000        (then 0 in place of 2000)
//   callgrind_annotate /tmp/n.out   (per function; subtract the count-0 run's figures)
// --single-threaded keeps V8's compiler on the main thread, so both runs compile the same code at the same
// step. (a build: a copy of the package root with its dist/, wasm/ and build/, e.g. this checkout after
// npm run build and npm run build:native)
const [backendName, root, warmArg = '6000', countArg = '2000'] = process.argv.slice(2);
const m = await import(`${root}/dist/src/index.js`);
const backend = await m.loadBackend(backendName);
const model = m.sequential({
  seed: 7,
  backend,
  layers: [
    m.layers.dense({ inputShape: [4], units: 30, activation: 'relu' }),
    m.layers.dense({ units: 16, activation: 'relu' }),
    m.layers.dense({ units: 3, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: m.optimizers.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
const xs = [],
  ys = [];
for (let i = 0; i < 8; i++) {
  xs.push(m.tensor2d(Float32Array.from([Math.sin(i), Math.cos(i), i / 8 - 0.5, 0.3]), [1, 4]));
  const y = new Float32Array(3);
  y[i % 3] = 1;
  ys.push(m.tensor2d(y, [1, 3]));
}
let loss = 0;
const run = (steps) => {
  for (let i = 0; i < steps; i++) loss = model.trainOnBatch(xs[i & 7], ys[i & 7]);
};
run(Number(warmArg));
run(Number(countArg));
console.log(`${backendName}: last loss ${loss}`);
