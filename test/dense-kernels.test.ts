// The fused dense kernels against the two kernels each replaces, on every backend: biasActivationForward
// must give what biasAdd then activationForward give, and activationBiasBackward what activationBackward
// then biasGrad give, bit for bit (the contract promises the same arithmetic and summation order). Shapes
// cross a block of the native loops (4096 values) and reach the sizes at which native splits the work over
// its threads (by rows forward, by columns backward).
import { describe, expect, it } from 'vitest';
import { Activation, type Backend } from '../src/backends/contract.js';
import { backendsUnderTest, Random, randomArray } from './harness.js';

const backends = await backendsUnderTest();
const SHAPES: [number, number][] = [
  [1, 30],
  [5, 11],
  [257, 17],
  [300, 70],
  [1031, 130],
];

/** Runs `call` on copies of `inputs` in the backend's own buffers and returns the buffers after the call. */
function run(
  backend: Backend,
  inputs: Record<string, Float32Array>,
  call: (v: Record<string, Float32Array>) => void,
): Record<string, Float32Array> {
  const names = Object.keys(inputs);
  const device = names.map((name) => backend.allocate(inputs[name].length));
  try {
    const views: Record<string, Float32Array> = {};
    names.forEach((name, i) => {
      views[name] = device[i].data;
      views[name].set(inputs[name]);
    });
    call(views);
    return Object.fromEntries(names.map((name) => [name, Float32Array.from(views[name])]));
  } finally {
    for (const d of device) d.free();
  }
}

describe.each(backends.map((b) => [b.name, b] as const))('%s fused dense kernels', (_, k) => {
  const rng = new Random(11);
  const cases = Object.entries(Activation).flatMap(([name, kind]) =>
    SHAPES.map(([rows, cols]) => [`${name} ${rows}x${cols}`, kind, rows, cols] as const),
  );

  it.each(cases)('%s: biasActivationForward is biasAdd then activationForward', (__, kind, rows, cols) => {
    const alpha = kind === Activation.leakyRelu ? 0.2 : 1.3;
    const inputs = {
      bias: randomArray(rng, cols),
      z: randomArray(rng, rows * cols, -4, 4),
      y: new Float32Array(rows * cols),
    };
    const fused = run(k, inputs, (v) => k.biasActivationForward(kind, rows, cols, alpha, v.bias, v.z, v.y));
    const separate = run(k, inputs, (v) => {
      k.biasAdd(rows, cols, v.bias, v.z);
      k.activationForward(kind, rows * cols, alpha, v.z, v.y);
    });
    expect(fused.z).toEqual(separate.z);
    expect(fused.y).toEqual(separate.y);
    // y may be z itself.
    const inPlace = run(k, inputs, (v) => k.biasActivationForward(kind, rows, cols, alpha, v.bias, v.z, v.z));
    expect(inPlace.z).toEqual(separate.y);
  });

  it.each(cases)('%s: activationBiasBackward is activationBackward then biasGrad', (__, kind, rows, cols) => {
    const alpha = kind === Activation.leakyRelu ? 0.2 : 1.3;
    const x = randomArray(rng, rows * cols, -4, 4);
    const y = new Float32Array(x.length);
    k.activationForward(kind, x.length, alpha, x, y);
    const inputs = {
      x,
      y,
      dy: randomArray(rng, rows * cols),
      dx: new Float32Array(rows * cols),
      dbias: new Float32Array(cols),
    };
    const fused = run(k, inputs, (v) =>
      k.activationBiasBackward(kind, rows, cols, alpha, v.x, v.y, v.dy, v.dx, v.dbias),
    );
    const separate = run(k, inputs, (v) => {
      k.activationBackward(kind, rows * cols, alpha, v.x, v.y, v.dy, v.dx);
      k.biasGrad(rows, cols, v.dx, v.dbias);
    });
    expect(fused.dx).toEqual(separate.dx);
    expect(fused.dbias).toEqual(separate.dbias);
    // dx may be dy itself, as the dense layer calls it.
    const inPlace = run(k, inputs, (v) =>
      k.activationBiasBackward(kind, rows, cols, alpha, v.x, v.y, v.dy, v.dy, v.dbias),
    );
    expect(inPlace.dy).toEqual(separate.dx);
    expect(inPlace.dbias).toEqual(separate.dbias);
  });
});
