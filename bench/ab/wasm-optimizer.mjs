// A/B of the wasm optimizer steps on the parameter count of the Fashion-MNIST MLP 784-256-128-10 (235,146
// values): two builds of the module in one process, timed interleaved, best of rounds in CPU time
// (process.cpuUsage, so time the process spends descheduled by other load does not count).
// usage (after npm run build): node bench/ab/wasm-optimizer.mjs /path/to/wasmDirA /path/to/wasmDirB [rounds]
// (a wasm dir holds backprop.wasm and backprop-scalar.wasm, e.g. a copy of wasm/ taken before a change)
import { loadNodeWasmBackend } from '../../dist/src/backends/wasm/index.js';

const [dirA, dirB] = process.argv.slice(2, 4);
const rounds = Number(process.argv[4] ?? 7);
if (!dirA || !dirB) throw new Error('usage: node bench/ab/wasm-optimizer.mjs wasmDirA wasmDirB [rounds]');
const n = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;

const sides = await Promise.all([dirA, dirB].map((dir) => loadNodeWasmBackend({ dir, simd: true })));
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// Adam at step 10 (both bias corrections differ from 1), then the other steps.
const steps = {
  adamStep: (k, b) => k.adamStep(n, 1e-3, 0.9, 0.999, 1e-7, 10, 0, b[0].data, b[1].data, b[2].data, b[3].data),
  adamwStep: (k, b) => k.adamStep(n, 1e-3, 0.9, 0.999, 1e-7, 10, 0.004, b[0].data, b[1].data, b[2].data, b[3].data),
  rmspropStep: (k, b) => k.rmspropStep(n, 1e-3, 0.9, 1e-7, b[0].data, b[1].data, b[2].data),
  adagradStep: (k, b) => k.adagradStep(n, 1e-3, 1e-7, b[0].data, b[1].data, b[2].data),
  sgdStep: (k, b) => k.sgdStep(n, 1e-3, b[0].data, b[1].data),
};

console.log(`# ${n} values, us per step (best of ${rounds} rounds, CPU time): A=${dirA} B=${dirB}`);
for (const [name, step] of Object.entries(steps)) {
  const calls = sides.map((backend) => {
    // Views are read per call: allocating for the other side may grow the memory and detach them.
    const buffers = [0, 1, 2, 3].map(() => backend.allocate(n));
    buffers.forEach((b, j) => {
      for (let i = 0; i < n; i++) b.data[i] = j === 3 ? 1e-6 * (1 + Math.cos(i)) : 0.01 * Math.sin(i * (j + 1));
    });
    return () => step(backend, buffers);
  });
  const best = [Infinity, Infinity];
  for (let r = 0; r < rounds; r++) {
    calls.forEach((call, i) => {
      let count = 0;
      const t0 = cpuSeconds();
      let elapsed = 0;
      while (count < 3 || elapsed < 0.05) {
        call();
        count++;
        elapsed = cpuSeconds() - t0;
      }
      best[i] = Math.min(best[i], elapsed / count);
    });
  }
  const us = best.map((t) => (t * 1e6).toFixed(1).padStart(8));
  console.log(`${name.padEnd(12)} A ${us[0]}  B ${us[1]}  B/A ${(best[1] / best[0]).toFixed(2)}`);
}
