// Blocking: a KC x NC block of op(B) is packed into 4-column panels (KC * NC floats = 128 KiB, inside L2),
// a 4-row strip of op(A) into a KC x 4 panel; a 4x4 register tile then runs over KC with contiguous reads.
const MR = 4;
const NR = 4;
const KC = 128;
const NC = 256;

// The packing space (reused by every call: views such as subarray would be an allocation per call) and the
// partial tiles at the edges of C, so that no call allocates.
const packedB = new Float32Array(KC * NC);
const packedA = new Float32Array(KC * MR);
const edgeTile = new Float64Array(MR * NR);

/**
 * C = alpha * op(A) * op(B) + beta * C (see Kernels.gemm). A: m x k or k x m (transA), B: k x n or
 * n x k (transB), C: m x n. beta = 0 overwrites C without reading it.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  b: Float32Array,
  beta: number,
  c: Float32Array,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0 || alpha === 0) {
    scaleC(m * n, beta, c);
    return;
  }
  // Strides of op(A)(i, p) = a[i * aRow + p * aCol] and op(B)(p, j) = b[p * bRow + j * bCol].
  const aRow = transA ? 1 : k,
    aCol = transA ? m : 1;
  const bRow = transB ? 1 : n,
    bCol = transB ? k : 1;
  if (k <= KC && m * n * k <= SMALL_PRODUCT) {
    gemmDirect(m, n, k, alpha, a, aRow, aCol, b, bRow, bCol, beta, c);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelsB(b, bRow, bCol, pc, kc, jc, nc, packedB);
      const first = pc === 0;
      for (let ic = 0; ic < m; ic += MR) {
        const mr = Math.min(MR, m - ic);
        packStripA(a, aRow, aCol, ic, mr, pc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          microkernel4x4(kc, packedA, packedB, jr * kc, alpha, first ? beta : 1, c, ic * n + jc + jr, n, mr, nr);
        }
      }
    }
  }
}

/**
 * Products with at most this many multiply-adds skip the packing: for a tiny layer (a batch of one row through
 * 4 x 30 weights) packing B and A's strips costs more than the products themselves.
 */
const SMALL_PRODUCT = 4096;

/**
 * C = alpha * op(A) * op(B) + beta * C without packing, for k <= KC: each element of C is one float64 sum of
 * op(A)(i, p) * op(B)(p, j) for p = 0, 1, ..., in the order of p as the blocked kernel sums it, started as
 * 0 + the first product (the blocked kernel's tiles start at +0, so a -0 product gives +0) and stored as it
 * stores its tiles: the same bits as the blocked path. The sums live in registers, four elements of a row at a
 * time so that their additions overlap instead of waiting on one another; tiny products (a batch of one row
 * through 4 x 30 weights) cost what their arithmetic costs, not a pass through memory per product.
 */
function gemmDirect(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bRow: number,
  bCol: number,
  beta: number,
  c: Float32Array,
): void {
  const b2 = 2 * bCol,
    b3 = 3 * bCol;
  for (let i = 0; i < m; i++) {
    const ia = i * aRow;
    const a0 = a[ia];
    const row = i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const ib = j * bCol;
      let s0 = 0 + a0 * b[ib];
      let s1 = 0 + a0 * b[ib + bCol];
      let s2 = 0 + a0 * b[ib + b2];
      let s3 = 0 + a0 * b[ib + b3];
      for (let p = 1, pa = ia + aCol, pb = ib + bRow; p < k; p++, pa += aCol, pb += bRow) {
        const ap = a[pa];
        s0 += ap * b[pb];
        s1 += ap * b[pb + bCol];
        s2 += ap * b[pb + b2];
        s3 += ap * b[pb + b3];
      }
      store(c, row + j, alpha, s0, beta);
      store(c, row + j + 1, alpha, s1, beta);
      store(c, row + j + 2, alpha, s2, beta);
      store(c, row + j + 3, alpha, s3, beta);
    }
    for (; j < n; j++) {
      const ib = j * bCol;
      let s = 0 + a0 * b[ib];
      for (let p = 1, pa = ia + aCol, pb = ib + bRow; p < k; p++, pa += aCol, pb += bRow) s += a[pa] * b[pb];
      store(c, row + j, alpha, s, beta);
    }
  }
}

/** c[at] = alpha * sum (+ beta * c[at]): how every path stores an element of C. */
function store(c: Float32Array, at: number, alpha: number, sum: number, beta: number): void {
  c[at] = beta === 0 ? alpha * sum : alpha * sum + beta * c[at];
}

function scaleC(length: number, beta: number, c: Float32Array): void {
  if (beta === 0) c.fill(0, 0, length);
  else if (beta !== 1) for (let i = 0; i < length; i++) c[i] *= beta;
}

/** op(B)[pc .. pc+kc, jc .. jc+nc] into panels of NR columns: panel q holds kc rows of NR values. */
function packPanelsB(
  b: Float32Array,
  bRow: number,
  bCol: number,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  out: Float32Array,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    let o = jr * kc;
    for (let p = 0; p < kc; p++) {
      const base = (pc + p) * bRow + (jc + jr) * bCol;
      for (let j = 0; j < NR; j++) out[o++] = j < nr ? b[base + j * bCol] : 0;
    }
  }
}

/** op(A)[ic .. ic+mr, pc .. pc+kc] as kc groups of MR values (zero-padded rows). */
function packStripA(
  a: Float32Array,
  aRow: number,
  aCol: number,
  ic: number,
  mr: number,
  pc: number,
  kc: number,
  out: Float32Array,
): void {
  let o = 0;
  for (let p = 0; p < kc; p++) {
    const base = ic * aRow + (pc + p) * aCol;
    for (let i = 0; i < MR; i++) out[o++] = i < mr ? a[base + i * aRow] : 0;
  }
}

/** C tile (mr x nr at cOffset, row stride ldc) = alpha * Apanel * Bpanel + beta * C tile. */
function microkernel4x4(
  kc: number,
  pa: Float32Array,
  pb: Float32Array,
  bOffset: number,
  alpha: number,
  beta: number,
  c: Float32Array,
  cOffset: number,
  ldc: number,
  mr: number,
  nr: number,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  let ia = 0,
    ib = bOffset;
  for (let p = 0; p < kc; p++, ia += 4, ib += 4) {
    const a0 = pa[ia],
      a1 = pa[ia + 1],
      a2 = pa[ia + 2],
      a3 = pa[ia + 3];
    const b0 = pb[ib],
      b1 = pb[ib + 1],
      b2 = pb[ib + 2],
      b3 = pb[ib + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  if (mr === 4 && nr === 4) {
    store4(c, cOffset, alpha, beta, c00, c01, c02, c03);
    store4(c, cOffset + ldc, alpha, beta, c10, c11, c12, c13);
    store4(c, cOffset + 2 * ldc, alpha, beta, c20, c21, c22, c23);
    store4(c, cOffset + 3 * ldc, alpha, beta, c30, c31, c32, c33);
    return;
  }
  const tile = edgeTile;
  tile[0] = c00;
  tile[1] = c01;
  tile[2] = c02;
  tile[3] = c03;
  tile[4] = c10;
  tile[5] = c11;
  tile[6] = c12;
  tile[7] = c13;
  tile[8] = c20;
  tile[9] = c21;
  tile[10] = c22;
  tile[11] = c23;
  tile[12] = c30;
  tile[13] = c31;
  tile[14] = c32;
  tile[15] = c33;
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const at = cOffset + i * ldc + j;
      c[at] = beta === 0 ? alpha * tile[i * 4 + j] : alpha * tile[i * 4 + j] + beta * c[at];
    }
  }
}

function store4(
  c: Float32Array,
  at: number,
  alpha: number,
  beta: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
): void {
  if (beta === 0) {
    c[at] = alpha * v0;
    c[at + 1] = alpha * v1;
    c[at + 2] = alpha * v2;
    c[at + 3] = alpha * v3;
  } else {
    c[at] = alpha * v0 + beta * c[at];
    c[at + 1] = alpha * v1 + beta * c[at + 1];
    c[at + 2] = alpha * v2 + beta * c[at + 2];
    c[at + 3] = alpha * v3 + beta * c[at + 3];
  }
}
