import { describeValue } from './describe-value.js';
import type { Loss } from './losses.js';

/**
 * Metrics as Keras computes them, from the model output and the targets. They are bookkeeping, so they
 * read the output values directly. `accuracy` / `acc` is binary (threshold 0.5, or 0 on logits) for a
 * binary cross-entropy loss or a single output column, else categorical (argmax; the label itself for
 * sparse labels). The log key is the name the user gave, as in Keras.
 */
export type MetricName = 'accuracy' | 'acc' | 'mse' | 'mae' | 'meanSquaredError' | 'meanAbsoluteError';

/** A compiled metric: its log key and how it sums over a batch. */
export interface Metric {
  /** The log key. */
  readonly name: string;
  /** Sum of the metric over the rows of the batch (the model divides by the number of rows). */
  sum(rows: number, cols: number, pred: Float32Array, target: Float32Array): number;
}

const KNOWN: readonly string[] = ['accuracy', 'acc', 'mse', 'mae', 'meanSquaredError', 'meanAbsoluteError'];

export function resolveMetric(id: unknown, loss: Loss, outputUnits: number): Metric {
  if (typeof id !== 'string' || !KNOWN.includes(id)) {
    throw new TypeError(`backprop: unknown metric ${describeValue(id)}; expected one of ${KNOWN.join(', ')}`);
  }
  const name = id;
  if (name === 'mse' || name === 'meanSquaredError') {
    return { name, sum: (rows, cols, p, t) => meanOverColumns(rows, cols, p, t, (d) => d * d) };
  }
  if (name === 'mae' || name === 'meanAbsoluteError') {
    return { name, sum: (rows, cols, p, t) => meanOverColumns(rows, cols, p, t, Math.abs) };
  }
  if (loss.name === 'sparseCategoricalCrossentropy') return { name, sum: sparseAccuracy };
  if (loss.name === 'binaryCrossentropy' || (loss.name !== 'categoricalCrossentropy' && outputUnits === 1)) {
    const threshold = loss.fromLogits ? 0 : 0.5;
    return { name, sum: (rows, cols, p, t) => binaryAccuracy(rows * cols, threshold, p, t) / cols };
  }
  return { name, sum: categoricalAccuracy };
}

function meanOverColumns(
  rows: number,
  cols: number,
  p: Float32Array,
  t: Float32Array,
  f: (d: number) => number,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += f(p[r * cols + c] - t[r * cols + c]);
    total += s / cols;
  }
  return total;
}

function binaryAccuracy(n: number, threshold: number, p: Float32Array, t: Float32Array): number {
  let correct = 0;
  for (let i = 0; i < n; i++) if ((p[i] > threshold ? 1 : 0) === (t[i] > 0.5 ? 1 : 0)) correct++;
  return correct;
}

function argmax(values: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (values[offset + i] > values[offset + best]) best = i;
  return best;
}

function categoricalAccuracy(rows: number, cols: number, p: Float32Array, t: Float32Array): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) if (argmax(p, r * cols, cols) === argmax(t, r * cols, cols)) correct++;
  return correct;
}

function sparseAccuracy(rows: number, cols: number, p: Float32Array, labels: Float32Array): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) if (argmax(p, r * cols, cols) === labels[r]) correct++;
  return correct;
}
