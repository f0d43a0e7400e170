// Fashion-MNIST (Debian package dataset-fashion-mnist): the MLP 784-256-128-10 with Adam, 5 epochs,
// with light augmentation (mirror images and small shifts), 47 MB of byte images turned into float32
// one batch at a time. Run: node examples/fashion-mnist.mjs [epochs]
import {
  backendInfo,
  gatherBatch,
  imageAugmenter,
  layers,
  loadDataset,
  optimizers,
  Random,
  sequential,
  tensor2d,
  toFloat32,
} from 'backprop-nn';

const epochs = Number(process.argv[2] ?? 5);
const batchSize = 128;
const { train, test } = loadDataset('fashion-mnist');
const [height, width] = train.imageShape;
const model = sequential({
  seed: 1,
  layers: [
    layers.dense({ inputShape: [height * width], units: 256, activation: 'relu' }),
    layers.dense({ units: 128, activation: 'relu' }),
    layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({
  optimizer: optimizers.adam({ learningRate: 1e-3 }),
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});
const augment = imageAugmenter({ imageShape: [height, width], horizontalFlip: true, translation: 0.04, seed: 1 });

const x = tensor2d(new Float32Array(batchSize * height * width), [batchSize, height * width]);
const y = tensor2d(new Float32Array(batchSize), [batchSize, 1]);
const xTest = tensor2d(toFloat32(test, { scale: 1 / 255 }), [test.rows, height * width]);
const yTest = tensor2d(test.y, [test.rows, 1]);
console.log(`backend: ${backendInfo().backend}; ${train.rows} training images of ${height}x${width}`);
for (let epoch = 0; epoch < epochs; epoch++) {
  const started = performance.now();
  const order = new Random(100 + epoch).permutation(train.rows);
  let lossSum = 0;
  let batches = 0;
  for (let start = 0; start + batchSize <= train.rows; start += batchSize) {
    gatherBatch(train, order, start, batchSize, x.data, y.data, { scale: 1 / 255 });
    augment(x.data, batchSize);
    lossSum += model.trainOnBatch(x, y)[0];
    batches++;
  }
  const { accuracy } = await model.evaluate(xTest, yTest, { batchSize: 500 });
  console.log(
    `epoch ${epoch + 1}/${epochs}: loss ${(lossSum / batches).toFixed(4)}, test accuracy ${accuracy.toFixed(4)}, ${((performance.now() - started) / 1000).toFixed(1)}s`,
  );
}
