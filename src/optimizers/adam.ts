import type { Backend } from '../backends/contract.js';
import { numberOption, Optimizer, type OptimizerArgs } from './optimizer.js';

/** The options of optimizers.adam (Keras Adam; default learning rate 1e-3). */
export interface AdamArgs extends OptimizerArgs {
  /** The decay of the first moment m. Default 0.9. */
  beta1?: number;
  /** The decay of the second moment v. Default 0.999. */
  beta2?: number;
  /** Added to sqrt(v) in the denominator. Default 1e-7. */
  epsilon?: number;
}

/** The options of optimizers.adamw (Keras AdamW). */
export interface AdamWArgs extends AdamArgs {
  /** Decoupled weight decay (Keras AdamW default 0.004): w -= lr * weightDecay * w before the Adam step. */
  weightDecay?: number;
}

/**
 * Adam with bias correction (Kingma and Ba 2015; Keras defaults lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7):
 * the moments m, v and their corrections; t is the step number from 1. AdamW adds decoupled weight decay
 * (Loshchilov and Hutter 2019). Both are computed in float32 as PyTorch's torch.optim.Adam and AdamW do (the
 * backends' adamStep), with Keras's default epsilon.
 */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly slotNames = ['m', 'v'] as const;
  /** The decay of the first moment. */
  readonly beta1: number;
  /** The decay of the second moment. */
  readonly beta2: number;
  /** Added to sqrt(v) in the denominator. */
  readonly epsilon: number;
  /** The decoupled weight decay (0 for Adam). */
  readonly weightDecay: number;

  constructor(args: AdamWArgs = {}, decoupledDecay = 0) {
    super(args, 0.001);
    this.beta1 = numberOption(args.beta1, 0.9, 'adam beta1', 0, 1, false, true);
    this.beta2 = numberOption(args.beta2, 0.999, 'adam beta2', 0, 1, false, true);
    this.epsilon = numberOption(args.epsilon, 1e-7, 'adam epsilon', 0, Infinity, false, true);
    this.weightDecay = numberOption(args.weightDecay, decoupledDecay, 'adamw weightDecay', 0, Infinity, false, true);
  }

  protected applyUpdate(
    b: Backend,
    n: number,
    lr: number,
    params: Float32Array,
    grads: Float32Array,
    slots: Float32Array[],
  ): void {
    // this.iterations was already advanced by step(): it is this update's t.
    b.adamStep(
      n,
      lr,
      this.beta1,
      this.beta2,
      this.epsilon,
      this.iterations,
      this.weightDecay,
      params,
      grads,
      slots[0],
      slots[1],
    );
  }

  protected ownConfig(): Record<string, number | boolean> {
    const config: Record<string, number | boolean> = { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    if (this.className === 'AdamW') config.weightDecay = this.weightDecay;
    return config;
  }
}

export class AdamW extends Adam {
  override readonly className: string = 'AdamW';
  constructor(args: AdamWArgs = {}) {
    super(args, 0.004);
  }
}
