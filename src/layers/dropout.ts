import { checkOptions } from '../options.js';
import { checkRange, Layer, type LayerArgs, type Planner, type Runtime, type Slice, view } from './layer.js';

/** The options of layers.dropout. */
export interface DropoutArgs extends LayerArgs {
  /** Fraction of the inputs dropped in training, in [0, 1). */
  rate: number;
}

/**
 * Inverted dropout (Srivastava et al., 2014, scaled at training time as Keras does: A * D / keepProb, D the
 * 0/1 mask): in training each value is kept with probability keepProb = 1 - rate and scaled by
 * 1 / (1 - rate), so inference is the identity. The mask (rows x units, 0 or 1) comes from the model's
 * seeded Random and is kept for the backward pass.
 */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  override readonly drawsRandomNumbers: boolean = true;
  /** The fraction of the inputs dropped in training. */
  readonly rate: number;
  private mask!: Slice;
  private trainedForward = false;

  constructor(args: DropoutArgs) {
    super(checkOptions(args, 'layers.dropout', '{ rate: 0.5 }'), 'dropout');
    this.rate = checkRange(args.rate, 0, 1, `layer ${this.name}: rate`, true);
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    return inputShape;
  }

  protected override planScratch(planner: Planner): void {
    this.mask = planner.take(planner.rows * this.units);
  }

  forward(rt: Runtime, rows: number, training: boolean): void {
    const n = rows * this.units;
    const x = view(rt.work, this.input, n);
    const y = view(rt.work, this.output, n);
    this.trainedForward = training;
    if (!training) {
      rt.backend.copy(n, x, y);
      return;
    }
    const mask = view(rt.work, this.mask, n);
    if (!rt.reuseMasks) rt.random.fillDropoutMask(mask, this.rate);
    rt.backend.dropoutForward(n, this.rate, mask, x, y);
  }

  backward(rt: Runtime, rows: number, _gradIsPreActivation: boolean): void {
    if (!this.dInput) return;
    const n = rows * this.units;
    const dy = view(rt.work, this.dOutput, n);
    const dx = view(rt.work, this.dInput, n);
    if (this.trainedForward) rt.backend.dropoutBackward(n, this.rate, view(rt.work, this.mask, n), dy, dx);
    else rt.backend.copy(n, dy, dx);
  }

  getConfig(): Record<string, unknown> {
    return { ...this.baseConfig(), rate: this.rate };
  }
}
