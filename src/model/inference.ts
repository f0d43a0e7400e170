import type { Tensor2D } from '../tensor.js';
import type { Engine, ModelRuntime } from './engine.js';

/**
 * Loss (with the regularization penalty) and metrics of (x, y) in inference mode, in batches of at most
 * `batchSize` rows run in `rt` (whose workspace holds engine.capacity rows). Returns { loss, metric... }.
 */
export function evaluateBatches(engine: Engine, rt: ModelRuntime, x: Tensor2D, y: Tensor2D): Record<string, number> {
  const { metrics } = engine.compiled!;
  const capacity = engine.capacity;
  let lossSum = 0;
  const sums = new Float64Array(metrics.length);
  for (let start = 0; start < x.rows; start += capacity) {
    const end = Math.min(x.rows, start + capacity);
    const rows = end - start;
    engine.loadBatch(rt, x, y, null, start, end);
    engine.forward(rt, rows, false);
    lossSum += engine.loss(rt, rows) * rows;
    engine.addMetrics(rt, rows, sums);
  }
  const result: Record<string, number> = { loss: lossSum / x.rows + engine.penalty() };
  for (let i = 0; i < metrics.length; i++) result[metrics[i].name] = sums[i] / x.rows;
  return result;
}
