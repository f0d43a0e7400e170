/**
 * y[i, f] = x[order[i], f] * scale: rows of bytes gathered into float32. The product is a float64 multiply
 * rounded once to float32 by the store (Math.fround(byte * scale)), the rounding every backend reproduces.
 *
 * The one JavaScript loop over a Dataset's bytes: the js backend's kernel, and what a Dataset's batches and
 * gatherBatch / toFloat32 run where no backend reads the bytes in place (src/model/batch-source.ts).
 *
 * Rows of a multiple of 4 bytes that start at a multiple of 4 are read 4 bytes at a time, as 32-bit words:
 * a quarter of the array reads, the costly part of the loop (callgrind, Node 20: 2.1 M instructions to
 * gather 128 shuffled rows of 784 bytes against 4.0 M a byte at a time). Both loops are in this one
 * function, so the scale is never passed on to another call (a float64 argument of a call that V8 does not
 * inline is a new heap number).
 */
export function gatherByteRows(
  rows: number,
  cols: number,
  count: number,
  scale: number,
  x: Uint8Array,
  order: Uint32Array,
  y: Float32Array,
): void {
  if (cols % 4 === 0 && x.byteOffset % 4 === 0 && LITTLE_ENDIAN) {
    const words = wordsOf(x);
    for (let i = 0; i < count; i++) {
      let w = (order[i] * cols) >>> 2;
      let d = i * cols;
      const end = d + cols;
      while (d < end) {
        const v = words[w++];
        y[d] = (v & 255) * scale;
        y[d + 1] = ((v >>> 8) & 255) * scale;
        y[d + 2] = ((v >>> 16) & 255) * scale;
        y[d + 3] = (v >>> 24) * scale;
        d += 4;
      }
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    const src = order[i] * cols,
      dst = i * cols;
    for (let f = 0; f < cols; f++) y[dst + f] = x[src + f] * scale;
  }
}

/** Whether a Uint32Array reads the first of its 4 bytes as the low byte (every platform Node runs on). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

// Word views of byte arrays, made once per array (a lookup allocates nothing; the array is not kept alive).
const wordViews = new WeakMap<Uint8Array, Uint32Array>();

/** `bytes` (byteOffset a multiple of 4) as 32-bit words; the last length % 4 bytes are not in the view. */
function wordsOf(bytes: Uint8Array): Uint32Array {
  let words = wordViews.get(bytes);
  if (words === undefined) {
    words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
    wordViews.set(bytes, words);
  }
  return words;
}
