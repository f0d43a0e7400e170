// adamStep computes Adam and AdamW as PyTorch does for float32 parameters (torch.optim.Adam's and AdamW's
// single-tensor step): constants in float64 rounded once to float32, then every operation in float32 in
// PyTorch's order. The js, wasm and native backends must give exactly the bits of that formula, at steps on
// both sides of where the correction sqrt(1 - beta2^t) rounds to 1 (where the backends skip dividing by it).
import { describe, expect, it } from 'vitest';
import { optimizerBackends } from './optimizer-backends.js';

const N = 37; // odd, and not a multiple of 4, 8 or 16: the SIMD loops' scalar tails run too
const BETA1 = 0.9,
  BETA2 = 0.999,
  LR = 0.001,
  EPSILON = 1e-7;
const f = Math.fround;

/** The formula, written out with one Math.fround per float32 operation. */
function reference(
  step: number,
  weightDecay: number,
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
) {
  // PyTorch: step_size = lr / bias_correction1; denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps);
  // param.addcdiv_(exp_avg, denom, value=-step_size); AdamW first does param.mul_(1 - lr * weight_decay).
  const stepSize = LR / (1 - BETA1 ** step);
  const correction2 = f(Math.sqrt(1 - BETA2 ** step));
  const params = new Float32Array(N),
    m1 = new Float32Array(N),
    v1 = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    const decayed = f(w[i] * f(1 - LR * weightDecay));
    m1[i] = f(f(m[i] * f(BETA1)) + f(f(1 - BETA1) * g[i]));
    v1[i] = f(f(v[i] * f(BETA2)) + f(f(f(1 - BETA2) * g[i]) * g[i]));
    const denom = f(f(f(Math.sqrt(v1[i])) / correction2) + f(EPSILON));
    params[i] = f(decayed + f(f(f(-stepSize) * m1[i]) / denom));
  }
  return { params, m: m1, v: v1 };
}

function inputs(): Float32Array[] {
  const w = new Float32Array(N),
    g = new Float32Array(N),
    m = new Float32Array(N),
    v = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    w[i] = Math.sin(i + 1);
    g[i] = Math.cos(3 * i) * 10 ** ((i % 7) - 5);
    m[i] = 0.01 * Math.sin(2 * i);
    v[i] = 1e-6 * (1 + Math.cos(i)) + 1e-12 * i;
  }
  return [w, g, m, v];
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('adamStep gives the bits of PyTorch float32 Adam', async () => {
  const backends = await optimizerBackends('adamStep');
  // 16,627 / 16,628: sqrt(1 - 0.999^t) last differs from 1 / first rounds to 1 in float32.
  const steps = [1, 2, 355, 356, 16_627, 16_628, 1e6];
  it.each(backends.flatMap(([name, k]) => steps.flatMap((t) => [0, 0.004].map((d) => [name, t, d, k] as const))))(
    '%s at step %d, weight decay %s',
    (_, step, weightDecay, kernels) => {
      const [w, g, m, v] = inputs();
      const expected = reference(step, weightDecay, w, g, m, v);
      kernels.adamStep(N, LR, BETA1, BETA2, EPSILON, step, weightDecay, w, g, m, v);
      expect(bits(w)).toEqual(bits(expected.params));
      expect(bits(m)).toEqual(bits(expected.m));
      expect(bits(v)).toEqual(bits(expected.v));
    },
  );

  it('the steps tested are where the correction becomes 1', () => {
    expect([16_627, 16_628].map((t) => f(Math.sqrt(1 - BETA2 ** t)) === 1)).toEqual([false, true]);
  });
});
