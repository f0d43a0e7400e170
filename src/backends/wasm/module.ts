/**
 * The compiled kernels module (assembly/ built by `npm run build:wasm`): its export signatures, and how
 * to obtain an instance from whatever a runtime can give (bytes, a URL, a compiled module). Platform
 * neutral: nothing here touches Node modules, so the browser entry can use it.
 */

/** Byte addresses are i32 numbers; booleans are 0 / 1. Signatures mirror assembly/index.ts. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  simdEnabled(): number;
  gemmWorkspaceBytes(): number;
  gemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: number, b: number,
    beta: number, c: number, work: number): void;
  biasAdd(rows: number, cols: number, bias: number, y: number): void;
  biasGrad(rows: number, cols: number, dy: number, dbias: number): void;
  activationForward(kind: number, n: number, alpha: number, x: number, y: number): number;
  activationBackward(kind: number, n: number, alpha: number, x: number, y: number, dy: number, dx: number): number;
  stepForward(n: number, x: number, y: number): void;
  softmaxForward(rows: number, cols: number, x: number, y: number): void;
  softmaxBackward(rows: number, cols: number, y: number, dy: number, dx: number): void;
  mseLoss(rows: number, cols: number, pred: number, target: number, grad: number): number;
  sseLoss(rows: number, cols: number, pred: number, target: number, grad: number): number;
  bceLoss(rows: number, cols: number, prob: number, target: number, grad: number): number;
  bceLogitsLoss(rows: number, cols: number, logits: number, target: number, grad: number): number;
  softmaxCrossEntropy(rows: number, cols: number, logits: number, target: number, probs: number, grad: number): number;
  sparseSoftmaxCrossEntropy(rows: number, cols: number, logits: number, labels: number, probs: number, grad: number): number;
  batchNormForwardTrain(rows: number, cols: number, epsilon: number, momentum: number, x: number, gamma: number,
    beta: number, runningMean: number, runningVar: number, y: number, saveMean: number, saveInvStd: number): void;
  batchNormForwardInference(rows: number, cols: number, epsilon: number, x: number, gamma: number, beta: number,
    runningMean: number, runningVar: number, y: number): void;
  batchNormBackward(rows: number, cols: number, x: number, gamma: number, saveMean: number, saveInvStd: number,
    dy: number, dx: number, dgamma: number, dbeta: number): void;
  dropoutForward(n: number, rate: number, mask: number, x: number, y: number): void;
  dropoutBackward(n: number, rate: number, mask: number, dy: number, dx: number): void;
  sgdStep(n: number, lr: number, l1: number, l2: number, params: number, grads: number): void;
  momentumStep(n: number, lr: number, momentum: number, nesterov: number, l1: number, l2: number, params: number,
    grads: number, velocity: number): void;
  adagradStep(n: number, lr: number, epsilon: number, l1: number, l2: number, params: number, grads: number,
    accum: number): void;
  rmspropStep(n: number, lr: number, rho: number, epsilon: number, l1: number, l2: number, params: number,
    grads: number, meanSquare: number): void;
  adamStep(n: number, lr: number, beta1: number, beta2: number, epsilon: number, step: number, l1: number,
    l2: number, weightDecay: number, params: number, grads: number, m: number, v: number): void;
  maxNormProject(rows: number, cols: number, maxValue: number, w: number): void;
  sumOfSquares(n: number, x: number): number;
  scale(n: number, s: number, x: number): void;
  clipByValue(n: number, lo: number, hi: number, x: number): void;
  axpy(n: number, alpha: number, x: number, y: number): void;
  /** exp over n values with the kernels' vectorised approximation (for the accuracy tests). */
  approxExp(n: number, x: number, y: number): void;
}

const REQUIRED_EXPORTS = [
  'memory', 'heapBase', 'simdEnabled', 'gemmWorkspaceBytes', 'gemm', 'biasAdd', 'biasGrad', 'activationForward',
  'activationBackward', 'stepForward', 'softmaxForward', 'softmaxBackward', 'mseLoss', 'sseLoss', 'bceLoss',
  'bceLogitsLoss', 'softmaxCrossEntropy', 'sparseSoftmaxCrossEntropy', 'batchNormForwardTrain',
  'batchNormForwardInference', 'batchNormBackward', 'dropoutForward', 'dropoutBackward', 'sgdStep', 'momentumStep',
  'adagradStep', 'rmspropStep', 'adamStep', 'maxNormProject', 'sumOfSquares', 'scale', 'clipByValue', 'axpy',
  'approxExp',
] as const;

/**
 * What a runtime can hand over: the .wasm bytes, a URL (or URL string) to fetch them from, a fetch
 * Response (or its promise), or an already compiled module (Cloudflare Workers only allow that: they refuse
 * to compile bytes at run time).
 */
export type WasmSource = BufferSource | URL | string | WebAssembly.Module | Response | PromiseLike<Response>;

/** Compiles (or passes through) a source; `bytes` is set when the bytes were seen (to check SIMD support). */
export async function compileSource(source: WasmSource, what = 'the wasm source'):
  Promise<{ module: WebAssembly.Module } | { bytes: Uint8Array<ArrayBuffer> }> {
  if (source instanceof WebAssembly.Module) return { module: source };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source) };
  if (ArrayBuffer.isView(source)) {
    const view = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    // WebAssembly.compile takes no shared memory: copy bytes that sit in a SharedArrayBuffer.
    return { bytes: view.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : new Uint8Array(view) };
  }
  let response: Response;
  if (typeof source === 'string' || source instanceof URL) {
    if (typeof fetch !== 'function') {
      throw new TypeError(`backprop: ${what} is a URL (${String(source)}) but this runtime has no fetch; pass the bytes or a WebAssembly.Module`);
    }
    response = await fetch(source);
  } else if (isThenable(source)) {
    response = await source;
  } else if (typeof Response !== 'undefined' && source instanceof Response) {
    response = source;
  } else {
    throw new TypeError(`backprop: ${what} must be bytes (ArrayBuffer or a typed array), a URL or URL string, ` +
      `a fetch Response or a WebAssembly.Module; got ${describe(source)}`);
  }
  if (!response.ok) {
    throw new Error(`backprop: fetching ${what} from ${response.url || String(source)} failed: HTTP ${response.status} ${response.statusText}`);
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Instantiates a compiled module (it imports nothing) and checks that it is the kernels module. */
export async function instantiateKernels(module: WebAssembly.Module): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, {});
  const exports = instance.exports as Record<string, unknown>;
  const missing = REQUIRED_EXPORTS.filter((name) => !(name in exports));
  if (missing.length > 0) {
    throw new Error(`backprop: the wasm module is not backprop's kernels module (or is from another version): ` +
      `it lacks ${missing.join(', ')}`);
  }
  return exports as unknown as KernelExports;
}

function isThenable(value: unknown): value is PromiseLike<Response> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
