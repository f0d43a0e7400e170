import type { Backend } from '../backends/contract.js';
import { numberOption, Optimizer, type OptimizerArgs } from './optimizer.js';

export interface SgdArgs extends OptimizerArgs {
  /** Keras default 0 (plain gradient descent). */
  momentum?: number;
  nesterov?: boolean;
  /** Coupled L2 weight decay, the seeds' form: g' = g + weightDecay * w. */
  weightDecay?: number;
}

/**
 * Gradient descent (Keras SGD, lr 0.01): w -= lr g'; with momentum the seeds' v = momentum v - lr g',
 * w += v (Nesterov: w += momentum v - lr g'). One velocity slot.
 */
export class Sgd extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly slotNames: readonly string[];

  constructor(args: SgdArgs = {}) {
    super(args, 0.01);
    this.momentum = numberOption(args.momentum, 0, 'sgd momentum', 0, 1);
    this.nesterov = args.nesterov ?? false;
    this.weightDecay = numberOption(args.weightDecay, 0, 'sgd weightDecay', 0, Infinity, false, true);
    this.slotNames = this.momentum > 0 || this.nesterov ? ['velocity'] : [];
  }

  protected applyUpdate(b: Backend, n: number, lr: number, params: Float32Array, grads: Float32Array, slots: Float32Array[]): void {
    if (this.slotNames.length === 0) b.sgdStep(n, lr, 0, this.weightDecay, params, grads);
    else b.momentumStep(n, lr, this.momentum, this.nesterov, 0, this.weightDecay, params, grads, slots[0]);
  }

  protected ownConfig(): Record<string, number | boolean> {
    return { momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
}
