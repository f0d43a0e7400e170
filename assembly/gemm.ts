// C = alpha * op(A) * op(B) + beta * C, blocked as in BLIS (Goto's algorithm), with the two inner loops
// exchanged so that one packed A strip stays in the L1 cache while the B strips stream from L2:
//   for each NC-wide panel of columns, for each KC-deep slice of k:
//     pack op(B)[slice, panel] into NR-wide column strips (packB: KC x NC floats, 256 KB, lives in L2),
//     for each MR-tall strip of rows: pack op(A)[strip, slice] (packA: KC x MR floats, 2 KB),
//       run the MR x NR micro-kernel over the A strip and every B strip, accumulating into C.
// (BLIS keeps a B strip in L1 and streams a whole MC x KC block of A from L2 instead; measured with
// bench/ab/wasm-gemm.mjs, this order was 5-15 % faster with 4 x 8 tiles on the shapes of training an MLP,
// and no slower with 2 x 16 tiles (bench/ab/wasm-gemm-step.mjs); a packing buffer of one strip replaces
// the MC-row block.)
// Packing reads op(A) and op(B) in whatever layout they come (the transposed cases transpose 4 x 4 blocks
// or copy pairs of floats while packing), so the micro-kernel always streams contiguous memory and all four
// transpose cases run the same micro-kernel. Each C element is summed in k order within a slice (a multiply,
// then an add: WebAssembly SIMD has no fused multiply-add), slices in order, so the SIMD and the scalar build
// give the same bits however the rows and columns are blocked.
//
// Buffers: A is m x k (transA 0) or k x m (transA 1); B is k x n (transB 0) or n x k (transB 1);
// C is m x n; work is gemmWorkspaceBytes() bytes owned by the caller (packA, packB, one MR x NR tile,
// the k offsets of a compacted A strip).
//
// Zeros of A are skipped (SIMD build): a step p of a packed A strip whose MR values are all zero adds
// only zeros to its MR x NR sums, so when enough of a strip's steps are zero it is compacted to its
// nonzero steps and the micro-kernel reads the B rows of those steps by offset. The inputs of a network
// are often mostly zeros where it matters, and so are ReLU outputs: half the pixels of Fashion-MNIST are
// 0; in the forward X W, 2 images picked at random are both 0 at a pixel 34 % of the time (4 images: 21 %),
// and in the weight gradient X^T dY, 2 adjacent pixels are both 0 in 45 % of the images (4 pixels: 38 %).
// This is why the strips are 2 rows tall (see microKernelSimd). The sums are the
// same bits: they start at +0, a sum that starts at +0 is never -0, and adding +0 or -0 to anything
// else than -0 leaves it unchanged. A zero times an infinite or NaN B value is NaN, not 0, so a B slice
// that holds one is never skipped over.

const MR = 2;
const NR = 16;
const KC = 256;
const NC = 256;

/** Up to this many rows of C (one-sample predict, batch-1 training) take gemmFewRows: nothing is packed. */
const FEW_ROWS = 4;

const PACK_A_BYTES: usize = <usize>(MR * KC) << 2;
const PACK_B_BYTES: usize = <usize>(KC * NC) << 2;
const TILE_BYTES: usize = <usize>(MR * NR) << 2;
const OFFSETS_BYTES: usize = <usize>KC << 2;

/**
 * A strip is compacted when at least this share of its steps (1 / SPARSE_SHARE) are zero: the compacted
 * micro-kernel issues three more instructions a step (the offset's load, its address, its pointer) than
 * the dense one's ~31, so it pays from about one step in ten skipped.
 */
const SPARSE_SHARE = 8;

export function gemmWorkspaceBytes(): usize {
  return PACK_A_BYTES + PACK_B_BYTES + TILE_BYTES + OFFSETS_BYTES;
}

export function gemm(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32,
  a: usize, b: usize, beta: f32, c: usize, work: usize): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    scaleMatrix(m * n, beta, c);
    return;
  }
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  if (ASC_FEATURE_SIMD) {
    if (m <= FEW_ROWS && !transB) {
      gemmFewRows(transA, m, n, k, alpha, a, lda, b, beta, c);
      return;
    }
  }
  const packA = work;
  const packB = work + PACK_A_BYTES;
  const tile = packB + PACK_B_BYTES;
  const offsets = tile + TILE_BYTES;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      if (transB) packBTransposed(b, ldb, pc, kc, jc, nc, packB);
      else packBPlain(b, ldb, pc, kc, jc, nc, packB);
      // Slices after the first add to what the earlier ones left in C.
      const betaSlice: f32 = pc == 0 ? beta : 1;
      // Looking for zero steps costs a pass or two over each A strip, which one B strip does not repay.
      let skipZeros = false;
      if (ASC_FEATURE_SIMD) skipZeros = nc > NR && allFinite(packB, <usize>(kc * ((nc + NR - 1) & ~(NR - 1))));
      for (let ir = 0; ir < m; ir += MR) {
        const rows = min(MR, m - ir);
        if (transA) packATransposed(a, lda, ir, rows, pc, kc, packA);
        else packAPlain(a, lda, ir, rows, pc, kc, packA);
        let steps = kc;
        if (ASC_FEATURE_SIMD) {
          if (skipZeros) steps = compactZeroSteps(packA, kc, offsets);
        }
        for (let jr = 0; jr < nc; jr += NR) {
          const stripB = packB + (<usize>(jr * kc) << 2);
          const cTile = c + (<usize>(ir * n + jc + jr) << 2);
          const cols = min(NR, nc - jr);
          if (ASC_FEATURE_SIMD) {
            if (steps < kc) {
              microKernelCompacted(steps, packA, offsets, stripB, cTile, n, alpha, betaSlice, rows, cols, tile);
              continue;
            }
          }
          microKernel(kc, packA, stripB, cTile, n, alpha, betaSlice, rows, cols, tile);
        }
      }
    }
  }
}

/** C = beta * C over count values; beta = 0 writes zeros without reading C (BLAS semantics). */
function scaleMatrix(count: i32, beta: f32, c: usize): void {
  if (beta == 0) {
    memory.fill(c, 0, <usize>count << 2);
    return;
  }
  for (let i = 0; i < count; i++) {
    const p = c + (<usize>i << 2);
    store<f32>(p, beta * load<f32>(p));
  }
}

// ------------------------------------------------------------------ packing
// packA layout: one strip of MR rows (ir ..); element (r, p) at p * MR + r.
// Rows past m are zero so the micro-kernel never branches on them.

/**
 * Loads a 4 x 4 block (four rows of four floats, `rowBytes` apart, from `at`) and stores its transpose:
 * column c of the block goes, as four contiguous floats, to out + c * outStride. The packing routines of
 * both operands use it to gather strips of a row-major matrix into k-major panels.
 */
// @ts-ignore: decorator
@inline
function transposeBlock4x4(at: usize, rowBytes: usize, out: usize, outStride: usize): void {
  const r0 = v128.load(at);
  const r1 = v128.load(at + rowBytes);
  const r2 = v128.load(at + 2 * rowBytes);
  const r3 = v128.load(at + 3 * rowBytes);
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(out, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(out + outStride, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(out + 2 * outStride, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(out + 3 * outStride, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/** A is row-major m x k: the strip's two rows (ir ..) are read as two streams and interleaved. */
function packAPlain(a: usize, lda: i32, ir: i32, rows: i32, pc: i32, kc: i32, dst: usize): void {
  const src = a + (<usize>(ir * lda + pc) << 2);
  const rowBytes = <usize>lda << 2;
  let p = 0;
  if (ASC_FEATURE_SIMD) {
    if (rows == MR) {
      for (; p + 4 <= kc; p += 4) {
        const r0 = v128.load(src + (<usize>p << 2));
        const r1 = v128.load(src + rowBytes + (<usize>p << 2));
        const o = dst + (<usize>(p * MR) << 2);
        v128.store(o, f32x4.shuffle(r0, r1, 0, 4, 1, 5));
        v128.store(o, f32x4.shuffle(r0, r1, 2, 6, 3, 7), 16);
      }
    }
  }
  for (; p < kc; p++) {
    const o = dst + (<usize>(p * MR) << 2);
    for (let r = 0; r < MR; r++) {
      const value: f32 = r < rows ? load<f32>(src + (<usize>r * rowBytes) + (<usize>p << 2)) : 0;
      store<f32>(o + (<usize>r << 2), value);
    }
  }
}

/**
 * A is k x m (op(A) = A^T): MR consecutive floats of a row of A are one packed column, copied whole (one u64),
 * four rows of A an iteration.
 */
function packATransposed(a: usize, lda: i32, ir: i32, rows: i32, pc: i32, kc: i32, dst: usize): void {
  let src = a + (<usize>(pc * lda + ir) << 2);
  const rowBytes = <usize>lda << 2;
  let o = dst;
  let p = 0;
  if (rows == MR) {
    for (; p + 4 <= kc; p += 4) {
      store<u64>(o, load<u64>(src));
      store<u64>(o, load<u64>(src + rowBytes), 8);
      store<u64>(o, load<u64>(src + 2 * rowBytes), 16);
      store<u64>(o, load<u64>(src + 3 * rowBytes), 24);
      src += 4 * rowBytes;
      o += 4 * MR << 2;
    }
  }
  for (; p < kc; p++) {
    for (let r = 0; r < MR; r++) store<f32>(o + (<usize>r << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
    src += rowBytes;
    o += MR << 2;
  }
}

// packB layout: strip s (columns jc + s*NR ..) at s * NR * kc floats; element (p, j) at p * NR + j.

/**
 * B is row-major k x n: NR consecutive floats of a row of B are one packed row, copied whole. Row by row,
 * so B is read front to back: column strip by strip it would be read 32 bytes a row, a row apart, which
 * the hardware prefetcher does not follow and which keeps only a few cache sets busy when a row is a
 * power of two bytes long (the weights of the forward pass: 784 x 256 floats, 1 KB a row).
 */
function packBPlain(b: usize, ldb: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  const full = nc & ~(NR - 1);
  const stripBytes = <usize>(kc * NR) << 2;
  for (let p = 0; p < kc; p++) {
    const src = b + (<usize>((pc + p) * ldb + jc) << 2);
    let o = dst + (<usize>(p * NR) << 2);
    let s = 0;
    if (ASC_FEATURE_SIMD) {
      for (; s < full; s += NR) {
        const from = src + (<usize>s << 2);
        v128.store(o, v128.load(from));
        v128.store(o, v128.load(from, 16), 16);
        v128.store(o, v128.load(from, 32), 32);
        v128.store(o, v128.load(from, 48), 48);
        o += stripBytes;
      }
    }
    for (; s < nc; s += NR) {
      const cols = min(NR, nc - s);
      const from = src + (<usize>s << 2);
      for (let j = 0; j < NR; j++) store<f32>(o + (<usize>j << 2), j < cols ? load<f32>(from + (<usize>j << 2)) : 0);
      o += stripBytes;
    }
  }
}

/** B is n x k (op(B) = B^T): each packed strip gathers NR rows of B, transposed in 4 x 4 blocks. */
function packBTransposed(b: usize, ldb: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  const rowBytes = <usize>ldb << 2;
  for (let s = 0; s < nc; s += NR) {
    const cols = min(NR, nc - s);
    const out = dst + (<usize>(s * kc) << 2);
    const src = b + (<usize>((jc + s) * ldb + pc) << 2);
    let p = 0;
    if (ASC_FEATURE_SIMD) {
      if (cols == NR) {
        for (; p + 4 <= kc; p += 4) {
          const o = out + (<usize>(p * NR) << 2);
          for (let quarter = 0; quarter < 4; quarter++) {
            const from = src + (<usize>quarter * 4 * rowBytes) + (<usize>p << 2);
            transposeBlock4x4(from, rowBytes, o + (<usize>quarter << 4), <usize>NR << 2);
          }
        }
      }
    }
    for (; p < kc; p++) {
      const o = out + (<usize>(p * NR) << 2);
      for (let j = 0; j < NR; j++) {
        const value: f32 = j < cols ? load<f32>(src + (<usize>j * rowBytes) + (<usize>p << 2)) : 0;
        store<f32>(o + (<usize>j << 2), value);
      }
    }
  }
}

// ------------------------------------------------------------------ skipping zeros of A

/** Whether all `count` floats from `at` are finite (count is a multiple of 4; SIMD build only). */
function allFinite(at: usize, count: usize): bool {
  const limit = f32x4.splat(Infinity);
  let finite = i32x4.splat(-1);
  const end = at + (count << 2);
  // |x| < Infinity is false for an infinity and for a NaN.
  for (let p = at; p < end; p += 16) finite = v128.and(finite, f32x4.lt(f32x4.abs(v128.load(p)), limit));
  return i32x4.all_true(finite);
}

/**
 * Counts the steps of the packed A strip (kc steps of MR floats) whose values are all zero; if they are at
 * least kc / SPARSE_SHARE, moves the other steps to the front of the strip, in order, writes the byte
 * offset of each one's row in a packed B strip (p * NR floats) to `offsets`, and returns how many there
 * are. Otherwise leaves the strip as it is and returns kc. (MR is 2: a step is one u64; it is zero when
 * both floats are +0 or -0, that is when all bits but the two sign bits are 0.)
 */
function compactZeroSteps(pa: usize, kc: i32, offsets: usize): i32 {
  const notSigns: u64 = 0x7fffffff7fffffff;
  let zeroSteps = 0;
  let p = 0;
  // Two steps a v128: bit i of the bitmask is set when step i is zero.
  const notSignsVector = i64x2.splat(notSigns);
  const zero = i64x2.splat(0);
  for (; p + 2 <= kc; p += 2) {
    const steps = v128.and(v128.load(pa + (<usize>p << 3)), notSignsVector);
    zeroSteps += <i32>popcnt(i64x2.bitmask(i64x2.eq(steps, zero)));
  }
  for (; p < kc; p++) zeroSteps += <i32>((load<u64>(pa + (<usize>p << 3)) & notSigns) == 0);
  if (zeroSteps * SPARSE_SHARE < kc) return kc;
  let kept = 0;
  for (p = 0; p < kc; p++) {
    const v = load<u64>(pa + (<usize>p << 3));
    if ((v & notSigns) == 0) continue;
    store<u64>(pa + (<usize>kept << 3), v);
    store<u32>(offsets + (<usize>kept << 2), <u32>(p * NR) << 2);
    kept++;
  }
  return kept;
}

// ------------------------------------------------------------------ micro-kernel
// An MR x NR block of C from one packed A strip (kc x MR) and one packed B strip (kc x NR).
// rows <= MR and cols <= NR say how much of the block lies inside C; a partial block goes through `tile`.

// @ts-ignore: decorator
@inline
function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, alpha: f32, beta: f32,
  rows: i32, cols: i32, tile: usize): void {
  if (ASC_FEATURE_SIMD) microKernelSimd(kc, pa, pb, c, ldc, alpha, beta, rows, cols, tile);
  else microKernelScalar(kc, pa, pb, c, ldc, alpha, beta, rows, cols, tile);
}

// 8 f32x4 accumulators (2 rows x 4 vectors of 4 columns): with the 4 B vectors, the 2 broadcast A values and
// the product that is the 15 xmm registers V8 (x64) allocates, so nothing spills inside the k loop (V8 loads
// all of a step's values before its arithmetic). A step is 16 multiplies and adds, as in a 4 x 8 tile, but
// with 2 broadcasts and 4 vector loads instead of 4 and 2: V8 cannot fold a broadcast's offset into its
// address (each costs one more instruction) and folds a vector load's. And a strip of 2 rows has more steps
// that are all zero to skip than one of 4 (see the comment at the top).
function microKernelSimd(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, alpha: f32, beta: f32,
  rows: i32, cols: i32, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const end = pb + (<usize>(kc * NR) << 2);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    const b3 = v128.load(pb, 48);
    let av = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    c02 = f32x4.add(c02, f32x4.mul(av, b2));
    c03 = f32x4.add(c03, f32x4.mul(av, b3));
    av = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    c12 = f32x4.add(c12, f32x4.mul(av, b2));
    c13 = f32x4.add(c13, f32x4.mul(av, b3));
    pa += MR << 2;
    pb += NR << 2;
  }
  storeTile(c, ldc, alpha, beta, rows, cols, tile, c00, c01, c02, c03, c10, c11, c12, c13);
}

/** Stores alpha times the MR x NR sums (+ beta C) into C, its rows x cols corner through `tile` at the edges. */
// @ts-ignore: decorator
@inline
function storeTile(c: usize, ldc: i32, alpha: f32, beta: f32, rows: i32, cols: i32, tile: usize,
  c00: v128, c01: v128, c02: v128, c03: v128, c10: v128, c11: v128, c12: v128, c13: v128): void {
  const va = f32x4.splat(alpha);
  if (rows == MR && cols == NR) {
    const c1 = c + (<usize>ldc << 2);
    storeRow(c, va, beta, c00, c01);
    storeRow(c + 32, va, beta, c02, c03);
    storeRow(c1, va, beta, c10, c11);
    storeRow(c1 + 32, va, beta, c12, c13);
    return;
  }
  v128.store(tile, f32x4.mul(va, c00));
  v128.store(tile, f32x4.mul(va, c01), 16);
  v128.store(tile, f32x4.mul(va, c02), 32);
  v128.store(tile, f32x4.mul(va, c03), 48);
  v128.store(tile, f32x4.mul(va, c10), 64);
  v128.store(tile, f32x4.mul(va, c11), 80);
  v128.store(tile, f32x4.mul(va, c12), 96);
  v128.store(tile, f32x4.mul(va, c13), 112);
  storePartial(c, ldc, beta, rows, cols, tile);
}

/**
 * microKernelSimd over a compacted A strip: `steps` steps of MR values, step j taking the B row at byte
 * offset offsets[j] of the B strip. The same sums in the same order, less the zero terms.
 */
function microKernelCompacted(steps: i32, pa: usize, offsets: usize, pb: usize, c: usize, ldc: i32, alpha: f32,
  beta: f32, rows: i32, cols: i32, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const end = offsets + (<usize>steps << 2);
  while (offsets < end) {
    const row = pb + <usize>load<u32>(offsets);
    const b0 = v128.load(row);
    const b1 = v128.load(row, 16);
    const b2 = v128.load(row, 32);
    const b3 = v128.load(row, 48);
    let av = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    c02 = f32x4.add(c02, f32x4.mul(av, b2));
    c03 = f32x4.add(c03, f32x4.mul(av, b3));
    av = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    c12 = f32x4.add(c12, f32x4.mul(av, b2));
    c13 = f32x4.add(c13, f32x4.mul(av, b3));
    pa += MR << 2;
    offsets += 4;
  }
  storeTile(c, ldc, alpha, beta, rows, cols, tile, c00, c01, c02, c03, c10, c11, c12, c13);
}

// @ts-ignore: decorator
@inline
function storeRow(c: usize, va: v128, beta: f32, acc0: v128, acc1: v128): void {
  let out0 = f32x4.mul(va, acc0);
  let out1 = f32x4.mul(va, acc1);
  if (beta != 0) {
    const vb = f32x4.splat(beta);
    out0 = f32x4.add(out0, f32x4.mul(vb, v128.load(c)));
    out1 = f32x4.add(out1, f32x4.mul(vb, v128.load(c, 16)));
  }
  v128.store(c, out0);
  v128.store(c, out1, 16);
}

/** tile holds alpha * (MR x NR sums); writes its rows x cols corner into C. */
function storePartial(c: usize, ldc: i32, beta: f32, rows: i32, cols: i32, tile: usize): void {
  for (let r = 0; r < rows; r++) {
    const cr = c + (<usize>(r * ldc) << 2);
    const tr = tile + (<usize>(r * NR) << 2);
    for (let j = 0; j < cols; j++) {
      const at = cr + (<usize>j << 2);
      let value = load<f32>(tr + (<usize>j << 2));
      if (beta != 0) value += beta * load<f32>(at);
      store<f32>(at, value);
    }
  }
}

// The scalar build's micro-kernel: the same MR x NR block as four 2 x 4 quarters of 8 register
// accumulators each (32 live floats would spill); the sums are in the same k order as the SIMD kernel,
// so both builds give the same bits.
function microKernelScalar(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, alpha: f32, beta: f32,
  rows: i32, cols: i32, tile: usize): void {
  for (let q: usize = 0; q < 64; q += 16) quarterKernelScalar(kc, pa, pb + q, alpha, tile + q);
  storePartial(c, ldc, beta, rows, cols, tile);
}

/** alpha * (the 2 rows of the A strip) x (4 columns of the B strip from pb), into tile rows of NR floats. */
function quarterKernelScalar(kc: i32, pa: usize, pb: usize, alpha: f32, tile: usize): void {
  let c00: f32 = 0, c01: f32 = 0, c02: f32 = 0, c03: f32 = 0;
  let c10: f32 = 0, c11: f32 = 0, c12: f32 = 0, c13: f32 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = load<f32>(pb), b1 = load<f32>(pb, 4), b2 = load<f32>(pb, 8), b3 = load<f32>(pb, 12);
    let av = load<f32>(pa);
    c00 += av * b0; c01 += av * b1; c02 += av * b2; c03 += av * b3;
    av = load<f32>(pa, 4);
    c10 += av * b0; c11 += av * b1; c12 += av * b2; c13 += av * b3;
    pa += MR << 2;
    pb += NR << 2;
  }
  store<f32>(tile, alpha * c00); store<f32>(tile, alpha * c01, 4);
  store<f32>(tile, alpha * c02, 8); store<f32>(tile, alpha * c03, 12);
  store<f32>(tile, alpha * c10, 64); store<f32>(tile, alpha * c11, 68);
  store<f32>(tile, alpha * c12, 72); store<f32>(tile, alpha * c13, 76);
}

// ------------------------------------------------------------------ a few rows
// With m <= FEW_ROWS, packing B (every float of it copied once) is reused only m / MR times and the
// MR-tall tiles run mostly empty: for one row against a 784 x 256 layer the packing costs more than the
// multiply-adds. Here B's rows are read where they are, in column strips, and A's values are broadcast
// from where they are. Each C element is summed over the same KC slices in the same k order, and stored
// as storeRow / storePartial do, so the result is the blocked kernel's, bit for bit.

function gemmFewRows(transA: i32, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32, b: usize,
  beta: f32, c: usize): void {
  // A(i, p) is at a + (i * aRow + p * aCol) * 4.
  const aRow = transA ? 1 : lda;
  const aCol = transA ? lda : 1;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const betaSlice: f32 = pc == 0 ? beta : 1;
    const aSlice = a + (<usize>(pc * aCol) << 2);
    const bSlice = b + (<usize>(pc * n) << 2);
    let j = 0;
    if (m == 1) {
      for (; j + 32 <= n; j += 32) {
        oneRowStrip32(kc, aSlice, aCol, bSlice + (<usize>j << 2), n, c + (<usize>j << 2), alpha, betaSlice);
      }
    }
    for (; j + 8 <= n; j += 8) {
      fewRowsStrip8(m, kc, aSlice, aRow, aCol, bSlice + (<usize>j << 2), n, c + (<usize>j << 2), alpha, betaSlice);
    }
    for (; j < n; j++) {
      for (let i = 0; i < m; i++) {
        const ai = aSlice + (<usize>(i * aRow) << 2);
        let sum: f32 = 0;
        for (let p = 0; p < kc; p++) {
          sum += load<f32>(ai + (<usize>(p * aCol) << 2)) * load<f32>(bSlice + (<usize>(p * n + j) << 2));
        }
        const at = c + (<usize>(i * n + j) << 2);
        let value = alpha * sum;
        if (betaSlice != 0) value += betaSlice * load<f32>(at);
        store<f32>(at, value);
      }
    }
  }
}

/** One row of C, 32 columns: eight f32x4 accumulators over kc values of k. */
function oneRowStrip32(kc: i32, a: usize, aCol: i32, b: usize, ldb: i32, c: usize, alpha: f32, beta: f32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let c4 = f32x4.splat(0), c5 = f32x4.splat(0), c6 = f32x4.splat(0), c7 = f32x4.splat(0);
  const aStep = <usize>aCol << 2;
  const bStep = <usize>ldb << 2;
  for (let p = 0; p < kc; p++) {
    const av = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(av, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(av, v128.load(b, 16)));
    c2 = f32x4.add(c2, f32x4.mul(av, v128.load(b, 32)));
    c3 = f32x4.add(c3, f32x4.mul(av, v128.load(b, 48)));
    c4 = f32x4.add(c4, f32x4.mul(av, v128.load(b, 64)));
    c5 = f32x4.add(c5, f32x4.mul(av, v128.load(b, 80)));
    c6 = f32x4.add(c6, f32x4.mul(av, v128.load(b, 96)));
    c7 = f32x4.add(c7, f32x4.mul(av, v128.load(b, 112)));
    a += aStep;
    b += bStep;
  }
  const va = f32x4.splat(alpha);
  storeRow(c, va, beta, c0, c1);
  storeRow(c + 32, va, beta, c2, c3);
  storeRow(c + 64, va, beta, c4, c5);
  storeRow(c + 96, va, beta, c6, c7);
}

/**
 * Rows [0, m) of C (m <= 4), 8 columns: the microkernel's 4 x 2 accumulators, A read in place. Rows past m
 * repeat the last row (readable) and are not stored.
 */
function fewRowsStrip8(m: i32, kc: i32, a: usize, aRow: i32, aCol: i32, b: usize, ldb: i32, c: usize,
  alpha: f32, beta: f32): void {
  const a0 = a;
  const a1 = a + (<usize>(min(1, m - 1) * aRow) << 2);
  const a2 = a + (<usize>(min(2, m - 1) * aRow) << 2);
  const a3 = a + (<usize>(min(3, m - 1) * aRow) << 2);
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const bStep = <usize>ldb << 2;
  let off: usize = 0;
  const aStep = <usize>aCol << 2;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = v128.load32_splat(a0 + off);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(a1 + off);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(a2 + off);
    c20 = f32x4.add(c20, f32x4.mul(av, b0));
    c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(a3 + off);
    c30 = f32x4.add(c30, f32x4.mul(av, b0));
    c31 = f32x4.add(c31, f32x4.mul(av, b1));
    off += aStep;
    b += bStep;
  }
  const va = f32x4.splat(alpha);
  const ldcBytes = <usize>ldb << 2;
  storeRow(c, va, beta, c00, c01);
  if (m > 1) storeRow(c + ldcBytes, va, beta, c10, c11);
  if (m > 2) storeRow(c + 2 * ldcBytes, va, beta, c20, c21);
  if (m > 3) storeRow(c + 3 * ldcBytes, va, beta, c30, c31);
}
