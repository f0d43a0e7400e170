// Iris (Fisher, 1936; 150 flowers, 3 species): a 4-30-16-3 relu/softmax net, Adam, 100 epochs, batch
// size 1, a seeded 80/20 split, features standardised with statistics of the training part only.
// Run: node examples/iris.mjs
import {
  backendInfo,
  layers,
  loadDataset,
  oneHot,
  optimizers,
  sequential,
  standardScaler,
  tensor2d,
  trainTestSplit,
} from 'backprop-nn';

const { train: all } = loadDataset('iris');
const { train, test } = trainTestSplit(all, { testSize: 0.2, seed: 7, stratify: true });
const scaler = standardScaler().fit(train.x, train.features);
const xTrain = tensor2d(scaler.transform(train.x), [train.rows, 4]);
const xTest = tensor2d(scaler.transform(test.x), [test.rows, 4]);
const yTrain = tensor2d(oneHot(train.y, 3), [train.rows, 3]);
const yTest = tensor2d(oneHot(test.y, 3), [test.rows, 3]);

const model = sequential({
  seed: 7,
  layers: [
    layers.dense({ inputShape: [4], units: 30, activation: 'relu' }),
    layers.dense({ units: 16, activation: 'relu' }),
    layers.dense({ units: 3, activation: 'softmax' }),
  ],
});
model.compile({
  optimizer: optimizers.adam({ learningRate: 1e-3 }),
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
});
await model.fit(xTrain, yTrain, {
  epochs: 100,
  batchSize: 1,
  validationSplit: 0.1,
  shuffle: true,
  seed: 7,
  verbose: 0,
  callbacks: [
    {
      onEpochEnd: (epoch, logs) => {
        if ((epoch + 1) % 20 === 0)
          console.log(`epoch ${epoch + 1}: loss ${logs.loss.toFixed(4)}, val_accuracy ${logs.val_accuracy.toFixed(3)}`);
      },
    },
  ],
});
const { loss, accuracy } = await model.evaluate(xTest, yTest);
console.log(
  `backend ${backendInfo().backend}: test loss ${loss.toFixed(4)}, test accuracy ${accuracy.toFixed(4)} on ${test.rows} flowers`,
);
