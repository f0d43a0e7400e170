/**
 * The training recipe of `backprop train`: epochs, batch size and learning-rate schedule per data set and
 * model, and the optimizer that follows it.
 */
import { optimizers } from '../index.js';
import type { LrScheduleName, ModelName, TrainArgs } from './args.js';

/**
 * Defaults per data set and model: enough epochs to learn, few enough to finish quickly. The image networks
 * take batches of 32 on Fashion-MNIST and a cosine decay of the learning rate to 0 over the training
 * (Loshchilov and Hutter, "SGDR", 2017, without restarts; Keras CosineDecay), the recipe PyTorch users
 * commonly reach for. Fashion-MNIST, 5 epochs, test accuracy of `--model cnn` (with its batch norms) on native:
 * 0.9112 at seed 1, 0.9153 at seed 2, 0.9145 at seed 3 (peak RSS 169-171 MB). Seed 1 of the cnn without batch
 * norm (the bench's timing network, models.ts): 0.9089 with these defaults (0.9101 at seed 2), 0.8992 in batches
 * of 64 with the cosine, 0.8998 in batches of 128 at a constant rate, 0.8975 with these defaults and Keras' MNIST
 * dropout (0.25 after the pools, 0.5 before the last dense: it underfits in 5 epochs); the same network in
 * PyTorch (bench/peers/torch-accuracy.py): 0.9096 with these defaults, 0.9011 in batches of 64 with the cosine,
 * 0.8915 in 128 at a constant rate.
 */
export function trainingDefaults(
  data: string,
  model: ModelName,
): { epochs: number; batchSize: number; lrSchedule: LrScheduleName } {
  const lrSchedule = model === 'mlp' ? 'constant' : 'cosine';
  if (data === 'iris') return { epochs: 100, batchSize: 8, lrSchedule };
  if (data === 'fashion-mnist') return { epochs: 5, batchSize: model === 'mlp' ? 128 : 32, lrSchedule };
  if (data === 'digits') return { epochs: 20, batchSize: 32, lrSchedule };
  return { epochs: 30, batchSize: 32, lrSchedule };
}

function constantRateOptimizer(name: TrainArgs['optimizer'], lr: number | undefined) {
  const rate = lr === undefined ? {} : { learningRate: lr };
  switch (name) {
    case 'sgd':
      return optimizers.sgd({ learningRate: lr ?? 0.01 });
    case 'momentum':
      return optimizers.sgd({ learningRate: lr ?? 0.01, momentum: 0.9 });
    case 'adagrad':
      return optimizers.adagrad(rate);
    case 'rmsprop':
      return optimizers.rmsprop(rate);
    case 'adam':
      return optimizers.adam(rate);
    case 'adamw':
      return optimizers.adamw(rate);
  }
}

/**
 * The optimizer, at --lr or its own default rate; with the cosine schedule that rate decays to 0 over
 * `steps` updates (Keras CosineDecay with alpha 0, PyTorch CosineAnnealingLR stepped per batch).
 */
export function makeOptimizer(
  name: TrainArgs['optimizer'],
  lr: number | undefined,
  schedule: LrScheduleName,
  steps: number,
) {
  const optimizer = constantRateOptimizer(name, lr);
  if (schedule === 'cosine')
    optimizer.learningRate = optimizers.schedules.cosineDecay({
      initialLearningRate: optimizer.currentLearningRate(),
      decaySteps: steps,
    });
  return optimizer;
}
