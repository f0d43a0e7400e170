// Fashion-MNIST (Debian package dataset-fashion-mnist): the MLP 784-256-128-10 with Adam, 5 epochs,
// with light augmentation (mirror images and small shifts). fit takes the data set of bytes as loaded
// (47 MB) and turns each batch into float32 in [0, 1] as it gathers it, so the 188 MB float32 copy of
// the images is never made. Run: node examples/fashion-mnist.mjs [epochs]
import { backendInfo, imageAugmenter, layers, loadDataset, optimizers, sequential } from 'backprop-nn';

const epochs = Number(process.argv[2] ?? 5);
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
console.log(`backend: ${backendInfo().backend}; ${train.rows} training images of ${height}x${width}`);
// The test part is evaluated after every epoch (val_accuracy); augmentation changes training batches only.
await model.fit(train, {
  epochs,
  batchSize: 128,
  scale: 1 / 255,
  batchTransform: imageAugmenter({ imageShape: [height, width], horizontalFlip: true, translation: 0.04, seed: 1 }),
  validationData: test,
  seed: 100,
});
const { accuracy } = await model.evaluate(test, { scale: 1 / 255, batchSize: 500 });
console.log(`test accuracy ${accuracy.toFixed(4)}`);
