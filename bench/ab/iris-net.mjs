// The iris 4-30-16-3 relu/softmax network, Adam 1e-3, and eight one-row batches, built from one package
// build `m` (its dist/src/index.js) on `backend`: the step the A/B script and the instruction-count script
// time. Returns trainOnBatch over the eight batches in turn, `steps` times, and the last loss.
export function irisSteps(m, backend) {
  const model = m.sequential({
    seed: 7,
    backend,
    layers: [
      m.layers.dense({ inputShape: [4], units: 30, activation: 'relu' }),
      m.layers.dense({ units: 16, activation: 'relu' }),
      m.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: m.optimizers.adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
  const xs = [],
    ys = [];
  for (let i = 0; i < 8; i++) {
    xs.push(m.tensor2d(Float32Array.from([Math.sin(i), Math.cos(i), i / 8 - 0.5, 0.3]), [1, 4]));
    const y = new Float32Array(3);
    y[i % 3] = 1;
    ys.push(m.tensor2d(y, [1, 3]));
  }
  return (steps) => {
    let loss = 0;
    for (let i = 0; i < steps; i++) loss = model.trainOnBatch(xs[i & 7], ys[i & 7]);
    return loss;
  };
}
