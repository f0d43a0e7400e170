// The Dataset batch gather alone: N gathers of 128 shuffled rows of 784 bytes, scaled by 1/255, into float32
// (what fit does per batch of Fashion-MNIST), by the kernel gatherByteRows of the js, native or wasm backend
// (the batch's row indices copied first, as DatasetBatches does; wasm copies the data set's bytes into its
// memory on every call, so fit on wasm runs the js kernel instead). For
// instruction counts, run it under callgrind with N and with 0 and divide the difference by N (300 warm-up
// gathers run first either way, so the code is optimised):
//   valgrind --tool=callgrind node bench/ab/gather-bytes.mjs /path/to/build 300 [js|native]   (then 0)
// (a build: a copy of the package root with its dist/ and build/, e.g. this checkout after npm run build and
// npx node-gyp rebuild). BACKPROP_THREADS=1 keeps the native kernel on one thread.
const [root, count, how = 'js'] = process.argv.slice(2);
const { initBackend, getBackend } = await import(`${root}/dist/src/index.js`);
const rows = 60000,
  features = 784,
  batch = 128;
const x = new Uint8Array(rows * features);
for (let i = 0; i < x.length; i++) x[i] = (i * 2654435761) >>> 24;
const order = new Uint32Array(rows);
for (let i = 0; i < rows; i++) order[i] = (i * 7919) % rows;
const out = new Float32Array(batch * features);
await initBackend({ backend: how });
const backend = getBackend();
const rowsOfBatch = new Uint32Array(batch);
const gather = () => {
  for (let i = 0; i < batch; i++) rowsOfBatch[i] = order[i];
  backend.gatherByteRows(rows, features, batch, 1 / 255, x, rowsOfBatch, out);
};
for (let b = 0; b < 300; b++) gather();
const start = performance.now();
for (let b = 0; b < Number(count); b++) gather();
if (Number(count) > 0)
  console.log(`${how}: ${(((performance.now() - start) * 1000) / Number(count)).toFixed(1)} us per gather`);
