// XOR in a web page or a Web Worker, from a bundle that esbuild made (the recipe in docs/runtimes.md):
// the bundler resolves 'backprop-nn' to the package's browser entry and inlines the package's .wasm as
// bytes (--loader:.wasm=binary), so the wasm backend loads with no URL to serve or configure. Trains,
// saves the model to IndexedDB and loads it back; returns both models' predictions.
import { backendInfo, initBackend, layers, loadModel, optimizers, sequential } from 'backprop-nn';
import wasm from 'backprop-nn/wasm/backprop.wasm';

export async function trainXor() {
  await initBackend({ backend: 'wasm', wasm });
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
  await model.save('indexeddb://xor');
  const loaded = await loadModel('indexeddb://xor');
  const reloaded = Array.from(loaded.predict(x).data);
  const loss = history.history.loss[history.history.loss.length - 1];
  const accuracy = predictions.filter((p, i) => Math.round(p) === y[i][0]).length / y.length;
  return { info: backendInfo(), loss, accuracy, predictions, reloaded };
}
