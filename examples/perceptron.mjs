// Rosenblatt's perceptron learns OR and AND (linearly separable) and never converges on XOR.
// Run: node examples/perceptron.mjs
import { perceptron } from 'backprop-nn';

const x = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const gates = { OR: [0, 1, 1, 1], AND: [0, 0, 0, 1], XOR: [0, 1, 1, 0] };

for (const [name, y] of Object.entries(gates)) {
  const p = perceptron({ inputs: 2, learningRate: 1, maxEpochs: 50 });
  const result = p.fit(x, y);
  const predicted = p.predict(x);
  const status = result.converged
    ? `converged after ${result.epochs} passes`
    : `did not converge in ${result.epochs} passes`;
  console.log(
    `${name.padEnd(3)}: ${status}; predictions ${predicted.join(' ')} (targets ${y.join(' ')}); weights (bias first) ${[...p.weights].join(', ')}`,
  );
}
