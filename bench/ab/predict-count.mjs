// Instruction counts of `predictInto` on the Fashion-MNIST MLP 784-256-128-10 (relu, relu, softmax) for
// callgrind: `warm` calls first (V8 optimises predict, the workspace is planned), then `count` counted ones,
// counting switched on and off around them by the addon of bench/ab/callgrind-control.c:
//   gcc -O2 -shared -fPIC -I/usr/include/node bench/ab/callgrind-control.c -o /tmp/callgrind-control.node
//   BACKPROP_THREADS=1 valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/p.out \
//     node bench/ab/predict-count.mjs native 1000 20 20 /tmp/callgrind-control.node
//   callgrind_annotate /tmp/p.out     (per function; divide by count for one call)
// usage: node bench/ab/predict-count.mjs [backend] [rows] [warm] [count] [control addon] [package root]
import { mlpModel } from './mlp-net.mjs';
const [backendName = 'native', rowsArg = '1000', warmArg = '20', countArg = '20', controlArg, rootArg] =
  process.argv.slice(2);
const root = rootArg ?? new URL('../..', import.meta.url).pathname;
const m = await import(`${root}/dist/src/index.js`);
const { createRequire } = await import('node:module');
const control = controlArg ? createRequire(import.meta.url)(controlArg) : undefined;
const backend = await m.loadBackend(backendName);
const rows = Number(rowsArg);
const model = mlpModel(m, backend);
const x = m.tensor2d(new m.Random(7).fillUniform(new Float32Array(rows * 784)), [rows, 784]);
const out = new Float32Array(rows * 10);
for (let i = 0; i < Number(warmArg); i++) model.predictInto(x, out);
control?.startInstrumentation();
control?.zeroStats();
for (let i = 0; i < Number(countArg); i++) model.predictInto(x, out);
control?.stopInstrumentation();
console.log(`${backendName}: ${rows} rows, ${warmArg} + ${countArg} calls, out[0] ${out[0]}`);
