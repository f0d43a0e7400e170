// A 2-layer MLP trained directly with kernels (gemm, biasAdd, tanh, sparse softmax cross-entropy, adam),
// shared by Node (test/browser/browser.test.ts) and the browser page (page.html), so that both run the
// very same JavaScript around the very same .wasm. Plain JavaScript so the page can load it unbuilt.
//
// Data: 64 points uniform in [-1, 1]^2, labelled by the XOR of their signs (class 1 when x * y > 0).
// Model: 2 -> 16 (tanh) -> 2 (softmax), Xavier-uniform weights, full-batch Adam (lr 0.05) for `steps` steps.
// Everything random comes from Random.fillUniform / Random.int, which use only integer and IEEE
// arithmetic, so the inputs are the same bits on every engine (Random.normal would use Math.cos/log,
// which engines need not round identically).

/**
 * @param {typeof import('../../src/random.js').Random} Random
 * @param {import('../../src/backends/contract.js').Backend} backend
 * @param {number} steps
 * @returns {{ losses: number[], accuracy: number }}
 */
export function trainXorMlp(Random, backend, steps) {
  const rows = 64,
    inputs = 2,
    hidden = 16,
    classes = 2;
  const random = new Random(2024);
  const sizes = { w1: inputs * hidden, b1: hidden, w2: hidden * classes, b2: classes };
  const total = sizes.w1 + sizes.b1 + sizes.w2 + sizes.b2;
  // Allocate everything first: an allocation may grow wasm memory, which replaces every view.
  const buffers = {
    x: backend.allocate(rows * inputs),
    labels: backend.allocate(rows),
    params: backend.allocate(total),
    grads: backend.allocate(total),
    m: backend.allocate(total),
    v: backend.allocate(total),
    z1: backend.allocate(rows * hidden),
    a1: backend.allocate(rows * hidden),
    da1: backend.allocate(rows * hidden),
    z2: backend.allocate(rows * classes),
    probs: backend.allocate(rows * classes),
    dz2: backend.allocate(rows * classes),
  };
  const d = Object.fromEntries(Object.entries(buffers).map(([k, b]) => [k, b.data]));
  random.fillUniform(d.x, -1, 1);
  for (let r = 0; r < rows; r++) d.labels[r] = d.x[2 * r] * d.x[2 * r + 1] > 0 ? 1 : 0;
  const split = (flat) => {
    let o = 0;
    const out = {};
    for (const [k, n] of Object.entries(sizes)) {
      out[k] = flat.subarray(o, o + n);
      o += n;
    }
    return out;
  };
  const p = split(d.params),
    g = split(d.grads);
  const limit1 = Math.sqrt(6 / (inputs + hidden)),
    limit2 = Math.sqrt(6 / (hidden + classes));
  random.fillUniform(p.w1, -limit1, limit1);
  random.fillUniform(p.w2, -limit2, limit2);

  const tanh = 2;
  const losses = [];
  for (let step = 1; step <= steps; step++) {
    // forward
    backend.gemm(false, false, rows, hidden, inputs, 1, d.x, p.w1, 0, d.z1);
    backend.biasAdd(rows, hidden, p.b1, d.z1);
    backend.activationForward(tanh, rows * hidden, 0, d.z1, d.a1);
    backend.gemm(false, false, rows, classes, hidden, 1, d.a1, p.w2, 0, d.z2);
    backend.biasAdd(rows, classes, p.b2, d.z2);
    losses.push(backend.sparseSoftmaxCrossEntropy(rows, classes, d.z2, d.labels, d.probs, d.dz2));
    // backward
    backend.gemm(true, false, hidden, classes, rows, 1, d.a1, d.dz2, 0, g.w2);
    backend.biasGrad(rows, classes, d.dz2, g.b2);
    backend.gemm(false, true, rows, hidden, classes, 1, d.dz2, p.w2, 0, d.da1);
    backend.activationBackward(tanh, rows * hidden, 0, d.z1, d.a1, d.da1, d.da1);
    backend.gemm(true, false, inputs, hidden, rows, 1, d.x, d.da1, 0, g.w1);
    backend.biasGrad(rows, hidden, d.da1, g.b1);
    // update: one kernel over the flat parameter buffer
    backend.adamStep(total, 0.05, 0.9, 0.999, 1e-7, step, 0, d.params, d.grads, d.m, d.v);
  }
  let correct = 0;
  for (let r = 0; r < rows; r++) if ((d.probs[2 * r + 1] > d.probs[2 * r] ? 1 : 0) === d.labels[r]) correct++;
  for (const b of Object.values(buffers)) b.free();
  return { losses, accuracy: correct / rows };
}
