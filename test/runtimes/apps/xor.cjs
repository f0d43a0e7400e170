// @ts-check
// The XOR program of xor.js as a CommonJS user writes it (a project made by `npm init -y`): require, no
// top-level await.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of this program
const { backendInfo, initBackend, layers, optimizers, sequential } = require('backprop-nn');

async function main() {
  const asked = process.argv[2];
  if (asked === 'native' || asked === 'wasm' || asked === 'js') await initBackend({ backend: asked });
  const x = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const y = [[0], [1], [1], [0]];
  const model = sequential({
    seed: 3,
    layers: [
      layers.dense({ inputShape: [2], units: 8, activation: 'tanh' }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy' });
  const history = await model.fit(x, y, { epochs: 300, batchSize: 4, verbose: 0, seed: 3 });
  const predictions = Array.from(model.predict(x).data);
  const loss = history.history.loss[history.history.loss.length - 1];
  const accuracy = predictions.filter((p, i) => Math.round(p) === y[i][0]).length / y.length;
  console.log(JSON.stringify({ info: backendInfo(), loss, accuracy, predictions }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
