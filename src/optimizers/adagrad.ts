import type { Backend } from '../backends/contract.js';
import { numberOption, Optimizer, type OptimizerArgs } from './optimizer.js';

/** The options of optimizers.adagrad (Keras Adagrad). */
export interface AdagradArgs extends OptimizerArgs {
  /** Keras default 0.1. */
  initialAccumulatorValue?: number;
  /** Keras default 1e-7. */
  epsilon?: number;
}

/**
 * AdaGrad (Keras defaults lr 0.001): h += g^2; w -= lr g / (sqrt(h) + epsilon), computed in float32 as
 * PyTorch's torch.optim.Adagrad does (the backends' adagradStep). One accumulator slot.
 */
export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  readonly slotNames = ['accumulator'] as const;
  /** The starting value of the accumulator h. */
  readonly initialAccumulatorValue: number;
  /** Added to sqrt(h) in the denominator. */
  readonly epsilon: number;

  constructor(args: AdagradArgs = {}) {
    super(args, 0.001);
    this.initialAccumulatorValue = numberOption(
      args.initialAccumulatorValue,
      0.1,
      'adagrad initialAccumulatorValue',
      0,
      Infinity,
      false,
      true,
    );
    this.epsilon = numberOption(args.epsilon, 1e-7, 'adagrad epsilon', 0, Infinity, false, true);
  }

  override slotInitialValue(): number {
    return this.initialAccumulatorValue;
  }

  protected applyUpdate(
    b: Backend,
    n: number,
    lr: number,
    params: Float32Array,
    grads: Float32Array,
    slots: Float32Array[],
  ): void {
    b.adagradStep(n, lr, this.epsilon, params, grads, slots[0]);
  }

  protected ownConfig(): Record<string, number | boolean> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
