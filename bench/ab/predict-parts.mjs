// Where a 1,000-row predict of the Fashion-MNIST MLP 784-256-128-10 (relu, relu, softmax) spends its time on
// one backend: the whole `predictInto`, and each part of one chunk timed on its own through the backend's
// kernels on buffers of the chunk's size (each layer's GEMM with its GFLOPS, the bias + activation, the
// softmax, the input's copy and finiteness check, the output's copy). Every part is timed interleaved with
// the others (src/bench/timing.ts), so a busy moment on a shared machine hits all of them alike; the parts
// of one chunk are scaled by the chunks per call to compare with the whole.
//   npm run build && node bench/ab/predict-parts.mjs [backend] [chunk rows ...]
// (BACKPROP_THREADS=1 by default: the figures compare with PyTorch at one thread.)
import { MLP_WIDTHS, mlpModel } from './mlp-net.mjs';
process.env.BACKPROP_THREADS ??= '1';
const [backendName = 'native', ...chunkArgs] = process.argv.slice(2);
const dist = new URL('../../dist', import.meta.url).pathname;
const m = await import(`${dist}/src/index.js`);
const { nowSeconds } = await import(`${dist}/src/bench/timing.js`);
const { Activation } = await import(`${dist}/src/backends/contract.js`);
const backend = await m.loadBackend(backendName);
const WIDTHS = MLP_WIDTHS;
const ROWS = 1000;
const chunks = chunkArgs.length > 0 ? chunkArgs.map(Number) : [256];

const model = mlpModel(m, backend);
const random = new m.Random(7);
const x = m.tensor2d(random.fillUniform(new Float32Array(ROWS * WIDTHS[0])), [ROWS, WIDTHS[0]]);
const out = new Float32Array(ROWS * WIDTHS[3]);
const filled = (n) => random.fillUniform(new Float32Array(n));

/**
 * The fastest single call of each function, called in turn for `seconds`: on a loaded machine a call shorter
 * than the scheduler's time slice often runs whole on its core, and the fastest such call is its unshared time.
 */
function fastestCalls(calls, seconds) {
  for (const call of calls) call();
  const best = calls.map(() => Infinity);
  const begin = nowSeconds();
  while (nowSeconds() - begin < seconds) {
    calls.forEach((call, i) => {
      const start = nowSeconds();
      call();
      best[i] = Math.min(best[i], nowSeconds() - start);
    });
  }
  return best;
}

for (const chunk of chunks) {
  const perCall = Math.ceil(ROWS / chunk);
  const parts = [['predictInto, 1,000 rows', 1, 0, () => model.predictInto(x, out, { batchSize: chunk })]];
  const input = new Float32Array(chunk * WIDTHS[0]);
  parts.push(['input copy', perCall, 0, () => input.set(x.data.subarray(0, input.length))]);
  parts.push(['input finiteness check', perCall, 0, () => backend.sumOfSquares(input.length, input)]);
  let a = input;
  for (let l = 1; l < WIDTHS.length; l++) {
    const [k, n] = [WIDTHS[l - 1], WIDTHS[l]];
    const w = filled(k * n);
    const bias = filled(n);
    const z = new Float32Array(chunk * n);
    const y = new Float32Array(chunk * n);
    const from = a;
    parts.push([
      `layer ${l} gemm ${chunk}x${n}x${k}`,
      perCall,
      chunk * n * k,
      () => {
        backend.gemm(false, false, chunk, n, k, 1, from, w, 0, z);
      },
    ]);
    if (l < WIDTHS.length - 1) {
      parts.push([
        `layer ${l} bias + relu`,
        perCall,
        0,
        () => backend.biasActivationForward(Activation.relu, chunk, n, 0, bias, z, y),
      ]);
    } else {
      parts.push([`layer ${l} bias`, perCall, 0, () => backend.biasAdd(chunk, n, bias, z)]);
      parts.push([`layer ${l} softmax`, perCall, 0, () => backend.softmaxForward(chunk, n, z, y)]);
      parts.push(['output copy', perCall, 0, () => out.set(y, 0)]);
    }
    a = y;
  }
  const seconds = fastestCalls(
    parts.map((p) => p[3]),
    3,
  );
  const whole = seconds[0];
  console.log(
    `${backendName}, chunk ${chunk} (${perCall} per call), load ${(await import('node:os')).loadavg()[0].toFixed(2)}`,
  );
  console.log(`${'part'.padEnd(34)} ${'us/call'.padStart(9)} ${'share'.padStart(6)} ${'GFLOPS'.padStart(7)}`);
  let sum = 0;
  parts.forEach(([name, times, macs], i) => {
    const us = seconds[i] * times * 1e6;
    if (i > 0) sum += us;
    const gflops = macs > 0 ? ((2 * macs) / seconds[i] / 1e9).toFixed(1) : '';
    console.log(
      `${name.padEnd(34)} ${us.toFixed(1).padStart(9)} ${i > 0 ? ((100 * us) / (whole * 1e6)).toFixed(1).padStart(5) + '%' : ''.padStart(6)} ${gflops.padStart(7)}`,
    );
  });
  console.log(
    `${'sum of parts'.padEnd(34)} ${sum.toFixed(1).padStart(9)} ${((100 * sum) / (whole * 1e6)).toFixed(1).padStart(5)}%`,
  );
  console.log(
    `samples/s ${(ROWS / whole).toFixed(0)}, whole ${((2 * ROWS * 235_776) / whole / 1e9).toFixed(1)} GFLOPS`,
  );
}
