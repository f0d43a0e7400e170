// The demo's Web Worker: trains an MLP on the bundled digits (8x8 images, values 0-16; data/README.md)
// with the wasm backend, off the page's main thread, and classifies the digits the page sends.
//
// Messages to the page: { type: 'ready', info } once the backend is up, { type: 'data', ... } with the
// sizes, { type: 'epoch', epoch, logs } after each epoch, { type: 'done', test } with the test part's loss
// and accuracy, { type: 'prediction', id, probabilities }, and { type: 'error', message }.
// Messages from the page: { type: 'train', epochs } and { type: 'predict', id, pixels } (64 values 0-16).
//
// It imports the built browser entry from this repository (npm run build); in an application it would be
// `import ... from 'backprop-nn/browser'` (docs/runtimes.md). initBackend() finds wasm/backprop.wasm beside
// the entry by itself, as the two are served from the same folder tree here.
import {
  initBackend,
  layers,
  optimizers,
  parseCsv,
  sequential,
  tensor2d,
  trainTestSplit,
} from '../../dist/src/browser.js';

const DATA = new URL('../../data/digits.csv.gz', import.meta.url);
const SEED = 7;
let model;

/** The pixel values 0-16 scaled to [0, 1], as for training. */
const scale = (pixels) => Float32Array.from(pixels, (v) => v / 16);

async function loadDigits() {
  const response = await fetch(DATA);
  if (!response.ok) throw new Error(`${DATA} answered ${response.status} ${response.statusText}`);
  const text = await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).text();
  return parseCsv(text, { header: false, source: 'digits.csv.gz' });
}

async function train(epochs) {
  const data = await loadDigits();
  const { train, test } = trainTestSplit(data, { testSize: 0.2, seed: SEED, stratify: true });
  postMessage({ type: 'data', train: train.rows, test: test.rows, features: data.features, classes: data.classes });
  model = sequential({
    seed: SEED,
    layers: [
      layers.dense({ inputShape: [data.features], units: 32, activation: 'relu' }),
      layers.dense({ units: data.classes, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: optimizers.adam({ learningRate: 0.01 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const x = (part) => tensor2d(scale(part.x), [part.rows, part.features]);
  const y = (part) => tensor2d(Float32Array.from(part.y), [part.rows, 1]);
  await model.fit(x(train), y(train), {
    epochs,
    batchSize: 32,
    shuffle: true,
    seed: SEED,
    verbose: 0,
    validationData: [x(test), y(test)],
    callbacks: [{ onEpochEnd: (epoch, logs) => postMessage({ type: 'epoch', epoch, logs: { ...logs } }) }],
  });
  const result = await model.evaluate(x(test), y(test));
  postMessage({ type: 'done', test: { loss: result.loss, accuracy: result.accuracy, rows: test.rows } });
}

onmessage = async ({ data: message }) => {
  try {
    if (message.type === 'train') {
      await train(message.epochs);
    } else if (message.type === 'predict') {
      if (!model) throw new Error('the model is not trained yet');
      const probabilities = Array.from(model.predict(tensor2d(scale(message.pixels), [1, 64])).data);
      postMessage({ type: 'prediction', id: message.id, probabilities });
    }
  } catch (error) {
    postMessage({ type: 'error', message: String((error && error.stack) || error) });
  }
};

initBackend({ backend: 'wasm' }).then(
  (info) => postMessage({ type: 'ready', info }),
  (error) => postMessage({ type: 'error', message: String((error && error.stack) || error) }),
);
