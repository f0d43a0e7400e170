// A Cloudflare Worker (the recipe in docs/runtimes.md): imports the package's .wasm through its exports,
// which wrangler turns into a compiled WebAssembly.Module (Workers may not compile bytes at run time),
// trains XOR once on the first request and serves predictions: GET /?a=0&b=1 answers
// { info, loss, prediction }.
import { backendInfo, initBackend, layers, optimizers, sequential } from 'backprop-nn/browser';
import wasm from 'backprop-nn/wasm/backprop.wasm';

async function train() {
  await initBackend({ backend: 'wasm', wasm });
  const model = sequential({
    seed: 3,
    layers: [
      layers.dense({ inputShape: [2], units: 8, activation: 'tanh' }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy' });
  const x = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const history = await model.fit(x, [[0], [1], [1], [0]], { epochs: 300, batchSize: 4, verbose: 0, seed: 3 });
  return { model, loss: history.history.loss[history.history.loss.length - 1] };
}

let trained;

export default {
  async fetch(request) {
    const { model, loss } = await (trained ??= train());
    const url = new URL(request.url);
    const a = Number(url.searchParams.get('a'));
    const b = Number(url.searchParams.get('b'));
    const prediction = model.predict([[a, b]]).data[0];
    return Response.json({ info: backendInfo(), loss, prediction });
  },
};
