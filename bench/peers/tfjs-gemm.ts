/**
 * GEMM rows for the TensorFlow.js peers, in the bench's JSON line format: tf.matMul(a, b, transA, transB)
 * on @tensorflow/tfjs-backend-wasm (XNNPACK, SIMD build, one thread) as "tfjs-wasm" and on
 * @tensorflow/tfjs-backend-cpu as "tfjs-cpu". Each shape is warmed up first; every timed call ends with
 * dataSync(), which forces the result to exist (tfjs queues work lazily). A peer that is not installed
 * yields no rows (it is a dev dependency: the bench runs without it).
 */

import type { GemmShape as FullGemmShape } from '../../src/bench/gemm.js';
import { type TimingOptions, secondsPerCall } from '../../src/bench/timing.js';

/** The shape fields of src/bench/gemm.ts's GemmShape that a peer needs. */
export type GemmShape = Pick<FullGemmShape, 'm' | 'n' | 'k' | 'transA' | 'transB'>;

type TfCore = typeof import('@tensorflow/tfjs-core');

/**
 * How the peers' GEMMs and ours beside them are timed: best of 5 runs of at least 0.05 s, no new run after
 * 4 s (the peers' transposed cases take seconds per call); prepare() has warmed every call up.
 */
export const PEER_TIMING: TimingOptions = { runs: 5, minSeconds: 0.05, budgetSeconds: 4, warmUp: false };

export interface TfjsPeer {
  readonly backend: 'tfjs-wasm' | 'tfjs-cpu';
  /** Tensors for one shape (on this peer) and a call that multiplies them and waits for the result. */
  prepare(shape: GemmShape): { call(): void; dispose(): void };
}

/**
 * Makes one tfjs peer the active tfjs backend (tfjs has one at a time), or undefined when it is not
 * installed. Warms the call up in prepare(): the first matMul of a shape compiles and allocates.
 */
export async function loadTfjsPeer(name: 'wasm' | 'cpu'): Promise<TfjsPeer | undefined> {
  const tf = await loadPeer(name);
  if (!tf) return undefined;
  return {
    backend: `tfjs-${name}`,
    prepare({ m, n, k, transA, transB }) {
      const a = tf.randomUniform(transA ? [k, m] : [m, k], -1, 1, 'float32', 1);
      const b = tf.randomUniform(transB ? [n, k] : [k, n], -1, 1, 'float32', 2);
      // dataSync forces the result: tfjs queues work lazily.
      const call = (): void => {
        const c = tf.matMul(a, b, transA, transB);
        c.dataSync();
        c.dispose();
      };
      call();
      call();
      return {
        call,
        dispose: () => {
          a.dispose();
          b.dispose();
        },
      };
    },
  };
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

/** One GEMM row per shape for each tfjs peer named (one peer after the other: tfjs has one backend at a time). */
export async function* tfjsGemmRows(
  shapes: readonly GemmShape[],
  peers: readonly ('tfjs-wasm' | 'tfjs-cpu')[],
): AsyncGenerator<Record<string, unknown>> {
  for (const name of peers) {
    const peer = await loadTfjsPeer(name === 'tfjs-wasm' ? 'wasm' : 'cpu');
    if (!peer) continue;
    for (const shape of shapes) {
      const { call, dispose } = peer.prepare(shape);
      const seconds = secondsPerCall(call, PEER_TIMING);
      dispose();
      yield gemmRow(peer.backend, shape, seconds);
    }
  }
}

/** One JSON row of the gemm suite. */
export function gemmRow(
  backend: string,
  { m, n, k, transA, transB }: GemmShape,
  seconds: number,
): Record<string, unknown> {
  return {
    suite: 'gemm',
    backend,
    threads: 1,
    m,
    n,
    k,
    transA,
    transB,
    gflops: Number(((2 * m * n * k) / seconds / 1e9).toFixed(3)),
  };
}
