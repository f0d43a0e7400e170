// The Dataset batch gather alone: N gathers of 128 shuffled rows of 784 bytes, scaled by 1/255, into float32
// (what fit does per batch of Fashion-MNIST). For instruction counts, run it under callgrind with N and with 0
// and divide the difference by N (300 warm-up gathers run first either way, so the code is optimised):
//   valgrind --tool=callgrind node bench/ab/gather-bytes.mjs /path/to/build 300   (then 0)
// (a build: a copy of the package root with its dist/, e.g. this checkout after npm run build)
const [root, count] = process.argv.slice(2);
const { gatherFeatures } = await import(`${root}/dist/src/data/batches.js`);
const rows = 60000,
  features = 784;
const x = new Uint8Array(rows * features);
for (let i = 0; i < x.length; i++) x[i] = (i * 2654435761) >>> 24;
const data = { x, y: new Float32Array(rows), rows, features, classes: 10 };
const order = new Uint32Array(rows);
for (let i = 0; i < rows; i++) order[i] = (i * 7919) % rows;
const out = new Float32Array(128 * features);
const transform = { scale: 1 / 255, scaler: undefined };
const gather = () => gatherFeatures(data, order, 0, 128, out, transform);
for (let b = 0; b < 300; b++) gather();
for (let b = 0; b < Number(count); b++) gather();
