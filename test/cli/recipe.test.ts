import { describe, expect, it } from 'vitest';
import { makeOptimizer, trainingDefaults } from '../../src/cli/recipe.js';

describe('backprop train recipe', () => {
  it('keeps the mlp at a constant rate and batches of 128 on Fashion-MNIST; cnn and resnet: 32 and cosine', () => {
    expect(trainingDefaults('fashion-mnist', 'mlp')).toEqual({ epochs: 5, batchSize: 128, lrSchedule: 'constant' });
    for (const model of ['cnn', 'resnet'] as const)
      expect(trainingDefaults('fashion-mnist', model)).toEqual({ epochs: 5, batchSize: 32, lrSchedule: 'cosine' });
    expect(trainingDefaults('digits', 'mlp')).toEqual({ epochs: 20, batchSize: 32, lrSchedule: 'constant' });
    expect(trainingDefaults('digits', 'resnet')).toEqual({ epochs: 20, batchSize: 32, lrSchedule: 'cosine' });
    expect(trainingDefaults('iris', 'mlp')).toEqual({ epochs: 100, batchSize: 8, lrSchedule: 'constant' });
    expect(trainingDefaults('my.csv', 'mlp')).toEqual({ epochs: 30, batchSize: 32, lrSchedule: 'constant' });
  });

  it('decays the rate as PyTorch CosineAnnealingLR stepped per batch, down to 0 at the last step', () => {
    // torch.optim.lr_scheduler.CosineAnnealingLR(Adam(lr=1e-3), T_max=8): the rate of updates 0..8.
    const torch = [
      0.001, 0.0009619397662556434, 0.0008535533905932738, 0.0006913417161825451, 0.0005000000000000001,
      0.0003086582838174552, 0.0001464466094067263, 3.8060233744356646e-5, 0,
    ];
    const optimizer = makeOptimizer('adam', undefined, 'cosine', 8);
    torch.forEach((rate, step) => {
      optimizer.iterations = step;
      expect(optimizer.currentLearningRate()).toBeCloseTo(rate, 15);
    });
    // Keras CosineDecay stays at its end (PyTorch's would rise again, a cosine's next half-period).
    optimizer.iterations = 9;
    expect(optimizer.currentLearningRate()).toBe(0);
  });

  it('starts the cosine at --lr or at the optimizer own default; constant keeps the rate', () => {
    const sgd = makeOptimizer('sgd', undefined, 'cosine', 10);
    expect(sgd.currentLearningRate()).toBe(0.01);
    sgd.iterations = 5;
    expect(sgd.currentLearningRate()).toBeCloseTo(0.005, 15);
    const adam = makeOptimizer('adam', 0.004, 'cosine', 10);
    adam.iterations = 5;
    expect(adam.currentLearningRate()).toBeCloseTo(0.002, 15);
    const constant = makeOptimizer('rmsprop', 0.002, 'constant', 10);
    expect(constant.learningRate).toBe(0.002);
    constant.iterations = 10;
    expect(constant.currentLearningRate()).toBe(0.002);
  });
});
