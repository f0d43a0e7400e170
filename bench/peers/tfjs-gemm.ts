/**
 * GEMM rows for the TensorFlow.js peers, in the bench's JSON line format: tf.matMul(a, b, transA, transB)
 * on @tensorflow/tfjs-backend-wasm (XNNPACK, SIMD build, one thread) as "tfjs-wasm" and on
 * @tensorflow/tfjs-backend-cpu as "tfjs-cpu". Each shape is warmed up first; every timed call ends with
 * dataSync(), which forces the result to exist (tfjs queues work lazily). A peer that is not installed
 * yields no rows (it is a dev dependency: the bench runs without it).
 */

export interface GemmShape {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
}

type TfCore = typeof import('@tensorflow/tfjs-core');

/**
 * Seconds per call: the best of `trials` timings, each running `call` for at least `minSeconds` (and
 * twice). The minimum is the least disturbed estimate on a machine shared with other work. Slow calls
 * (the peers' transposed cases take seconds) stop after `budgetSeconds` with the trials done so far.
 */
export function secondsPerCall(call: () => void, minSeconds = 0.05, trials = 5, budgetSeconds = 3): number {
  let best = Infinity;
  const begin = performance.now();
  for (let t = 0; t < trials && (t === 0 || performance.now() - begin < budgetSeconds * 1000); t++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (calls < 2 || elapsed < minSeconds * 1000) {
      call();
      calls++;
      elapsed = performance.now() - start;
    }
    best = Math.min(best, elapsed / 1000 / calls);
  }
  return best;
}

async function loadPeer(name: 'wasm' | 'cpu'): Promise<TfCore | undefined> {
  try {
    const tf = await import('@tensorflow/tfjs-core');
    if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
    else {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // One thread, as every row of this bench (Node has no threaded tfjs-wasm build anyway).
      wasm.setThreadsCount(1);
    }
    if (!(await tf.setBackend(name))) return undefined;
    await tf.ready();
    return tf;
  } catch (error) {
    console.error(`# tfjs-${name} not measured: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

export async function* tfjsGemmRows(shapes: GemmShape[]): AsyncGenerator<Record<string, unknown>> {
  for (const peer of ['wasm', 'cpu'] as const) {
    const tf = await loadPeer(peer);
    if (!tf) continue;
    for (const { m, n, k, transA, transB } of shapes) {
      const a = tf.randomUniform(transA ? [k, m] : [m, k], -1, 1, 'float32', 1);
      const b = tf.randomUniform(transB ? [n, k] : [k, n], -1, 1, 'float32', 2);
      const once = (): void => {
        const c = tf.matMul(a, b, transA, transB);
        c.dataSync();
        c.dispose();
      };
      once();
      once();
      const seconds = secondsPerCall(once);
      a.dispose();
      b.dispose();
      yield {
        suite: 'gemm', backend: `tfjs-${peer}`, threads: 1, m, n, k, transA, transB,
        gflops: Number(((2 * m * n * k) / seconds / 1e9).toFixed(3)),
      };
    }
  }
}
