// predictInto of two (or more) builds of the package in one process, call after call in turn, so a busy
// moment on a shared machine hits every build alike: the Fashion-MNIST MLP 784-256-128-10 (relu, relu,
// softmax) with the same seeded weights and inputs in each. Prints whether the outputs are bit-identical and,
// per build, the fastest call, the 10th percentile and the median (a call shorter than the scheduler's slice
// often runs whole on a loaded machine, so the fastest calls are the unshared times).
//   node bench/ab/predict-ab.mjs [backend] [rows] [seconds] <package root> <package root> ...
// (a package root: a checkout after npm run build and npx node-gyp rebuild, with node_modules/node-gyp-build)
import { mlpModel } from './mlp-net.mjs';
process.env.BACKPROP_THREADS ??= '1';
const [backendName = 'native', rowsArg = '1000', secondsArg = '20', ...roots] = process.argv.slice(2);
const rows = Number(rowsArg);
const { loadavg } = await import('node:os');
const builds = [];
for (const root of roots) {
  const m = await import(`${root}/dist/src/index.js`);
  const backend = await m.loadBackend(backendName);
  const model = mlpModel(m, backend);
  const x = m.tensor2d(new m.Random(7).fillUniform(new Float32Array(rows * 784)), [rows, 784]);
  const out = new Float32Array(rows * 10);
  builds.push({ root, call: () => model.predictInto(x, out), out, times: [] });
}
for (const build of builds) for (let i = 0; i < 20; i++) build.call();
const bits = (build) => Buffer.from(build.out.buffer);
const same = builds.every((build) => bits(build).equals(bits(builds[0])));
const now = () => performance.now() / 1000;
const begin = now();
while (now() - begin < Number(secondsArg)) {
  for (const build of builds) {
    const start = now();
    build.call();
    build.times.push(now() - start);
  }
}
const at = (times, fraction) => [...times].sort((a, b) => a - b)[Math.floor(fraction * (times.length - 1))];
console.log(`${backendName}, ${rows} rows, load ${loadavg()[0].toFixed(2)}, outputs bit-identical: ${same}`);
for (const { root, times } of builds) {
  const us = (fraction) => (at(times, fraction) * 1e6).toFixed(1);
  console.log(`${root}: fastest ${us(0)} us, 10th percentile ${us(0.1)}, median ${us(0.5)} (${times.length} calls)`);
}
