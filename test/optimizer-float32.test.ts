// adagradStep and rmspropStep compute AdaGrad and RMSprop as PyTorch does for float32 parameters
// (torch.optim.Adagrad with lr_decay 0, torch.optim.RMSprop uncentered without momentum): constants rounded
// once to float32, then every operation in float32 in PyTorch's order. The js, wasm and native backends must
// give exactly the bits of that formula, on gradients from 1e-5 to 1 (and zeros) and accumulators from 0.
import { describe, expect, it } from 'vitest';
import { optimizerBackends } from './optimizer-backends.js';

const N = 37; // odd, and not a multiple of 4, 8 or 16: the SIMD loops' scalar tails run too
const f = Math.fround;

function inputs(): Float32Array[] {
  const w = new Float32Array(N),
    g = new Float32Array(N),
    h = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    w[i] = Math.sin(i + 1);
    g[i] = i % 9 === 4 ? 0 : Math.cos(3 * i) * 10 ** ((i % 6) - 5);
    h[i] = i % 5 === 0 ? 0 : 1e-6 * (1 + Math.cos(i)) + 1e-3 * (i % 3);
  }
  return [w, g, h];
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('adagradStep gives the bits of PyTorch float32 AdaGrad', async () => {
  const backends = await optimizerBackends('adagradStep');
  // PyTorch: state_sum.addcmul_(grad, grad, value=1); std = state_sum.sqrt().add_(eps);
  // param.addcdiv_(grad, std, value=-clr).
  it.each(backends.flatMap(([name, k]) => [0.1, 1e-3].map((lr) => [name, lr, k] as const)))(
    '%s, lr %s',
    (_, lr, kernels) => {
      const [w, g, h] = inputs();
      const eps = 1e-7;
      const hExpected = h.map((h0, i) => f(h0 + f(g[i] * g[i])));
      const wExpected = w.map((w0, i) => f(w0 + f(f(f(-lr) * g[i]) / f(f(Math.sqrt(hExpected[i])) + f(eps)))));
      kernels.adagradStep(N, lr, eps, w, g, h);
      expect(bits(h)).toEqual(bits(hExpected));
      expect(bits(w)).toEqual(bits(wExpected));
    },
  );
});

describe('rmspropStep gives the bits of PyTorch float32 RMSprop', async () => {
  const backends = await optimizerBackends('rmspropStep');
  // PyTorch: square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha); avg = square_avg.sqrt().add_(eps);
  // param.addcdiv_(grad, avg, value=-lr).
  it.each(backends.flatMap(([name, k]) => [0.9, 0.99].map((rho) => [name, rho, k] as const)))(
    '%s, rho %s',
    (_, rho, kernels) => {
      const [w, g, h] = inputs();
      const lr = 0.01,
        eps = 1e-7;
      const hExpected = h.map((h0, i) => f(f(h0 * f(rho)) + f(f(f(1 - rho) * g[i]) * g[i])));
      const wExpected = w.map((w0, i) => f(w0 + f(f(f(-lr) * g[i]) / f(f(Math.sqrt(hExpected[i])) + f(eps)))));
      kernels.rmspropStep(N, lr, rho, eps, w, g, h);
      expect(bits(h)).toEqual(bits(hExpected));
      expect(bits(w)).toEqual(bits(wExpected));
    },
  );
});
