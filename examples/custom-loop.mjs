// A custom training loop with trainOnBatch, for when fit's epochs, callbacks and batchTransform are not
// enough: your own batching, learning-rate decay and early exit, on the bundled digits (8x8 images), with
// augmentation applied per batch. (fit(dataset, { scale, batchTransform, callbacks }) does all of this
// too; see fashion-mnist.mjs.) Run: node examples/custom-loop.mjs
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
  trainTestSplit,
} from 'backprop-nn';

const { train: all } = loadDataset('digits');
const { train, test } = trainTestSplit(all, { testSize: 0.2, seed: 5, stratify: true });
const model = sequential({
  seed: 5,
  layers: [
    layers.dense({ inputShape: [64], units: 64, activation: 'relu' }),
    layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
const optimizer = optimizers.adam({ learningRate: 0.01 });
model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

const batchSize = 32;
const scale = 1 / 16; // digits pixels are 0..16
const augment = imageAugmenter({ imageShape: [8, 8], translation: 0.1, seed: 5 });
const x = tensor2d(new Float32Array(batchSize * 64), [batchSize, 64]);
const y = tensor2d(new Float32Array(batchSize), [batchSize, 1]);
const random = new Random(5);

for (let epoch = 0; epoch < 30; epoch++) {
  const order = random.permutation(train.rows);
  let loss = 0;
  let steps = 0;
  for (let start = 0; start + batchSize <= train.rows; start += batchSize) {
    gatherBatch(train, order, start, batchSize, x.data, y.data, { scale });
    augment(x.data, batchSize);
    loss += model.trainOnBatch(x, y)[0];
    steps++;
  }
  model.setLearningRate(model.getLearningRate() * 0.95); // exponential decay, by hand
  const { accuracy } = await model.evaluate(test, { scale });
  console.log(
    `epoch ${epoch + 1}: loss ${(loss / steps).toFixed(4)}, lr ${model.getLearningRate().toExponential(2)}, test accuracy ${accuracy.toFixed(4)}`,
  );
  if (accuracy >= 0.98) {
    console.log('reached 98 % test accuracy: stopping early');
    break;
  }
}
console.log(`backend: ${backendInfo().backend}`);
