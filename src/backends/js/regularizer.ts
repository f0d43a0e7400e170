/**
 * grad += l1 * sign(w) + l2 * w (sign(0) = 0), formed in float64 and rounded once when stored. A NaN weight
 * has sign 0 here, but l2 * NaN is NaN whatever l2 is, so its gradient is NaN.
 */
export function regularizerGradient(n: number, l1: number, l2: number, w: Float32Array, grad: Float32Array): void {
  for (let i = 0; i < n; i++) {
    const x = w[i];
    grad[i] += l1 * (x > 0 ? 1 : x < 0 ? -1 : 0) + l2 * x;
  }
}
