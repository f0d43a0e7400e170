// The child process of dispose.test.ts (run with --expose-gc): builds small models (~115 KB of wasm memory
// each: parameters, gradients, Adam's two slots, a one-row workspace) on the wasm backend and drops them
// without dispose(), calling gc() every `every` models and giving finalizers a turn. Prints one JSON line:
// how many models were built, the error that stopped it (if any), the wasm memory size and the bytes in
// use at the end, and the most bytes in use seen before a collection.
// Usage: node --expose-gc wasm-reclaim-child.mjs <package entry URL> <models> <every>
const [entry, total, every] = process.argv.slice(2);
const { layers, loadBackend, sequential } = await import(entry);
const backend = await loadBackend('wasm');

let built = 0;
let error = null;
let peakBytes = 0;
try {
  for (; built < Number(total); built++) {
    const model = sequential({
      backend,
      seed: built,
      layers: [
        layers.dense({ inputShape: [16], units: 256, activation: 'relu' }),
        layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    model.predict([Array.from({ length: 16 }, (_, i) => i)]);
    if ((built + 1) % Number(every) === 0) {
      peakBytes = Math.max(peakBytes, backend.allocator.bytesInUse);
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
} catch (e) {
  error = `${e.name}: ${e.message}`;
}
globalThis.gc();
await new Promise((resolve) => setImmediate(resolve));
process.stdout.write(
  `${JSON.stringify({ built, error, memoryBytes: backend.memory.buffer.byteLength, bytesInUse: backend.allocator.bytesInUse, peakBytes })}\n`,
);
