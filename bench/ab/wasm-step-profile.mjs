// Where a training step of the Fashion-MNIST MLP (784-256-128-10 relu/softmax, Adam, sparse labels, fit
// on the Fashion-MNIST data set as the train bench runs it) spends its time on one backend: every kernel
// call the model makes is timed (the backend's checked methods and its unchecked ones, as the model's
// engine calls them), grouped by kernel and shape, beside the whole step. "outside kernels" is the step
// minus the kernel calls: the model's JavaScript, each call's argument handling, fit's batch gather, and
// the timers themselves (process.cpuUsage, CPU time, so load on the other core does not count: ~1-2 us
// a call, ~16 calls a step, so this row is an upper bound). The table is the median round.
// usage (after npm run build): node bench/ab/wasm-step-profile.mjs [wasm|js|native] [batch] [steps] [rounds] [dist]
import { mlpModel } from './mlp-net.mjs';
const [name = 'wasm', batchArg = '128', stepsArg = '30', roundsArg = '7', distArg] = process.argv.slice(2);
const batch = Number(batchArg),
  steps = Number(stepsArg),
  rounds = Number(roundsArg);
const dist = distArg ?? new URL('../../dist', import.meta.url).pathname;
const m = await import(`${dist}/src/index.js`);
const { KERNEL_PROGRAMS, UNCHECKED_KERNELS } = await import(`${dist}/src/backends/unchecked.js`);
const { KERNEL_NAMES } = await import(`${dist}/src/backends/manifest.js`);
const backend = await m.loadBackend(name);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const totals = new Map(); // label -> [ms, calls]
let recording = false;
function label(kernel, args) {
  if (kernel === 'gemm') {
    const [ta, tb, mm, n, k] = args;
    return `gemm ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${mm}x${n}x${k}`;
  }
  // The leading integer arguments are the sizes (and an activation's kind); an optimizer's step count
  // comes after its floats, so it does not split the rows.
  const sizes = [];
  for (const a of args) {
    if (typeof a !== 'number' || !Number.isInteger(a)) break;
    sizes.push(a);
  }
  return `${kernel} ${sizes.join(',')}`;
}
function wrap(table) {
  for (const kernel of KERNEL_NAMES) {
    const inner = table[kernel];
    if (typeof inner !== 'function') continue;
    table[kernel] = function (...args) {
      if (!recording) return inner.apply(this, args);
      const t0 = cpuMs();
      const r = inner.apply(this, args);
      const dt = cpuMs() - t0;
      const key = label(kernel, args);
      const entry = totals.get(key) ?? [0, 0];
      entry[0] += dt;
      entry[1] += 1;
      totals.set(key, entry);
      return r;
    };
  }
}
wrap(backend);
if (Object.prototype.hasOwnProperty.call(backend, UNCHECKED_KERNELS)) wrap(backend[UNCHECKED_KERNELS]);
// A proven step otherwise runs as a kernel program, whose calls go to the kernels past the wrapped methods
// (src/backends/call-program.ts): without its compiler the engine walks the layers, and every call is timed.
delete backend[KERNEL_PROGRAMS];

const model = mlpModel(m, backend);
model.compile({ optimizer: m.optimizers.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
const { train } = await m.loadDatasetAsync('fashion-mnist');

/** Fits `batches` batches of the data set as the train bench does (scaled as gathered); CPU ms per batch. */
async function fitBatches(batches) {
  let done = 0,
    started = 0;
  await model.fit(train, {
    scale: 1 / 255,
    batchSize: batch,
    epochs: Math.ceil((batches * batch) / train.rows) + 1,
    seed: 1,
    verbose: 0,
    callbacks: [
      {
        onBatchBegin: () => {
          if (done === 0) started = cpuMs();
        },
        onBatchEnd: () => {
          if (++done === batches) model.stopTraining = true;
        },
      },
    ],
  });
  return (cpuMs() - started) / batches;
}
await fitBatches(10);

const results = [];
for (let round = 0; round < rounds; round++) {
  totals.clear();
  recording = true;
  const step = await fitBatches(steps);
  recording = false;
  results.push({ step, kernels: new Map([...totals].map(([k, [ms, calls]]) => [k, [ms / steps, calls / steps]])) });
}
results.sort((a, b) => a.step - b.step);
const median = results[results.length >> 1];
const rows = [...median.kernels].sort((a, b) => b[1][0] - a[1][0]);
const inKernels = rows.reduce((s, [, [ms]]) => s + ms, 0);
const us = (ms) => (ms * 1000).toFixed(1).padStart(8);
const pct = (ms) => ((100 * ms) / median.step).toFixed(1).padStart(5);
console.log(
  `# ${name} batch ${batch}: ${us(median.step)} us/step CPU (median of ${rounds} rounds of ${steps}), ` +
    `${Math.round((batch * 1000) / median.step)} samples/s; min round ${us(results[0].step)} us`,
);
console.log('kernel and shape                        us/step   share  calls/step');
for (const [k, [ms, calls]] of rows) console.log(`${k.padEnd(38)} ${us(ms)} ${pct(ms)} %  ${calls}`);
console.log(`${'outside kernels'.padEnd(38)} ${us(median.step - inKernels)} ${pct(median.step - inKernels)} %`);
