// The Fashion-MNIST MLP 784-256-128-10 (relu, relu, softmax) that the bench suites time, built from one package
// build `m` (its dist/src/index.js), seed 1, on `backend` (the build's default when omitted): the network the
// A/B, profile and instruction-count scripts of this folder share, so they all measure the same model.
export const MLP_WIDTHS = [784, 256, 128, 10];

export function mlpLayers(m) {
  return [
    m.layers.dense({ inputShape: [MLP_WIDTHS[0]], units: MLP_WIDTHS[1], activation: 'relu' }),
    m.layers.dense({ units: MLP_WIDTHS[2], activation: 'relu' }),
    m.layers.dense({ units: MLP_WIDTHS[3], activation: 'softmax' }),
  ];
}

export function mlpModel(m, backend) {
  return m.sequential({ seed: 1, ...(backend ? { backend } : {}), layers: mlpLayers(m) });
}
