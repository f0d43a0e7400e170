import type { Backend } from '../backends/contract.js';
import { numberOption, Optimizer, type OptimizerArgs } from './optimizer.js';

/** The options of optimizers.sgd (Keras SGD; default learning rate 0.01). */
export interface SgdArgs extends OptimizerArgs {
  /** Keras default 0 (plain gradient descent). */
  momentum?: number;
  /** Nesterov momentum instead of the classical one. Default false. */
  nesterov?: boolean;
  /** Coupled L2 weight decay: g' = g + weightDecay * w (PyTorch SGD's weight_decay). */
  weightDecay?: number;
}

/**
 * Gradient descent (Keras SGD, lr 0.01): w -= lr g'; with momentum, as Keras: v = momentum v - lr g',
 * w += v (Nesterov: w += momentum v - lr g'). One velocity slot.
 */
export class Sgd extends Optimizer {
  readonly className = 'SGD';
  /** The momentum in [0, 1]; 0 is plain gradient descent. */
  readonly momentum: number;
  /** Whether the momentum is Nesterov's. */
  readonly nesterov: boolean;
  /** The coupled L2 weight decay. */
  readonly weightDecay: number;
  readonly slotNames: readonly string[];

  constructor(args: SgdArgs = {}) {
    super(args, 0.01);
    this.momentum = numberOption(args.momentum, 0, 'sgd momentum', 0, 1);
    this.nesterov = args.nesterov ?? false;
    this.weightDecay = numberOption(args.weightDecay, 0, 'sgd weightDecay', 0, Infinity, false, true);
    this.slotNames = this.momentum > 0 || this.nesterov ? ['velocity'] : [];
  }

  protected applyUpdate(
    b: Backend,
    n: number,
    lr: number,
    params: Float32Array,
    grads: Float32Array,
    slots: Float32Array[],
  ): void {
    // Coupled weight decay is an L2 term of the gradient, g' = g + weightDecay * w, added to it in place.
    if (this.weightDecay > 0) b.regularizerGradient(n, 0, this.weightDecay, params, grads);
    if (this.slotNames.length === 0) b.sgdStep(n, lr, params, grads);
    else b.momentumStep(n, lr, this.momentum, this.nesterov, params, grads, slots[0]);
  }

  protected ownConfig(): Record<string, number | boolean> {
    return { momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
}
