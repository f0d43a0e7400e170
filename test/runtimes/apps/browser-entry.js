// The browser entry under a server runtime (Deno and Bun run it too): initBackend() with no options must
// find the package's own .wasm beside the entry and load it. Prints backendInfo() and one 2x2 product.
import { backendInfo, getBackend, initBackend } from 'backprop-nn/browser';

await initBackend();
const c = new Float32Array(4);
getBackend().gemm(false, false, 2, 2, 2, 1, Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 0, c);
console.log(JSON.stringify({ info: backendInfo(), c: Array.from(c) }));
