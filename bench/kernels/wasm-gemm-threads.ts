/**
 * Does a second thread pay off for the wasm GEMM at training sizes? Measures the NN GEMM of the threads
 * build (wasm/backprop-threads.wasm: the same assembly/ with shared, imported memory; build it with the
 * command in THREADS_BUILD below) on one thread, and split by rows of C over the main
 * thread plus one worker_threads worker that instantiates the same module on the same shared memory
 * (each thread packs into its own workspace; the hand-off is Atomics.notify / Atomics.wait).
 *
 *   node dist/bench/kernels/wasm-gemm-threads.js
 *
 * Prints one JSON line per shape with both timings and the speedup. The backend ships single-threaded
 * unless this shows a clear gain on the shapes of dense layers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { LinearAllocator } from '../../src/backends/wasm/allocator.js';
import type { KernelExports } from '../../src/backends/wasm/module.js';
import { secondsPerCall } from '../../src/bench/timing.js';

/** The build of the threads variant (not shipped, so not a target in asconfig.json). */
const THREADS_BUILD =
  'npx asc assembly/index.ts --outFile wasm/backprop-threads.wasm -O3 --shrinkLevel 0 --noAssert ' +
  '--enable simd,threads --importMemory --sharedMemory --initialMemory 64 --maximumMemory 16384 ' +
  '--runtime stub --use abort=';

// Control block (Int32Array in shared memory): [0] job sequence, [1] done sequence, [2..] job arguments.
const SEQ = 0,
  DONE = 1,
  M = 2,
  N = 3,
  K = 4,
  A = 5,
  B = 6,
  C = 7,
  WORK = 8,
  STOP = 9;

async function instantiate(memory: WebAssembly.Memory): Promise<KernelExports> {
  const file = fileURLToPath(new URL('../../../wasm/backprop-threads.wasm', import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing; build it with: ${THREADS_BUILD}`);
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

if (!isMainThread) {
  const { memory, control } = workerData as { memory: WebAssembly.Memory; control: number };
  const kernels = await instantiate(memory);
  const ctrl = new Int32Array(memory.buffer, control, 16);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, SEQ, seen);
    seen = Atomics.load(ctrl, SEQ);
    if (ctrl[STOP]) break;
    kernels.gemm(0, 0, ctrl[M], ctrl[N], ctrl[K], 1, ctrl[A], ctrl[B], 0, ctrl[C], ctrl[WORK]);
    Atomics.store(ctrl, DONE, seen);
    Atomics.notify(ctrl, DONE);
  }
} else {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 16384, shared: true });
  const kernels = await instantiate(memory);
  const allocator = new LinearAllocator(memory, kernels.heapBase());
  const workMain = allocator.allocate(kernels.gemmWorkspaceBytes());
  const workWorker = allocator.allocate(kernels.gemmWorkspaceBytes());
  const control = allocator.allocate(64);
  const ctrl = new Int32Array(memory.buffer, control, 16);
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { memory, control } });
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the worker instantiate

  // Dense-layer shapes (batch x outputs x inputs) of MNIST-sized MLPs, then squares.
  const shapes: [number, number, number][] = [
    [32, 128, 784],
    [64, 128, 784],
    [128, 256, 784],
    [256, 256, 256],
    [128, 128, 128],
    [64, 64, 64],
    [256, 256, 256],
    [512, 512, 512],
    [1024, 1024, 1024],
  ];
  let seq = 0;
  for (const [m, n, k] of shapes) {
    const a = allocator.allocate(m * k * 4);
    const b = allocator.allocate(k * n * 4);
    const c = allocator.allocate(m * n * 4);
    const f = new Float32Array(memory.buffer);
    for (let i = 0; i < m * k; i++) f[a / 4 + i] = Math.sin(i);
    for (let i = 0; i < k * n; i++) f[b / 4 + i] = Math.cos(i);
    const one = (): void => kernels.gemm(0, 0, m, n, k, 1, a, b, 0, c, workMain);
    // Rows are split in multiples of 4 (the micro-kernel height) so both halves run full tiles.
    const top = Math.min(m, Math.ceil(m / 2 / 4) * 4);
    const two = (): void => {
      ctrl[M] = m - top;
      ctrl[N] = n;
      ctrl[K] = k;
      ctrl[A] = a + top * k * 4;
      ctrl[B] = b;
      ctrl[C] = c + top * n * 4;
      ctrl[WORK] = workWorker;
      Atomics.store(ctrl, SEQ, ++seq);
      Atomics.notify(ctrl, SEQ);
      kernels.gemm(0, 0, top, n, k, 1, a, b, 0, c, workMain);
      while (Atomics.load(ctrl, DONE) !== seq) Atomics.wait(ctrl, DONE, Atomics.load(ctrl, DONE));
    };
    two();
    const split = new Float32Array(memory.buffer, c, m * n).slice();
    one();
    const whole = new Float32Array(memory.buffer, c, m * n);
    // Each row of C is computed the same way in both runs: the split must give the same bits.
    if (!whole.every((v, i) => Object.is(v, split[i])))
      throw new Error(`split GEMM differs from one-thread GEMM at ${m}x${n}x${k}`);
    // Both were called above: no warm-up needed.
    const timing = { runs: 5, minSeconds: 0.05, budgetSeconds: 4, warmUp: false };
    const t1 = secondsPerCall(one, timing);
    const t2 = secondsPerCall(two, timing);
    const gflops = (t: number): number => Number(((2 * m * n * k) / t / 1e9).toFixed(2));
    console.log(
      JSON.stringify({
        suite: 'gemm-threads',
        backend: 'wasm',
        m,
        n,
        k,
        usPerCall1: Math.round(t1 * 1e6),
        usPerCall2: Math.round(t2 * 1e6),
        gflops1: gflops(t1),
        gflops2: gflops(t2),
        speedup: Number((t1 / t2).toFixed(2)),
      }),
    );
    allocator.release(a);
    allocator.release(b);
    allocator.release(c);
  }
  ctrl[STOP] = 1;
  Atomics.store(ctrl, SEQ, ++seq);
  Atomics.notify(ctrl, SEQ);
  await worker.terminate();
}
