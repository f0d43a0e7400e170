import { checkOptions } from '../options.js';
import { describeValue } from '../describe-value.js';
import { type Initializer, initializerToConfig, ones, resolveInitializer, zeros } from '../initializers.js';
import {
  checkRange,
  Layer,
  type LayerArgs,
  type Planner,
  type Runtime,
  shapeSize,
  type Slice,
  view,
  type Weight,
} from './layer.js';

/** The options of layers.batchNormalization, as Keras names them. */
export interface BatchNormalizationArgs extends LayerArgs {
  /** Keras default 0.99: running = momentum * running + (1 - momentum) * batch. */
  momentum?: number;
  /** Keras default 1e-3. */
  epsilon?: number;
  /** The initializer of the scale gamma. Default 'ones'. */
  gammaInitializer?: string | Initializer;
  /** The initializer of the shift beta. Default 'zeros'. */
  betaInitializer?: string | Initializer;
  /** The initializer of the running mean. Default zeros. */
  movingMeanInitializer?: string | Initializer;
  /** The initializer of the running variance. Default ones. */
  movingVarianceInitializer?: string | Initializer;
}

/**
 * Batch normalisation over the last axis (Ioffe and Szegedy, 2015, Algorithm 1; Keras BatchNormalization
 * with its default axis -1): in training, each feature, or each channel of an image, is normalised with
 * the mean and biased variance over the batch (and over every pixel of an image: a channels-last batch
 * of [h, w, c] samples is a (batch * h * w) x c matrix), then scaled by gamma and shifted by beta; the
 * running statistics follow the batch ones; in inference the running statistics are used.
 * Buffers: x, y, dy, dx (batch * positions) x channels; gamma, beta, moving_mean, moving_variance,
 * saveMean, saveInvStd channels.
 */
export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  /** The weight of the old running statistics in their update. */
  readonly momentum: number;
  /** Added to the variance before its square root is taken. */
  readonly epsilon: number;
  private readonly initializers: Initializer[];
  private gamma!: Weight;
  private beta!: Weight;
  private movingMean!: Weight;
  private movingVariance!: Weight;
  /** The size of the last axis: the features, or an image's channels. */
  private channels = 0;
  /** The values per sample that share one channel's statistics (h * w for an image, 1 for features). */
  private positions = 0;
  private saveMean!: Slice;
  private saveInvStd!: Slice;
  /** Whether the last forward was a training one (the backward needs its saved statistics). */
  private trainedForward = false;

  constructor(args: BatchNormalizationArgs = {}) {
    super(
      (args = checkOptions(args, 'layers.batchNormalization', '{ momentum: 0.99, epsilon: 1e-3 }', true)),
      'batch_normalization',
    );
    this.momentum = checkRange(args.momentum ?? 0.99, 0, 1, `layer ${this.name}: momentum`);
    const epsilon = args.epsilon ?? 1e-3;
    if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon)) {
      throw new RangeError(
        `backprop: layer ${this.name}: epsilon must be a positive number; got ${describeValue(epsilon)}`,
      );
    }
    this.epsilon = epsilon;
    this.initializers = [
      resolveInitializer(args.gammaInitializer ?? 'ones', `layer ${this.name}: gammaInitializer`),
      resolveInitializer(args.betaInitializer ?? 'zeros', `layer ${this.name}: betaInitializer`),
      resolveInitializer(args.movingMeanInitializer ?? zeros(), `layer ${this.name}: movingMeanInitializer`),
      resolveInitializer(args.movingVarianceInitializer ?? ones(), `layer ${this.name}: movingVarianceInitializer`),
    ];
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    const [g, b, m, v] = this.initializers;
    const channels = inputShape[inputShape.length - 1];
    this.channels = channels;
    this.positions = shapeSize(inputShape) / channels;
    this.gamma = this.addWeight('gamma', [channels], g, true);
    this.beta = this.addWeight('beta', [channels], b, true);
    this.movingMean = this.addWeight('moving_mean', [channels], m, false);
    this.movingVariance = this.addWeight('moving_variance', [channels], v, false);
    return inputShape;
  }

  protected override planScratch(planner: Planner): void {
    this.saveMean = planner.take(this.channels);
    this.saveInvStd = planner.take(this.channels);
  }

  forward(rt: Runtime, rows: number, training: boolean): void {
    const n = rows * this.units;
    const x = view(rt.work, this.input, n);
    const y = view(rt.work, this.output, n);
    if (training) {
      rt.backend.batchNormForwardTrain(
        rows * this.positions,
        this.channels,
        this.epsilon,
        this.momentum,
        x,
        view(rt.params, this.gamma.slice),
        view(rt.params, this.beta.slice),
        view(rt.state, this.movingMean.slice),
        view(rt.state, this.movingVariance.slice),
        y,
        view(rt.work, this.saveMean),
        view(rt.work, this.saveInvStd),
      );
    } else {
      rt.backend.batchNormForwardInference(
        rows * this.positions,
        this.channels,
        this.epsilon,
        x,
        view(rt.params, this.gamma.slice),
        view(rt.params, this.beta.slice),
        view(rt.state, this.movingMean.slice),
        view(rt.state, this.movingVariance.slice),
        y,
      );
    }
    this.trainedForward = training;
  }

  backward(rt: Runtime, rows: number, _gradIsPreActivation: boolean): void {
    if (!this.trainedForward) throw new Error(`backprop: layer ${this.name}: backward needs a training forward first`);
    const n = rows * this.units;
    const dy = view(rt.work, this.dOutput, n);
    // dx may alias dy, so without an input gradient to produce, dy serves as the throwaway dx.
    const dx = this.dInput ? view(rt.work, this.dInput, n) : dy;
    rt.backend.batchNormBackward(
      rows * this.positions,
      this.channels,
      view(rt.work, this.input, n),
      view(rt.params, this.gamma.slice),
      view(rt.work, this.saveMean),
      view(rt.work, this.saveInvStd),
      dy,
      dx,
      view(rt.grads, this.gamma.slice),
      view(rt.grads, this.beta.slice),
    );
  }

  getConfig(): Record<string, unknown> {
    const [g, b, m, v] = this.initializers;
    return {
      ...this.baseConfig(),
      momentum: this.momentum,
      epsilon: this.epsilon,
      gammaInitializer: initializerToConfig(g),
      betaInitializer: initializerToConfig(b),
      movingMeanInitializer: initializerToConfig(m),
      movingVarianceInitializer: initializerToConfig(v),
    };
  }
}
