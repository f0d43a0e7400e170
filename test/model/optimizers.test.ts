// Ten steps of every optimizer against a float64 implementation of its published update (momentum with
// coupled weight decay as Keras SGD, AdaGrad, RMSProp, Adam with bias correction as in Kingma and Ba, 2015),
// plus clipping and the schedules.
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { getBackend, type Optimizer, optimizers } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { expectClose } from '../harness.js';

const N = 37;
const STEPS = 10;

type Reference = (w: Float64Array, g: Float64Array, t: number) => void;

function run(optimizer: Optimizer, reference: Reference): void {
  const backend = getBackend();
  const rng = new Random(21);
  const params = backend.allocate(N);
  const grads = backend.allocate(N);
  const slots = optimizer.slotNames.map((name) => {
    const b = backend.allocate(N);
    b.data.fill(optimizer.slotInitialValue(name));
    return b;
  });
  rng.fillUniform(params.data, -1, 1);
  const w = Float64Array.from(params.data);
  for (let t = 1; t <= STEPS; t++) {
    rng.fillUniform(grads.data, -2, 2);
    const g = Float64Array.from(grads.data);
    optimizer.step(
      backend,
      params.data,
      grads.data,
      slots.map((s) => s.data),
    );
    reference(w, g, t);
  }
  expect(optimizer.iterations).toBe(STEPS);
  // float32 state and arithmetic against float64 over ten steps: a few float32 ulps per step.
  expectClose(params.data, w, { atol: 1e-6, rtol: 1e-5 }, `${optimizer.className} after ${STEPS} steps`);
}

describe('optimizers match their published updates in float64', () => {
  it('sgd: w -= lr (g + weightDecay w)', () => {
    run(optimizers.sgd({ learningRate: 0.1, weightDecay: 0.01 }), (w, g) => {
      for (let i = 0; i < N; i++) w[i] -= 0.1 * (g[i] + 0.01 * w[i]);
    });
  });

  it("momentum with weight decay: v = beta v - lr g'; w += v", () => {
    const v = new Float64Array(N);
    run(optimizers.sgd({ learningRate: 0.05, momentum: 0.9, weightDecay: 0.001 }), (w, g) => {
      for (let i = 0; i < N; i++) {
        v[i] = 0.9 * v[i] - 0.05 * (g[i] + 0.001 * w[i]);
        w[i] += v[i];
      }
    });
  });

  it('nesterov momentum', () => {
    const v = new Float64Array(N);
    run(optimizers.sgd({ learningRate: 0.05, momentum: 0.8, nesterov: true }), (w, g) => {
      for (let i = 0; i < N; i++) {
        v[i] = 0.8 * v[i] - 0.05 * g[i];
        w[i] += 0.8 * v[i] - 0.05 * g[i];
      }
    });
  });

  it('adagrad: h += g^2; w -= lr g / (sqrt h + eps), h starting at 0.1 (Keras)', () => {
    const h = new Float64Array(N).fill(0.1);
    run(optimizers.adagrad({ learningRate: 0.1 }), (w, g) => {
      for (let i = 0; i < N; i++) {
        h[i] += g[i] * g[i];
        w[i] -= (0.1 * g[i]) / (Math.sqrt(h[i]) + 1e-7);
      }
    });
  });

  it('rmsprop: h = rho h + (1 - rho) g^2', () => {
    const h = new Float64Array(N);
    run(optimizers.rmsprop({ learningRate: 0.01, rho: 0.9 }), (w, g) => {
      for (let i = 0; i < N; i++) {
        h[i] = 0.9 * h[i] + 0.1 * g[i] * g[i];
        w[i] -= (0.01 * g[i]) / (Math.sqrt(h[i]) + 1e-7);
      }
    });
  });

  const adamReference = (lr: (t: number) => number, decay: number): Reference => {
    const m = new Float64Array(N);
    const v = new Float64Array(N);
    return (w, g, t) => {
      for (let i = 0; i < N; i++) {
        w[i] -= lr(t) * decay * w[i];
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        const mHat = m[i] / (1 - 0.9 ** t);
        const vHat = v[i] / (1 - 0.999 ** t);
        w[i] -= (lr(t) * mHat) / (Math.sqrt(vHat) + 1e-7);
      }
    };
  };

  it('adam with bias correction (Keras defaults)', () => {
    const adam = optimizers.adam({ learningRate: 0.01 });
    expect([adam.beta1, adam.beta2, adam.epsilon]).toEqual([0.9, 0.999, 1e-7]);
    run(
      adam,
      adamReference(() => 0.01, 0),
    );
  });

  it('adamw: decoupled weight decay', () => {
    run(
      optimizers.adamw({ learningRate: 0.01, weightDecay: 0.1 }),
      adamReference(() => 0.01, 0.1),
    );
  });

  it('adam with an exponential-decay schedule uses lr(step) with step = updates done', () => {
    const schedule = optimizers.schedules.exponentialDecay({
      initialLearningRate: 0.02,
      decaySteps: 3,
      decayRate: 0.5,
    });
    run(
      optimizers.adam({ learningRate: schedule }),
      adamReference((t) => 0.02 * 0.5 ** ((t - 1) / 3), 0),
    );
  });
});

describe('clipping and schedules', () => {
  it('clipValue, per-weight clipNorm and globalClipNorm', () => {
    const backend = getBackend();
    const g = backend.allocate(6);
    g.data.set([3, 4, 0, 0.5, -10, 0]);
    optimizers.sgd({ clipValue: 5 }).clipGradients(backend, g.data, [{ offset: 0, length: 6 }]);
    expect(Array.from(g.data)).toEqual([3, 4, 0, 0.5, -5, 0]);
    g.data.set([3, 4, 0, 0.5, 0, 0]);
    optimizers.sgd({ clipNorm: 1 }).clipGradients(backend, g.data, [
      { offset: 0, length: 3 },
      { offset: 3, length: 3 },
    ]);
    expectClose(g.data, [0.6, 0.8, 0, 0.5, 0, 0], { atol: 1e-7, rtol: 1e-6 }, 'clipNorm per weight');
    g.data.set([3, 4, 0, 0, 0, 0]);
    optimizers.sgd({ globalClipNorm: 2.5 }).clipGradients(backend, g.data, [
      { offset: 0, length: 3 },
      { offset: 3, length: 3 },
    ]);
    expectClose(g.data, [1.5, 2, 0, 0, 0, 0], { atol: 1e-7, rtol: 1e-6 }, 'globalClipNorm');
  });

  it('step, exponential and cosine schedules follow their formulas', () => {
    const { stepDecay, exponentialDecay, cosineDecay } = optimizers.schedules;
    const step = stepDecay({ initialLearningRate: 1, stepSize: 10, factor: 0.5 });
    expect([0, 9, 10, 25].map((s) => step.at(s))).toEqual([1, 1, 0.5, 0.25]);
    const exp = exponentialDecay({ initialLearningRate: 1, decaySteps: 10, decayRate: 0.1, staircase: true });
    expect([0, 9, 10, 20].map((s) => exp.at(s))).toEqual([1, 1, 0.1, 0.1 ** 2]);
    const cos = cosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    expect(cos.at(0)).toBe(1);
    expect(cos.at(50)).toBeCloseTo(0.55, 12);
    expect(cos.at(100)).toBeCloseTo(0.1, 12);
    expect(cos.at(500)).toBeCloseTo(0.1, 12);
  });

  it('optimizer names give Keras defaults; bad options are named', () => {
    expect(optimizers.sgd().currentLearningRate()).toBe(0.01);
    expect(optimizers.adam().currentLearningRate()).toBe(0.001);
    expect(optimizers.adamw().weightDecay).toBe(0.004);
    expect(() => optimizers.adam({ beta1: 1 })).toThrow(/beta1/);
    expect(() => optimizers.sgd({ learningRate: -1 })).toThrow(/learningRate/);
  });
});
