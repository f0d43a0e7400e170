import type { Backend } from '../backends/contract.js';
import { numberOption, Optimizer, type OptimizerArgs } from './optimizer.js';

/** The options of optimizers.rmsprop (Keras RMSprop). */
export interface RmspropArgs extends OptimizerArgs {
  /** Keras default 0.9. */
  rho?: number;
  /** Keras default 1e-7. */
  epsilon?: number;
}

/**
 * RMSProp (Keras defaults lr 0.001): h = rho h + (1 - rho) g^2; w -= lr g / (sqrt(h) + epsilon), computed in
 * float32 as PyTorch's torch.optim.RMSprop does (the backends' rmspropStep).
 */
export class Rmsprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly slotNames = ['meanSquare'] as const;
  /** The decay of the mean square h. */
  readonly rho: number;
  /** Added to sqrt(h) in the denominator. */
  readonly epsilon: number;

  constructor(args: RmspropArgs = {}) {
    super(args, 0.001);
    this.rho = numberOption(args.rho, 0.9, 'rmsprop rho', 0, 1, false, true);
    this.epsilon = numberOption(args.epsilon, 1e-7, 'rmsprop epsilon', 0, Infinity, false, true);
  }

  protected applyUpdate(
    b: Backend,
    n: number,
    lr: number,
    params: Float32Array,
    grads: Float32Array,
    slots: Float32Array[],
  ): void {
    b.rmspropStep(n, lr, this.rho, this.epsilon, params, grads, slots[0]);
  }

  protected ownConfig(): Record<string, number | boolean> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}
