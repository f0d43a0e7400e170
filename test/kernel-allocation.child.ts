// Run by kernel-allocation.test.ts in a child `node --expose-gc` with a young generation too large to fill
// (environment: ALLOCATION_BACKEND, the backend, and ALLOCATION_CALLS): calls every kernel of the manifest
// with valid arguments in the backend's own buffers, after a warm-up long enough for V8 to optimise the call
// path, and prints one JSON line per kernel with the growth of the JavaScript heap over ALLOCATION_CALLS calls
// and the number of garbage collections during the measurement (a collection would hide what was allocated
// before it).
import { performance, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { Backend } from '../src/backends/contract.js';
import { createJsBackend } from '../src/backends/js/index.js';
import { ACTIVATIONS, KERNEL_NAMES, type KernelName } from '../src/backends/manifest.js';
import { createNativeCandidate } from '../src/backends/native/index.js';
import { loadNodeWasmBackend } from '../src/backends/wasm/index.js';
import { KERNEL_ARGUMENTS } from './kernel-arguments.js';

const CALLS = Number(process.env.ALLOCATION_CALLS);
const WARM_UP = 10_000;

const name = process.env.ALLOCATION_BACKEND ?? '';
const load: Record<string, () => Promise<Backend> | Backend> = {
  js: createJsBackend,
  wasm: () => loadNodeWasmBackend(),
  native: () => createNativeCandidate().load() as Backend,
};
let backend: Backend;
try {
  backend = await load[name]();
} catch (error) {
  console.log(JSON.stringify({ t: 'unavailable', reason: error instanceof Error ? error.message : String(error) }));
  process.exit(0);
}

// When each collection started (entries arrive after the fact, so they are matched to the loop by time).
const collectionStarts: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collectionStarts.push(e.startTime);
}).observe({ entryTypes: ['gc'] });
/** Gives Node time to deliver the performance entries of the collections that ran. */
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const collect = globalThis.gc as () => void;

// The activation kernels (and the fused dense ones) are measured once per activation code (each code is
// its own loop in every backend); they and the step function get inputs of both signs (each sign takes its
// own branch).
/** One measured call: a kernel, its name in the report and its valid arguments. */
interface Variant {
  kernel: KernelName;
  label: string;
  args: unknown[];
}
/** The kernels that take an activation code first. */
const PER_ACTIVATION = new Set<KernelName>([
  'activationForward',
  'activationBackward',
  'biasActivationForward',
  'activationBiasBackward',
]);
const BOTH_SIGNS = new Set<KernelName>([...PER_ACTIVATION, 'stepForward']);
const variants = KERNEL_NAMES.flatMap((kernel): Variant[] => {
  const args = KERNEL_ARGUMENTS[kernel].valid();
  if (BOTH_SIGNS.has(kernel)) {
    for (const a of args) if (a instanceof Float32Array) a.forEach((_, i) => (a[i] = i % 2 === 0 ? 0.5 : -0.5));
  }
  if (!PER_ACTIVATION.has(kernel)) return [{ kernel, label: kernel, args }];
  return Object.entries(ACTIVATIONS).map(([activation, code]) => ({
    kernel,
    label: `${kernel}(${activation})`,
    args: [code, ...args.slice(1)],
  }));
});
const valid = variants.map((v) => v.args);
/** An array argument: float32 values, or gatherByteRows's bytes and row indices. */
type ArrayArgument = Float32Array | Uint8Array | Uint32Array;
const isArray = (a: unknown): a is ArrayArgument =>
  a instanceof Float32Array || a instanceof Uint8Array || a instanceof Uint32Array;
// Every array argument becomes a buffer of the backend's own (wasm: in linear memory; bytes and indices as a
// view of the same element type over a float buffer), all allocated before any view is taken, because an
// allocation may grow wasm memory and replace earlier views.
const buffers = valid.map((args) =>
  args.map((a) => (isArray(a) ? backend.allocate(Math.ceil(a.byteLength / 4)) : null)),
);
const ownView = (a: ArrayArgument, data: Float32Array): ArrayArgument =>
  a instanceof Float32Array
    ? data
    : new (a.constructor as Uint8ArrayConstructor)(data.buffer, data.byteOffset, a.length);
const calls = variants.map(({ kernel, label }, k) => ({
  kernel,
  label,
  run: backend[kernel] as (...a: unknown[]) => unknown,
  args: valid[k].map((a, i) => (isArray(a) ? ownView(a, buffers[k][i]!.data) : a)),
}));
calls.forEach(({ args }, k) =>
  args.forEach((a, i) => {
    if (isArray(a)) a.set(valid[k][i] as never);
  }),
);

/** Calls `run` `count` times. One function for the warm-up and the measurement, so it is optimised already. */
function repeat(run: (...a: unknown[]) => unknown, args: unknown[], count: number): void {
  for (let i = 0; i < count; i++) run.apply(backend, args);
}

/** Heap growth over `count` calls, and whether a collection ran meanwhile. */
async function measure(
  run: (...a: unknown[]) => unknown,
  args: unknown[],
  count: number,
  wait: number,
): Promise<[number, number]> {
  collect();
  await settle(wait);
  const start = performance.now();
  const before = v8.getHeapStatistics().used_heap_size;
  repeat(run, args, count);
  const after = v8.getHeapStatistics().used_heap_size;
  const end = performance.now();
  await settle(wait);
  return [after - before, collectionStarts.filter((t) => t >= start && t <= end).length];
}

// The warm-up calls the kernels in turn, as a training step does, so that what V8 learns about one kernel
// does not change the code of another while it is measured.
for (let round = 0; round < WARM_UP / 20; round++) for (const { run, args } of calls) repeat(run, args, 20);
// Lets V8 finish what it does after a long run (sweeping the heap, background compilations).
for (let i = 0; i < 3; i++) {
  collect();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

// What CALLS calls allocate is the growth over 2 * CALLS calls less the growth over CALLS: the fixed part
// (the statistics object, a compilation V8 finishes late) cancels. The first pass over the kernels is not
// reported: the first few measurements of a process show one-off growth (or shrinking) of V8's own,
// whichever kernel comes first. A measurement during which a collection ran says nothing and is repeated
// (up to ATTEMPTS times): V8 collects now and then on its own, but a kernel that allocates on every call
// makes it collect or grow the heap every time.
const ATTEMPTS = 3;
for (let pass = 0; pass < 2; pass++) {
  for (const { kernel, label, run, args } of calls) {
    const wait = pass === 1 ? 20 : 0;
    for (let attempt = 1; attempt <= (pass === 1 ? ATTEMPTS : 1); attempt++) {
      const [once, collectionsOnce] = await measure(run, args, CALLS, wait);
      const [twice, collectionsTwice] = await measure(run, args, 2 * CALLS, wait);
      const collections = collectionsOnce + collectionsTwice;
      if (pass === 1 && (collections === 0 || attempt === ATTEMPTS)) {
        console.log(JSON.stringify({ t: 'kernel', kernel, label, bytes: twice - once, collections, attempt }));
        break;
      }
    }
  }
}
