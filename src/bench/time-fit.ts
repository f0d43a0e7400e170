/**
 * How our children time training, as a user trains: model.fit on the data set by name, each batch scaled to
 * [0, 1] as fit gathers it into the model. A callback starts the clock after `warmUp` batches and stops
 * training after `batches` more.
 */
import type { Dataset, Sequential } from '../index.js';
import { nowSeconds, samplesPerSecond } from './timing.js';

export interface FitTiming {
  samplesPerSec: number;
  /** The loss of the last timed batch: a sanity check that it learned (starts near ln 10 = 2.30). */
  finalLoss: number;
}

/** Trains `model` (compiled) on `train` and times `batches` batches of `batchSize` after `warmUp` untimed. */
export async function timeFit(
  model: Sequential,
  train: Dataset,
  options: { batchSize: number; warmUp: number; batches: number },
): Promise<FitTiming> {
  const { batchSize, warmUp, batches } = options;
  let done = 0;
  let samples = 0;
  let started = 0;
  let seconds = 0;
  let finalLoss = Number.NaN;
  await model.fit(train, {
    scale: 1 / 255,
    batchSize,
    epochs: Math.ceil(((warmUp + batches) * batchSize) / train.rows) + 1,
    seed: 1,
    verbose: 0,
    callbacks: [
      {
        onBatchEnd: (_batch, logs) => {
          done++;
          if (done === warmUp) started = nowSeconds();
          if (done <= warmUp) return;
          // An epoch's last batch may be short: count the samples, not the batches.
          samples += logs.size;
          if (done < warmUp + batches) return;
          seconds = nowSeconds() - started;
          finalLoss = logs.loss;
          model.stopTraining = true;
        },
      },
    ],
  });
  return { samplesPerSec: samplesPerSecond(samples, seconds), finalLoss: Number(finalLoss.toFixed(4)) };
}
