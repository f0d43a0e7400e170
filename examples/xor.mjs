// XOR with a 2-5-4-1 sigmoid network: a problem no single perceptron can solve (Minsky and Papert, 1969).
// Run: node examples/xor.mjs
import { backendInfo, layers, optimizers, sequential } from 'backprop-nn';

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
    layers.dense({ inputShape: [2], units: 5, activation: 'sigmoid' }),
    layers.dense({ units: 4, activation: 'sigmoid' }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({
  optimizer: optimizers.adam({ learningRate: 0.05 }),
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
});
const history = await model.fit(x, y, { epochs: 500, batchSize: 4, verbose: 0, seed: 3 });
const predictions = model.predict(x).data;

console.log(`backend: ${backendInfo().backend}`);
console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
x.forEach((row, i) => console.log(`${row.join(' xor ')} -> ${predictions[i].toFixed(3)} (expected ${y[i][0]})`));
const correct = x.filter((_, i) => Math.round(predictions[i]) === y[i][0]).length;
console.log(`accuracy ${correct}/4`);
