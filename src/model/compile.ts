import type { Backend } from '../backends/contract.js';
import { describeValue } from '../describe-value.js';
import { ConfigError } from '../errors.js';
import { type Loss, resolveLoss } from '../losses.js';
import { resolveMetric } from '../metrics.js';
import { resolveOptimizer } from '../optimizers/index.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { checkBackendOption } from './backend-option.js';
import type { Training } from './engine.js';
import type { LayerStack } from './layer-stack.js';
import { resolveLossRoute } from './loss-route.js';

/** The arguments of model.compile, as Keras names them. */
export interface CompileArgs {
  /** An optimizer, or its name with the Keras defaults ('adam', 'sgd', ...). */
  optimizer: string | Optimizer;
  /** A loss, or its name ('meanSquaredError', 'categoricalCrossentropy', ...). */
  loss: string | Loss;
  /** Metric names to log besides the loss ('accuracy', 'mse', 'mae'). */
  metrics?: string[];
  /** Run on this backend (weights move over if the model was built on another). */
  backend?: Backend;
}

/** compile's arguments checked and resolved for the layers of `stack`: nothing is changed yet. */
export function resolveCompileArgs(
  args: CompileArgs,
  stack: LayerStack,
): { training: Training; metricNames: readonly string[]; backend: Backend | undefined } {
  if (typeof args !== 'object' || args === null)
    throw new TypeError('backprop: compile needs { optimizer, loss, metrics? }');
  if (stack.layers.length === 0) {
    throw new ConfigError(`backprop: model ${stack.modelName} has no layers; add layers before compile`);
  }
  const loss = resolveLoss(args.loss);
  const optimizer = resolveOptimizer(args.optimizer);
  const metricNames = args.metrics ?? [];
  if (!Array.isArray(metricNames)) {
    throw new TypeError(`backprop: compile metrics must be an array of names; got ${describeValue(metricNames)}`);
  }
  const metrics = metricNames.map((id) => resolveMetric(id, loss, stack.outputUnits));
  const route = resolveLossRoute(loss, stack.last, stack.outputUnits);
  const backend = checkBackendOption(args.backend, 'compile');
  return { training: { loss, route, optimizer, metrics }, metricNames: [...metricNames], backend };
}
