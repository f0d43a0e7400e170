import type { Backend } from '../backends/contract.js';
import type { Layer } from '../layers/layer.js';
import { isSparse, type Loss } from '../losses.js';
import { ConfigError } from '../errors.js';

/**
 * Which kernel computes the loss and its gradient, chosen once when the model is compiled.
 *
 * - `softmaxCrossEntropy`, `sparseSoftmaxCrossEntropy`, `bceLogits` on a softmax (sigmoid) output: the
 *   cross-entropy is fused with the output activation and runs on the logits, which is exact and stable for
 *   extreme logits; the gradient it writes is with respect to the logits (the pre-activation).
 * - `mse`, `sse`, `bce`: the loss kernel on the output; the layer's activation backward follows.
 * - `softmaxCrossEntropyOnLogits`, `sparseSoftmaxCrossEntropyOnLogits`, `bceOnLogits`: a linear output
 *   with `fromLogits: true`; the softmax is computed into the probability scratch.
 */
export type LossKernel =
  | 'softmaxCrossEntropy'
  | 'sparseSoftmaxCrossEntropy'
  | 'bceLogits'
  | 'mse'
  | 'sse'
  | 'bce'
  | 'softmaxCrossEntropyOnLogits'
  | 'sparseSoftmaxCrossEntropyOnLogits'
  | 'bceOnLogits';

export interface LossRoute {
  readonly kernel: LossKernel;
  /** The kernel reads the logits (the last layer's pre-activation), not its output. */
  readonly onPreActivation: boolean;
  /** Floats per target row: 1 for sparse labels (class indices), else the output width. */
  readonly targetWidth: number;
  /**
   * The kernel overwrites the last layer's output with the softmax of its logits (the fused softmax
   * cross-entropies), so a training forward need not compute that output first.
   */
  readonly writesOutput: boolean;
}

/**
 * The route of `loss` on a model whose last layer is `last` with `units` outputs; throws ConfigError when
 * the loss cannot run on that output.
 */
export function resolveLossRoute(loss: Loss, last: Layer, units: number): LossRoute {
  const act = last.outputActivation()?.activation.name;
  const crossEntropy = loss.name === 'categoricalCrossentropy' || loss.name === 'sparseCategoricalCrossentropy';
  if (crossEntropy && !loss.fromLogits && act !== 'softmax') {
    throw new ConfigError(
      `backprop: ${loss.name} needs the last layer (${last.name}) to end with activation 'softmax' (it is fused with the softmax), or ${loss.name}({ fromLogits: true }) on a linear output; the last layer's activation is ${act ?? 'none'}`,
    );
  }
  if (isSparse(loss) && units < 2) {
    throw new ConfigError(
      `backprop: sparseCategoricalCrossentropy needs at least 2 output units; layer ${last.name} has ${units}`,
    );
  }
  const targetWidth = isSparse(loss) ? 1 : units;
  const fused = (kernel: LossKernel): LossRoute => ({
    kernel,
    onPreActivation: true,
    targetWidth,
    writesOutput: kernel !== 'bceLogits',
  });
  const onOutput = (kernel: LossKernel): LossRoute => ({
    kernel,
    onPreActivation: false,
    targetWidth,
    writesOutput: false,
  });
  if (!loss.fromLogits) {
    if (act === 'softmax' && loss.name === 'categoricalCrossentropy') return fused('softmaxCrossEntropy');
    if (act === 'softmax' && loss.name === 'sparseCategoricalCrossentropy') return fused('sparseSoftmaxCrossEntropy');
    if (act === 'sigmoid' && loss.name === 'binaryCrossentropy') return fused('bceLogits');
  }
  switch (loss.name) {
    case 'meanSquaredError':
      return onOutput('mse');
    case 'sumSquaredError':
      return onOutput('sse');
    case 'binaryCrossentropy':
      return onOutput(loss.fromLogits ? 'bceOnLogits' : 'bce');
    case 'categoricalCrossentropy':
      return onOutput('softmaxCrossEntropyOnLogits');
    case 'sparseCategoricalCrossentropy':
      return onOutput('sparseSoftmaxCrossEntropyOnLogits');
  }
}

/**
 * Runs the route's kernel: `input` is the logits (onPreActivation) or the output, rows x cols; `target`
 * rows x targetWidth; `grad` is overwritten with the loss gradient; `output` and `probs` receive the
 * softmax where the kernel computes one. Returns the batch loss.
 */
export function runLossRoute(
  route: LossRoute,
  b: Backend,
  rows: number,
  cols: number,
  input: Float32Array,
  target: Float32Array,
  output: Float32Array,
  probs: Float32Array,
  grad: Float32Array,
): number {
  switch (route.kernel) {
    case 'softmaxCrossEntropy':
      return b.softmaxCrossEntropy(rows, cols, input, target, output, grad);
    case 'sparseSoftmaxCrossEntropy':
      return b.sparseSoftmaxCrossEntropy(rows, cols, input, target, output, grad);
    case 'bceLogits':
      return b.bceLogitsLoss(rows, cols, input, target, grad);
    case 'mse':
      return b.mseLoss(rows, cols, input, target, grad);
    case 'sse':
      return b.sseLoss(rows, cols, input, target, grad);
    case 'bce':
      return b.bceLoss(rows, cols, input, target, grad);
    case 'bceOnLogits':
      return b.bceLogitsLoss(rows, cols, input, target, grad);
    case 'softmaxCrossEntropyOnLogits':
      return b.softmaxCrossEntropy(rows, cols, input, target, probs, grad);
    case 'sparseSoftmaxCrossEntropyOnLogits':
      return b.sparseSoftmaxCrossEntropy(rows, cols, input, target, probs, grad);
  }
}
