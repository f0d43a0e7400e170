/**
 * The convolution and pooling kernels on wasm (SIMD and scalar builds) against the js reference, at the
 * shapes of the CNN train suite (28x28x1 images, conv 32 3x3, max pool 2, conv 64 3x3, max pool 2; batch
 * 128): `npm run build:bench && node dist/bench/kernels/wasm-conv.js [batch]` prints one JSON line per kernel
 * and backend (milliseconds per call, best run) and the speed-up of each wasm build over js. The three
 * backends' calls of one kernel are timed interleaved, so a busy moment of a shared machine hits them alike.
 */
import type { Backend, DeviceBuffer } from '../../src/backends/contract.js';
import { createJsBackend } from '../../src/backends/js/index.js';
import { loadNodeWasmBackend } from '../../src/backends/wasm/index.js';
import { bestSecondsPerCall } from '../../src/bench/timing.js';
import { Random } from '../../src/random.js';

const batch = Number(process.argv[2] ?? 128);
if (!(Number.isInteger(batch) && batch >= 1))
  throw new Error(`wasm-conv: the batch must be an integer >= 1; got ${process.argv[2]}`);

/** A 'valid' convolution or pooling window over [batch, h, w, c] images: the output side is (h - k) / s + 1. */
interface Shape {
  label: string;
  h: number;
  c: number;
  k: number;
  stride: number;
}
const CONVS: Shape[] = [
  { label: 'conv1 28x28x1 3x3', h: 28, c: 1, k: 3, stride: 1 },
  { label: 'conv2 13x13x32 3x3', h: 13, c: 32, k: 3, stride: 1 },
];
const POOLS: Shape[] = [
  { label: 'pool1 26x26x32 2x2', h: 26, c: 32, k: 2, stride: 2 },
  { label: 'pool2 11x11x64 2x2', h: 11, c: 64, k: 2, stride: 2 },
];
const out = (s: Shape): number => Math.floor((s.h - s.k) / s.stride) + 1;

/** A kernel call on buffers the backend allocated (wasm: in linear memory, no copies). */
type Prepare = (backend: Backend, random: Random) => { call(): void; buffers: DeviceBuffer[] };

function allocate(backend: Backend, random: Random, lengths: number[]): DeviceBuffer[] {
  const buffers = lengths.map((n) => backend.allocate(n));
  // Filled after the last allocation: growing wasm memory replaces earlier views.
  for (const b of buffers) random.fillUniform(b.data, -1, 1);
  return buffers;
}

function convKernels(s: Shape): [string, Prepare][] {
  const o = out(s);
  const geometry = [batch, s.h, s.h, s.c, s.k, s.k, s.stride, s.stride, 1, 1, 0, 0, o, o] as const;
  const image = batch * s.h * s.h * s.c,
    cols = batch * o * o * s.k * s.k * s.c;
  return [
    [
      `im2col ${s.label}`,
      (b, r) => {
        const buffers = allocate(b, r, [image, cols]);
        return { call: () => b.im2col(...geometry, buffers[0].data, buffers[1].data), buffers };
      },
    ],
    [
      `col2im ${s.label}`,
      (b, r) => {
        const buffers = allocate(b, r, [cols, image]);
        return { call: () => b.col2im(...geometry, buffers[0].data, buffers[1].data), buffers };
      },
    ],
  ];
}

function poolKernels(s: Shape): [string, Prepare][] {
  const o = out(s);
  const geometry = [batch, s.h, s.h, s.c, s.k, s.k, s.stride, s.stride, 0, 0, o, o] as const;
  const image = batch * s.h * s.h * s.c,
    pooled = batch * o * o * s.c;
  return [
    [
      `maxPoolForward ${s.label}`,
      (b, r) => {
        const buffers = allocate(b, r, [image, pooled, pooled]);
        return {
          call: () => b.maxPoolForward(...geometry, buffers[0].data, buffers[1].data, buffers[2].data),
          buffers,
        };
      },
    ],
    [
      `maxPoolBackward ${s.label}`,
      (b, r) => {
        const buffers = allocate(b, r, [image, pooled, pooled, pooled, image]);
        const [x, y, argmax, dy, dx] = buffers;
        b.maxPoolForward(...geometry, x.data, y.data, argmax.data);
        const call = (): void => b.maxPoolBackward(batch, s.h, s.h, s.c, o, o, argmax.data, dy.data, dx.data);
        return { call, buffers };
      },
    ],
    [
      `avgPoolForward ${s.label}`,
      (b, r) => {
        const buffers = allocate(b, r, [image, pooled]);
        return { call: () => b.avgPoolForward(...geometry, buffers[0].data, buffers[1].data), buffers };
      },
    ],
    [
      `avgPoolBackward ${s.label}`,
      (b, r) => {
        const buffers = allocate(b, r, [pooled, image]);
        return { call: () => b.avgPoolBackward(...geometry, buffers[0].data, buffers[1].data), buffers };
      },
    ],
  ];
}

const backends: [string, Backend][] = [
  ['wasm', await loadNodeWasmBackend({ simd: true })],
  ['wasm-scalar', await loadNodeWasmBackend({ simd: false })],
  ['js', createJsBackend()],
];
for (const [kernel, prepare] of [...CONVS.flatMap(convKernels), ...POOLS.flatMap(poolKernels)]) {
  const prepared = backends.map(([, backend]) => prepare(backend, new Random(7)));
  const seconds = bestSecondsPerCall(
    prepared.map((p) => p.call),
    { runs: 5, minSeconds: 0.2 },
  );
  for (const p of prepared) for (const b of p.buffers) b.free();
  const js = seconds[backends.length - 1];
  backends.forEach(([name], i) => {
    const row: Record<string, unknown> = { kernel, batch, backend: name, msPerCall: +(seconds[i] * 1e3).toFixed(4) };
    if (name !== 'js') row.speedupOverJs = +(js / seconds[i]).toFixed(2);
    console.log(JSON.stringify(row));
  });
}
