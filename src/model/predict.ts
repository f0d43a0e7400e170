import { describeValue } from '../describe-value.js';
import { InputError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import type { Tensor2D } from '../tensor.js';
import { type BatchSource, TensorBatches } from './batch-source.js';
import { sliceRows } from './data.js';
import type { Engine, ModelRuntime } from './engine.js';

/**
 * The rows of a checked tensor, as a BatchSource that one model reuses from call to call (a new object per
 * predictInto would be garbage on every request); release() drops the tensor after the call.
 */
export class TensorRows implements BatchSource {
  rows = 0;
  private tensor: Tensor2D | null = null;

  /** This source over `x`'s rows. */
  of(x: Tensor2D): this {
    this.tensor = x;
    this.rows = x.rows;
    return this;
  }

  release(): void {
    this.tensor = null;
    this.rows = 0;
  }

  /** Rows [start, end) into `into` (predict passes no order and no targets). */
  load(_order: Uint32Array | null, start: number, end: number, into: Float32Array): void {
    into.set(this.rowsAt(start, end)); // one memcpy per chunk
  }

  /** Rows [start, end) where they are: the tensor's own array when they are all of it, else a view of it. */
  rowsAt(start: number, end: number): Float32Array {
    const { data, cols } = this.tensor!;
    return start === 0 && end * cols === data.length ? data : data.subarray(start * cols, end * cols);
  }

  /** Rows [start, end) as a source of their own. */
  slice(start: number, end: number): TensorBatches {
    return new TensorBatches(sliceRows(this.tensor!, start, end), null);
  }
}

/**
 * Writes the inference-mode outputs (no dropout, running batch-norm statistics; no loss, gradient or
 * random draw) of every row of `source` into `out` (rows x outputUnits floats), `chunkRows` rows per
 * forward pass in `rt`, whose workspace holds at least that many rows. A call of one chunk allocates
 * nothing once a chunk of its length has run (src/layers/layer.ts: view); a call of several makes a view
 * of the source per chunk, and of each buffer when the last chunk is shorter.
 *
 * The rows of a tensor are read where they are when the first layer and the backend can (a dense layer; a
 * backend whose kernels read arrays outside its memory in place, Backend.readsHostArrays: native and js, not
 * wasm, which would copy them in for every kernel that takes them): copying them into the workspace took 6 %
 * of a 1,000-row predict on the 784-256-128-10 MLP (native, 256-row chunks), and the copy is then read once
 * more by the first GEMM.
 *
 * Each chunk's values are checked once they are in the workspace: the backend's float64 sum of squares
 * is finite exactly when every value is (a finite float32 squared is below 2^256), one SIMD pass where
 * the JavaScript loop over every value took 8 to 13 % of a 1,000-row predict in a profile (native
 * backend). On a non-finite value it throws InputError naming the row and column; `out` then holds the
 * rows of the chunks before it.
 */
export function predictRows(
  engine: Engine,
  rt: ModelRuntime,
  source: BatchSource,
  out: Float32Array,
  chunkRows: number,
): void {
  const units = out.length / source.rows;
  const inPlace = source instanceof TensorRows && engine.readsInputInPlace && rt.backend.readsHostArrays;
  for (let start = 0; start < source.rows; start += chunkRows) {
    const end = Math.min(source.rows, start + chunkRows);
    const rows = end - start;
    let input: Float32Array;
    if (inPlace) {
      input = source.rowsAt(start, end);
    } else {
      input = engine.input(rt, rows);
      source.load(null, start, end, input, null, rt.backend);
    }
    if (!Number.isFinite(rt.backend.sumOfSquares(input.length, input))) throwNonFinite(start, rows, input);
    if (inPlace) engine.inferenceFrom(rt, rows, input);
    else engine.forward(rt, rows, false);
    out.set(engine.output(rt, rows), start * units);
  }
}

/** Names the first non-finite value of a chunk that starts at row `start` of `source`. */
function throwNonFinite(start: number, rows: number, chunk: Float32Array): never {
  const cols = chunk.length / rows;
  let i = 0;
  while (Number.isFinite(chunk[i])) i++;
  const r = Math.floor(i / cols);
  throw new InputError(
    `backprop: x contains ${chunk[i]} at row ${start + r}, column ${i - r * cols}; data must be finite numbers`,
  );
}

/** A 512 KiB L2 cache (one core of the AMD EPYC the defaults were measured on), in floats. */
const CHUNK_CACHE_FLOATS = (512 * 1024) / 4;
/**
 * The blocked GEMM packs a layer's weights once per call, about k * n copies against m * n * k / 16
 * multiply-add cycles (AVX2): 256 rows keep that near a sixteenth. On the 784-256-128-10 MLP (1,000
 * rows, native and wasm) chunks of 32 and 64 rows ran 11 to 23 % slower than 256, chunks of 128 up to 12 %.
 */
const MIN_CHUNK_ROWS = 256;
/** More rows per chunk gained nothing measurable there and only grow the workspace. */
const MAX_CHUNK_ROWS = 1024;

/**
 * Rows per inference chunk for these layers: as many as keep the widest layer's output for the chunk
 * (pre-activation and activation, 2 x units floats a row) within CHUNK_CACHE_FLOATS, so the next layer
 * reads it from cache, clamped to [MIN_CHUNK_ROWS, MAX_CHUNK_ROWS]. The chunk also bounds the workspace:
 * predict on a whole data set plans for a chunk, not for every row.
 */
export function inferenceChunkRows(layers: readonly Layer[]): number {
  let widest = 1;
  for (const layer of layers) widest = Math.max(widest, layer.units);
  const rows = Math.floor(CHUNK_CACHE_FLOATS / (2 * widest));
  return Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, rows));
}

/**
 * Checks the caller's output buffer of predictInto: a Float32Array of exactly rows x units floats that
 * shares no memory with the input (rows are written while later input rows are still to be read).
 */
export function checkPredictOutput(out: unknown, x: Tensor2D, units: number): Float32Array {
  const expected = x.rows * units;
  if (!(out instanceof Float32Array)) {
    throw new TypeError(
      `backprop: predictInto's out must be a Float32Array of ${expected} floats (${x.rows} rows x ${units} outputs); got ${describeValue(out)}`,
    );
  }
  if (out.length !== expected) {
    throw new InputError(
      `backprop: predictInto's out must hold ${expected} floats (${x.rows} rows x ${units} outputs); got a Float32Array of length ${out.length}`,
    );
  }
  const input = x.data;
  if (
    out.buffer === input.buffer &&
    out.byteOffset < input.byteOffset + input.byteLength &&
    input.byteOffset < out.byteOffset + out.byteLength
  ) {
    throw new InputError("backprop: predictInto's out shares memory with x; give it a buffer of its own");
  }
  return out;
}
