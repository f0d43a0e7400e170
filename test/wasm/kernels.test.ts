// The wasm kernels against naive float64 formulas of the contract, on the SIMD and the scalar build.
// Tolerances: GEMM sums k float32 products in float32 (error grows like k * 2^-24 relative to the sum of
// |products|), so it is checked against a bound scaled by that sum; elementwise kernels that use the
// polynomial exp/tanh/erf are within a few float32 ulps (3e-6 relative, 1e-7 absolute); reductions sum
// in float64 and are within float32 rounding of the result.
import { beforeAll, describe, expect, test } from 'vitest';
import { Activation, type ActivationCode, type Backend } from '../../src/backends/contract.js';
import { loadNodeWasmBackend } from '../../src/backends/wasm/index.js';
import { Random } from '../../src/random.js';
import { gemmReference, normalCdf, randomArray, worstError } from './reference.js';

const SIZES = [1, 3, 7, 17, 33, 65];

describe.each([true, false])('wasm kernels (simd %s)', (simd) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await loadNodeWasmBackend({ simd });
    expect(backend.details.simd).toBe(simd);
  });

  describe('gemm', () => {
    const shapes: Array<[number, number, number]> = [
      [1, 1, 1], [3, 7, 5], [17, 33, 65], [65, 17, 257], [4, 8, 4], [8, 16, 300], [130, 70, 520], [100, 600, 40],
      // A few rows (m <= 4) take their own kernel: strips of 32 and 8 columns, single columns, k past a slice.
      [1, 256, 784], [1, 37, 257], [2, 41, 300], [3, 9, 7], [4, 67, 513], [2, 10, 128],
    ];
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      test.each(shapes)(`trans ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} m=%i n=%i k=%i`, (m, n, k) => {
        const random = new Random(m * 1000 + n * 10 + k);
        const a = randomArray(random, m * k);
        const b = randomArray(random, k * n);
        for (const [alpha, beta] of [[1, 0], [0.5, 1], [-2, 0.25]]) {
          const c = randomArray(random, m * n);
          const expected = gemmReference(transA, transB, m, n, k, alpha, a, b, beta, c);
          // Bound: k ulps of the sum of |terms| (products of values in [-1, 1]) plus the beta term.
          const bound = Math.abs(alpha) * k * 2 ** -23 + Math.abs(beta) * 2 ** -23;
          backend.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
          expect(worstError(c, expected, bound, 0)).toBeLessThanOrEqual(1);
        }
      });
    }

    test('rows computed alone are bit for bit the same rows of a 7-row product (B untransposed)', () => {
      const random = new Random(77);
      const rows = 7;
      for (const [n, k] of [[256, 784], [10, 128], [37, 300], [1, 17]] as const) {
        for (const transA of [false, true]) {
          const a = randomArray(random, rows * k);
          const b = randomArray(random, k * n);
          const c0 = randomArray(random, rows * n);
          const whole = c0.slice();
          backend.gemm(transA, false, rows, n, k, 0.5, a, b, 2, whole);
          for (let m = 1; m <= 4; m++) {
            // The first m rows of op(A): a prefix of A's rows, or the first m columns of a transposed A.
            const am = transA
              ? Float32Array.from({ length: k * m }, (_, i) => a[Math.floor(i / m) * rows + (i % m)])
              : a.slice(0, m * k);
            const part = c0.slice(0, m * n);
            backend.gemm(transA, false, m, n, k, 0.5, am, b, 2, part);
            expect(part, `${transA ? 'TN' : 'NN'} m=${m} n=${n} k=${k}`).toEqual(whole.subarray(0, m * n));
          }
        }
      }
    });

    test('beta = 0 never reads C (NaN does not propagate); k = 0 scales C by beta', () => {
      const a = new Float32Array([1, 2, 3, 4, 5, 6]);
      const b = new Float32Array([1, 0, 0, 1, 1, 1]);
      const c = new Float32Array(4).fill(NaN);
      backend.gemm(false, false, 2, 2, 3, 1, a, b, 0, c);
      expect(Array.from(c)).toEqual([4, 5, 10, 11]);
      const d = new Float32Array([1, 2, 3, 4]);
      backend.gemm(false, false, 2, 2, 0, 1, a, b, 3, d);
      expect(Array.from(d)).toEqual([3, 6, 9, 12]);
      d.fill(NaN);
      backend.gemm(false, false, 2, 2, 0, 1, a, b, 0, d);
      expect(Array.from(d)).toEqual([0, 0, 0, 0]);
    });

    test('bad shapes and overlapping output are errors naming the argument', () => {
      const a = new Float32Array(6);
      expect(() => backend.gemm(false, false, 2, 2, 3, 1, a, new Float32Array(5), 0, new Float32Array(4)))
        .toThrow(/gemm: b must be a Float32Array of at least 6 floats; got a Float32Array of length 5/);
      expect(() => backend.gemm(false, false, 2, 3, 3, 1, a, new Float32Array(9), 0, a))
        .toThrow(/gemm: c and a must not overlap/);
      expect(() => backend.gemm(false, false, -1, 2, 3, 1, a, a, 0, a)).toThrow(/m must be an integer/);
      expect(() => backend.gemm(false, false, 1.5, 2, 3, 1, a, a, 0, a)).toThrow(/m must be an integer/);
      expect(() => backend.gemm(false, false, 2, 2, 3, NaN, a, new Float32Array(6), 0, new Float32Array(4)))
        .toThrow(/alpha must be a finite number/);
    });
  });

  describe('elementwise and row kernels', () => {
    const random = new Random(7);

    test.each(SIZES)('bias add and grad, %i columns', (cols) => {
      const rows = 5;
      const y = randomArray(random, rows * cols);
      const bias = randomArray(random, cols);
      const expected = Array.from(y, (v, i) => Math.fround(v + bias[i % cols]));
      backend.biasAdd(rows, cols, bias, y);
      expect(Array.from(y)).toEqual(expected);
      const dbias = new Float32Array(cols);
      backend.biasGrad(rows, cols, y, dbias);
      const sums = Array.from({ length: cols }, (_, c) => {
        let s = 0;
        for (let r = 0; r < rows; r++) s += y[r * cols + c];
        return Math.fround(s);
      });
      expect(Array.from(dbias)).toEqual(sums);
    });

    const kinds = Object.entries(Activation) as Array<[string, ActivationCode]>;
    const forward: Record<string, (x: number, alpha: number) => number> = {
      identity: (x) => x,
      sigmoid: (x) => 1 / (1 + Math.exp(-x)),
      tanh: (x) => Math.tanh(x),
      relu: (x) => (x > 0 ? x : 0),
      leakyRelu: (x, a) => (x > 0 ? x : a * x),
      elu: (x, a) => (x > 0 ? x : a * Math.expm1(x)),
      gelu: (x) => x * normalCdf(x),
    };
    const derivative: Record<string, (x: number, y: number, alpha: number) => number> = {
      identity: () => 1,
      sigmoid: (_x, y) => y * (1 - y),
      tanh: (_x, y) => 1 - y * y,
      relu: (x) => (x > 0 ? 1 : 0),
      leakyRelu: (x, _y, a) => (x > 0 ? 1 : a),
      elu: (x, _y, a) => (x > 0 ? 1 : a * Math.exp(x)),
      gelu: (x) => normalCdf(x) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI),
    };

    test.each(kinds)('%s forward and backward', (name, kind) => {
      const n = 257;
      const alpha = name === 'leakyRelu' ? 0.3 : 1.2;
      const x = randomArray(random, n, -9, 9);
      x.set([0, -0, 1e-6, -1e-6, 0.3, -0.3, 0.62, -0.63, 40, -40, 88, -88, 100, -100]);
      const y = new Float32Array(n);
      backend.activationForward(kind, n, alpha, x, y);
      expect(worstError(y, Array.from(x, (v) => forward[name](v, alpha)), 1e-7, 3e-6)).toBeLessThanOrEqual(1);
      const dy = randomArray(random, n);
      const dx = new Float32Array(n);
      backend.activationBackward(kind, n, alpha, x, y, dy, dx);
      const expected = Array.from(x, (v, i) => dy[i] * derivative[name](v, y[i], alpha));
      expect(worstError(dx, expected, 1e-7, 3e-6)).toBeLessThanOrEqual(1);
      // In place (y aliases x, dx aliases dy) gives the same bits.
      const xy = x.slice();
      backend.activationForward(kind, n, alpha, xy, xy);
      expect(xy).toEqual(y);
    });

    test('unknown activation codes are rejected', () => {
      const x = new Float32Array(4);
      expect(() => backend.activationForward(7 as ActivationCode, 4, 0, x, x)).toThrow(/activationForward: kind must be an activation code/);
    });

    test('step', () => {
      const x = new Float32Array([-1, 0, 2, 1e-30, -0, 5]);
      const y = new Float32Array(6);
      backend.stepForward(6, x, y);
      expect(Array.from(y)).toEqual([0, 0, 1, 1, 0, 1]);
    });

    test.each(SIZES)('softmax forward and backward, %i columns', (cols) => {
      const rows = 4;
      const x = randomArray(random, rows * cols, -30, 30);
      x[0] = 1000; // stability: max subtraction
      const y = new Float32Array(rows * cols);
      backend.softmaxForward(rows, cols, x, y);
      const expected: number[] = [];
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
        const max = Math.max(...row);
        const e = row.map((v) => Math.exp(v - max));
        const s = e.reduce((p, q) => p + q, 0);
        expected.push(...e.map((v) => v / s));
      }
      expect(worstError(y, expected, 1e-9, 3e-6)).toBeLessThanOrEqual(1);
      const dy = randomArray(random, rows * cols);
      const dx = new Float32Array(rows * cols);
      backend.softmaxBackward(rows, cols, y, dy, dx);
      const expectedDx: number[] = [];
      for (let r = 0; r < rows; r++) {
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += dy[r * cols + j] * y[r * cols + j];
        for (let j = 0; j < cols; j++) expectedDx.push(y[r * cols + j] * (dy[r * cols + j] - dot));
      }
      expect(worstError(dx, expectedDx, 1e-7, 1e-5)).toBeLessThanOrEqual(1);
    });
  });

  describe('losses', () => {
    const random = new Random(11);
    const rows = 9;
    const cols = 7;
    const count = rows * cols;

    test('mse and sse', () => {
      const p = randomArray(random, count);
      const t = randomArray(random, count);
      const grad = new Float32Array(count);
      let sq = 0;
      for (let i = 0; i < count; i++) sq += (p[i] - t[i]) ** 2;
      expect(backend.mseLoss(rows, cols, p, t, grad)).toBeCloseTo(sq / count, 6);
      expect(worstError(grad, Array.from(p, (v, i) => 2 * (v - t[i]) / count), 1e-9, 1e-6)).toBeLessThanOrEqual(1);
      expect(backend.sseLoss(rows, cols, p, t, grad)).toBeCloseTo(0.5 * sq / rows, 6);
      expect(worstError(grad, Array.from(p, (v, i) => (v - t[i]) / rows), 1e-9, 1e-6)).toBeLessThanOrEqual(1);
    });

    test('bce from probabilities, clamped', () => {
      const p = randomArray(random, count, 0, 1);
      p[0] = 0;
      p[1] = 1;
      const t = Float32Array.from({ length: count }, () => (random.next() < 0.5 ? 0 : 1));
      const grad = new Float32Array(count);
      let loss = 0;
      const expectedGrad: number[] = [];
      for (let i = 0; i < count; i++) {
        // Clamped at float32 bounds, as Keras does (1 - 1e-7 is 0.99999988 in float32).
        const q = Math.min(Math.max(p[i], Math.fround(1e-7)), Math.fround(1 - 1e-7));
        loss -= t[i] * Math.log(q) + (1 - t[i]) * Math.log(1 - q);
        expectedGrad.push((q - t[i]) / (q * (1 - q)) / count);
      }
      expect(backend.bceLoss(rows, cols, p, t, grad)).toBeCloseTo(loss / count, 6);
      expect(worstError(grad, expectedGrad, 1e-9, 1e-6)).toBeLessThanOrEqual(1);
    });

    test('bce from logits, stable for extreme logits', () => {
      const z = randomArray(random, count, -20, 20);
      z.set([1e4, -1e4, 0, 88, -88, 100]);
      const t = randomArray(random, count, 0, 1);
      const grad = new Float32Array(count);
      let loss = 0;
      const expectedGrad: number[] = [];
      for (let i = 0; i < count; i++) {
        loss += Math.max(z[i], 0) - z[i] * t[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
        expectedGrad.push((1 / (1 + Math.exp(-z[i])) - t[i]) / count);
      }
      const value = backend.bceLogitsLoss(rows, cols, z, t, grad);
      expect(Math.abs(value - loss / count)).toBeLessThan(1e-6 * Math.abs(loss / count));
      expect(worstError(grad, expectedGrad, 1e-9, 3e-6)).toBeLessThanOrEqual(1);
    });

    test('softmax cross-entropy, one-hot and sparse agree, stable for extreme logits', () => {
      const z = randomArray(random, count, -5, 5);
      z[0] = 1e4;
      z[cols + 1] = -1e4;
      const labels = Float32Array.from({ length: rows }, () => random.int(cols));
      const onehot = new Float32Array(count);
      labels.forEach((l, r) => { onehot[r * cols + l] = 1; });
      let loss = 0;
      for (let r = 0; r < rows; r++) {
        const row = Array.from(z.subarray(r * cols, (r + 1) * cols));
        const max = Math.max(...row);
        const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
        loss += lse - row[labels[r]];
      }
      const probs = new Float32Array(count);
      const grad = new Float32Array(count);
      const dense = backend.softmaxCrossEntropy(rows, cols, z, onehot, probs, grad);
      expect(Math.abs(dense - loss / rows)).toBeLessThan(1e-6 * loss / rows);
      const probs2 = new Float32Array(count);
      const grad2 = new Float32Array(count);
      const sparse = backend.sparseSoftmaxCrossEntropy(rows, cols, z, labels, probs2, grad2);
      expect(sparse).toBeCloseTo(dense, 10);
      expect(probs2).toEqual(probs);
      expect(worstError(grad2, grad, 1e-9, 1e-6)).toBeLessThanOrEqual(1);
      expect(worstError(grad, Array.from(probs, (p, i) => (p - onehot[i]) / rows), 1e-9, 1e-6)).toBeLessThanOrEqual(1);
    });

    test('sparse labels out of range or not integers throw RangeError naming the row', () => {
      const z = new Float32Array(6);
      const out = new Float32Array(6);
      const grad = new Float32Array(6);
      expect(() => backend.sparseSoftmaxCrossEntropy(2, 3, z, new Float32Array([0, 3]), out, grad))
        .toThrow(/labels\[1\] must be an integer class index in \[0, 3\); got 3/);
      expect(() => backend.sparseSoftmaxCrossEntropy(2, 3, z, new Float32Array([1.5, 0]), out, grad))
        .toThrow(RangeError);
      expect(() => backend.sparseSoftmaxCrossEntropy(2, 3, z, new Float32Array([NaN, 0]), out, grad))
        .toThrow(/labels\[0\] must be an integer class index in \[0, 3\); got NaN/);
      expect(() => backend.sparseSoftmaxCrossEntropy(2, 3, z, new Float32Array([-1, 0]), out, grad))
        .toThrow(/labels\[0\] must be an integer class index in \[0, 3\); got -1/);
      expect(() => backend.mseLoss(0, 3, z, z, grad)).toThrow(/mseLoss: rows must be an integer in \[1, 2\^31\); got 0/);
    });
  });

  describe('batchnorm, dropout, optimizers, norms', () => {
    const random = new Random(13);

    test.each(SIZES)('batchnorm train forward, inference, backward with %i columns', (cols) => {
      const rows = 6;
      const count = rows * cols;
      const x = randomArray(random, count, -3, 5);
      const gamma = randomArray(random, cols, 0.5, 2);
      const beta = randomArray(random, cols);
      const runningMean = randomArray(random, cols);
      const runningVar = randomArray(random, cols, 0.5, 1.5);
      const rm0 = runningMean.slice();
      const rv0 = runningVar.slice();
      const y = new Float32Array(count);
      const saveMean = new Float32Array(cols);
      const saveInvStd = new Float32Array(cols);
      const eps = 1e-3;
      const momentum = 0.99;
      backend.batchNormForwardTrain(rows, cols, eps, momentum, x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvStd);
      const expectedY: number[] = new Array(count);
      for (let c = 0; c < cols; c++) {
        let mean = 0;
        for (let r = 0; r < rows; r++) mean += x[r * cols + c] / rows;
        let variance = 0;
        for (let r = 0; r < rows; r++) variance += (x[r * cols + c] - mean) ** 2 / rows;
        const inv = 1 / Math.sqrt(variance + eps);
        expect(saveMean[c]).toBeCloseTo(mean, 6);
        expect(Math.abs(saveInvStd[c] - inv) / inv).toBeLessThan(1e-6);
        expect(runningMean[c]).toBeCloseTo(momentum * rm0[c] + (1 - momentum) * mean, 6);
        expect(runningVar[c]).toBeCloseTo(momentum * rv0[c] + (1 - momentum) * variance, 6);
        for (let r = 0; r < rows; r++) expectedY[r * cols + c] = gamma[c] * (x[r * cols + c] - mean) * inv + beta[c];
      }
      expect(worstError(y, expectedY, 1e-6, 1e-5)).toBeLessThanOrEqual(1);

      const yi = new Float32Array(count);
      backend.batchNormForwardInference(rows, cols, eps, x, gamma, beta, runningMean, runningVar, yi);
      const expectedYi = Array.from(x, (v, i) => {
        const c = i % cols;
        return gamma[c] * (v - runningMean[c]) / Math.sqrt(runningVar[c] + eps) + beta[c];
      });
      expect(worstError(yi, expectedYi, 1e-6, 1e-5)).toBeLessThanOrEqual(1);

      const dy = randomArray(random, count);
      const dx = new Float32Array(count);
      const dgamma = new Float32Array(cols);
      const dbeta = new Float32Array(cols);
      backend.batchNormBackward(rows, cols, x, gamma, saveMean, saveInvStd, dy, dx, dgamma, dbeta);
      for (let c = 0; c < cols; c++) {
        let db = 0;
        let dg = 0;
        const xhat = (r: number): number => (x[r * cols + c] - saveMean[c]) * saveInvStd[c];
        for (let r = 0; r < rows; r++) {
          db += dy[r * cols + c];
          dg += dy[r * cols + c] * xhat(r);
        }
        expect(dbeta[c]).toBeCloseTo(db, 5);
        expect(dgamma[c]).toBeCloseTo(dg, 5);
        for (let r = 0; r < rows; r++) {
          const e = gamma[c] * saveInvStd[c] / rows * (rows * dy[r * cols + c] - db - xhat(r) * dg);
          expect(Math.abs(dx[r * cols + c] - e)).toBeLessThan(1e-5 * (1 + Math.abs(e)));
        }
      }
    });

    test('dropout', () => {
      const n = 37;
      const x = randomArray(random, n);
      const mask = Float32Array.from({ length: n }, () => (random.next() < 0.3 ? 0 : 1));
      const y = new Float32Array(n);
      backend.dropoutForward(n, 0.3, mask, x, y);
      expect(worstError(y, Array.from(x, (v, i) => v * mask[i] / 0.7), 0, 2e-7)).toBeLessThanOrEqual(1);
      backend.dropoutBackward(n, 0.3, mask, x, y);
      expect(worstError(y, Array.from(x, (v, i) => v * mask[i] / 0.7), 0, 2e-7)).toBeLessThanOrEqual(1);
      expect(() => backend.dropoutForward(n, 1, mask, x, y)).toThrow(/dropoutForward: rate must be a number in \[0, 1\)/);
    });

    const n = 67;
    const sign = (w: number): number => (w > 0 ? 1 : w < 0 ? -1 : 0);

    test('sgd and momentum (plain and Nesterov) after the L1 and L2 gradient', () => {
      const w0 = randomArray(random, n);
      w0[0] = 0;
      const g0 = randomArray(random, n);
      const [lr, l1, l2, mom] = [0.1, 0.01, 0.02, 0.9];
      const reg = (i: number): number => g0[i] + l2 * w0[i] + l1 * sign(w0[i]);
      const g = g0.slice();
      backend.regularizerGradient(n, l1, l2, w0, g);
      expect(worstError(g, Array.from(g0, (_, i) => reg(i)), 1e-7, 1e-6)).toBeLessThanOrEqual(1);
      const w = w0.slice();
      backend.sgdStep(n, lr, w, g);
      expect(worstError(w, Array.from(w0, (v, i) => v - lr * reg(i)), 1e-7, 1e-6)).toBeLessThanOrEqual(1);
      for (const nesterov of [false, true]) {
        const wm = w0.slice();
        const v0 = randomArray(random, n);
        const v = v0.slice();
        backend.momentumStep(n, lr, mom, nesterov, wm, g, v);
        const vNew = Array.from(v0, (vv, i) => mom * vv - lr * reg(i));
        expect(worstError(v, vNew, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
        const expected = Array.from(w0, (ww, i) => ww + (nesterov ? mom * vNew[i] - lr * reg(i) : vNew[i]));
        expect(worstError(wm, expected, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
      }
    });

    test('adagrad, rmsprop, adam and adamw', () => {
      const w0 = randomArray(random, n);
      const g0 = randomArray(random, n);
      const [lr, l1, l2, eps] = [0.01, 0.001, 0.003, 1e-7];
      const reg = (i: number): number => g0[i] + l2 * w0[i] + l1 * sign(w0[i]);
      const g = g0.slice();
      backend.regularizerGradient(n, l1, l2, w0, g);
      const h0 = randomArray(random, n, 0, 1);

      let w = w0.slice();
      let h = h0.slice();
      backend.adagradStep(n, lr, eps, w, g, h);
      let hNew = Array.from(h0, (hh, i) => hh + reg(i) ** 2);
      expect(worstError(h, hNew, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
      expect(worstError(w, Array.from(w0, (ww, i) => ww - lr * reg(i) / (Math.sqrt(hNew[i]) + eps)), 1e-7, 1e-6)).toBeLessThanOrEqual(1);

      w = w0.slice();
      h = h0.slice();
      backend.rmspropStep(n, lr, 0.9, eps, w, g, h);
      hNew = Array.from(h0, (hh, i) => 0.9 * hh + 0.1 * reg(i) ** 2);
      expect(worstError(h, hNew, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
      expect(worstError(w, Array.from(w0, (ww, i) => ww - lr * reg(i) / (Math.sqrt(hNew[i]) + eps)), 1e-7, 1e-6)).toBeLessThanOrEqual(1);

      for (const weightDecay of [0, 0.01]) {
        const m0 = randomArray(random, n, -0.1, 0.1);
        const v0 = randomArray(random, n, 0, 0.01);
        const m = m0.slice();
        const v = v0.slice();
        w = w0.slice();
        const step = 3;
        backend.adamStep(n, lr, 0.9, 0.999, eps, step, weightDecay, w, g, m, v);
        const mNew = Array.from(m0, (mm, i) => 0.9 * mm + 0.1 * reg(i));
        const vNew = Array.from(v0, (vv, i) => 0.999 * vv + 0.001 * reg(i) ** 2);
        expect(worstError(m, mNew, 1e-8, 1e-6)).toBeLessThanOrEqual(1);
        expect(worstError(v, vNew, 1e-9, 1e-6)).toBeLessThanOrEqual(1);
        const expected = Array.from(w0, (ww, i) => {
          const decayed = ww - lr * weightDecay * ww;
          return decayed - lr * (mNew[i] / (1 - 0.9 ** step)) / (Math.sqrt(vNew[i] / (1 - 0.999 ** step)) + eps);
        });
        expect(worstError(w, expected, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
      }
      expect(() => backend.adamStep(n, lr, 0.9, 0.999, eps, 0, 0, w, g, w0, h))
        .toThrow(/adamStep: step must be an integer in \[1, 9007199254740992\]; got 0/);
    });

    test('maxNorm, sumOfSquares, scale, clip, axpy', () => {
      const rows = 5;
      const cols = 9;
      const w = randomArray(random, rows * cols, -2, 2);
      const w0 = w.slice();
      backend.maxNormProject(rows, cols, 1.5, w);
      for (let c = 0; c < cols; c++) {
        let sq = 0;
        for (let r = 0; r < rows; r++) sq += w0[r * cols + c] ** 2;
        const norm = Math.sqrt(sq);
        const s = Math.min(norm, 1.5) / (norm + 1e-7);
        for (let r = 0; r < rows; r++) expect(w[r * cols + c]).toBeCloseTo(w0[r * cols + c] * s, 6);
      }
      const x = randomArray(random, 101, -3, 3);
      let sq = 0;
      for (const v of x) sq += v * v;
      expect(backend.sumOfSquares(101, x)).toBeCloseTo(sq, 9);
      const xs = x.slice();
      backend.scale(101, -0.5, xs);
      expect(Array.from(xs)).toEqual(Array.from(x, (v) => Math.fround(v * Math.fround(-0.5))));
      backend.clipByValue(101, -1, 0.5, xs);
      expect(Array.from(xs)).toEqual(Array.from(x, (v) => Math.min(Math.max(Math.fround(v * -0.5), -1), 0.5)));
      const y = randomArray(random, 101);
      const y0 = y.slice();
      backend.axpy(101, 0.25, x, y);
      expect(worstError(y, Array.from(y0, (v, i) => v + 0.25 * x[i]), 1e-7, 1e-6)).toBeLessThanOrEqual(1);
      expect(() => backend.axpy(101, 1, y, y)).toThrow(/axpy: y and x must not overlap/);
    });
  });

  describe('convolution and pooling', () => {
    // With no channels every buffer is empty whatever oh and ow say: the kernels return at once instead of
    // stepping through 2^62 empty windows. A backward kernel still zeroes dx when it has floats.
    test('empty buffers with 2^31 - 1 output rows and columns return at once', () => {
      const big = 2 ** 31 - 1;
      const none = new Float32Array(0);
      backend.im2col(1, 4, 4, 0, 3, 3, 1, 1, 1, 1, 0, 0, big, big, none, none);
      backend.col2im(1, 4, 4, 0, 3, 3, 1, 1, 1, 1, 0, 0, big, big, none, none);
      backend.maxPoolForward(1, 4, 4, 0, 2, 2, 1, 1, 0, 0, big, big, none, none, none);
      backend.avgPoolForward(2, 4, 4, 0, 2, 2, 1, 1, 0, 0, big, big, none, none);
      const dx = new Float32Array(16).fill(5);
      backend.maxPoolBackward(1, 4, 4, 1, big, 0, none, none, dx);
      expect(Array.from(dx)).toEqual(new Array(16).fill(0));
      dx.fill(5);
      backend.avgPoolBackward(1, 4, 4, 1, 2, 2, 1, 1, 0, 0, 0, big, none, dx);
      expect(Array.from(dx)).toEqual(new Array(16).fill(0));
    });
  });
});
