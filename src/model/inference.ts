import type { BatchSource } from './batch-source.js';
import type { Engine, ModelRuntime } from './engine.js';

/**
 * Loss (with the regularization penalty) and metrics of the rows of `source` in inference mode, in batches
 * of at most engine.capacity rows run in `rt` (whose workspace holds that many). Returns { loss, metric... }.
 */
export function evaluateBatches(engine: Engine, rt: ModelRuntime, source: BatchSource): Record<string, number> {
  const { metrics } = engine.compiled!;
  const capacity = engine.capacity;
  const n = source.rows;
  let lossSum = 0;
  const sums = new Float64Array(metrics.length);
  for (let start = 0; start < n; start += capacity) {
    const end = Math.min(n, start + capacity);
    const rows = end - start;
    engine.loadFrom(rt, source, null, start, end, true);
    engine.forward(rt, rows, false);
    lossSum += engine.loss(rt, rows) * rows;
    engine.addMetrics(rt, rows, sums);
  }
  const result: Record<string, number> = { loss: lossSum / n + engine.penalty() };
  for (let i = 0; i < metrics.length; i++) result[metrics[i].name] = sums[i] / n;
  return result;
}
