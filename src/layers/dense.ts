import { checkOptions } from '../options.js';
import { type Initializer, initializerToConfig, resolveInitializer } from '../initializers.js';
import { type Constraint, type Regularizer, resolveConstraint, resolveRegularizer } from '../regularizers.js';
import { type ActivationIdentifier, isLinear, type ResolvedActivation, resolveActivation } from './activation-kind.js';
import { activationBiasBackward, biasActivationForward } from './bias-activation.js';
import {
  checkPositiveInteger,
  checkRank,
  Layer,
  type LayerArgs,
  type OutputActivation,
  type Planner,
  type Runtime,
  type Slice,
  view,
  type Weight,
} from './layer.js';
import { linearBackward } from './linear-backward.js';

/** The options of layers.dense, as Keras names them. */
export interface DenseArgs extends LayerArgs {
  /** The number of outputs. */
  units: number;
  /** The activation f applied to z = x W + b. Default 'linear'. */
  activation?: ActivationIdentifier;
  /** Slope of leakyRelu / alpha of elu. */
  activationAlpha?: number;
  /** Whether the layer adds a bias b. Default true. */
  useBias?: boolean;
  /** An initializer or its name, for W. Default 'glorotUniform'. */
  kernelInitializer?: string | Initializer;
  /** An initializer or its name, for b. Default 'zeros'. */
  biasInitializer?: string | Initializer;
  /** A penalty on W added to the loss ('l1', 'l2' or a regularizer). Default none. */
  kernelRegularizer?: string | Regularizer;
  /** A penalty on b added to the loss. Default none. */
  biasRegularizer?: string | Regularizer;
  /** A constraint applied to W after every update ('maxNorm' or a constraint). Default none. */
  kernelConstraint?: string | Constraint;
}

/**
 * Fully connected layer: z = x W + b, y = f(z).
 * Buffers (rows = batch): x rows x in, W in x units (kernel), b units, z and y rows x units (z is y when
 * the activation is linear), dy rows x units (overwritten in place with dz), dx rows x in.
 * Backward: dW = x^T dz (gemm TN), db = column sums of dz, dx = dz W^T (gemm NT). The bias and f run
 * as bias-activation.ts describes.
 */
export class Dense extends Layer {
  readonly className = 'Dense';
  /** The activation f. */
  readonly activation: ResolvedActivation;
  /** Whether the layer adds a bias. */
  readonly useBias: boolean;
  /** The initializer of W. */
  readonly kernelInitializer: Initializer;
  /** The initializer of b. */
  readonly biasInitializer: Initializer;
  /** The penalty on W, if any. */
  readonly kernelRegularizer?: Regularizer;
  /** The penalty on b, if any. */
  readonly biasRegularizer?: Regularizer;
  /** The constraint on W, if any. */
  readonly kernelConstraint?: Constraint;
  private kernel!: Weight;
  private bias: Weight | undefined;
  private pre!: Slice;

  constructor(args: DenseArgs) {
    super(checkOptions(args, 'layers.dense', '{ units: 8 }'), 'dense');
    this.units = checkPositiveInteger(args.units, `layer ${this.name}: units`);
    this.activation = resolveActivation(args.activation, `layer ${this.name}`, args.activationAlpha);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = resolveInitializer(
      args.kernelInitializer ?? 'glorotUniform',
      `layer ${this.name}: kernelInitializer`,
    );
    this.biasInitializer = resolveInitializer(args.biasInitializer ?? 'zeros', `layer ${this.name}: biasInitializer`);
    this.kernelRegularizer = resolveRegularizer(args.kernelRegularizer, `layer ${this.name}: kernelRegularizer`);
    this.biasRegularizer = resolveRegularizer(args.biasRegularizer, `layer ${this.name}: biasRegularizer`);
    this.kernelConstraint = resolveConstraint(args.kernelConstraint, `layer ${this.name}: kernelConstraint`);
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    checkRank(this, inputShape, 1, '[features]', 'add layers.flatten() before it');
    const inputUnits = inputShape[0];
    this.kernel = this.addWeight('kernel', [inputUnits, this.units], this.kernelInitializer, true, {
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    if (this.useBias)
      this.bias = this.addWeight('bias', [this.units], this.biasInitializer, true, {
        regularizer: this.biasRegularizer,
      });
    return [this.units];
  }

  protected override planOutput(planner: Planner): Slice {
    this.pre = planner.take(planner.rows * this.units);
    return isLinear(this.activation) ? this.pre : planner.take(planner.rows * this.units);
  }

  forward(rt: Runtime, rows: number, _training: boolean, outputByLoss = false): void {
    const b = rt.backend;
    const n = rows * this.units;
    const z = view(rt.work, this.pre, n);
    b.gemm(
      false,
      false,
      rows,
      this.units,
      this.inputUnits,
      1,
      view(rt.work, this.input, rows * this.inputUnits),
      view(rt.params, this.kernel.slice),
      0,
      z,
    );
    const bias = this.bias ? view(rt.params, this.bias.slice) : null;
    if (outputByLoss) {
      // The loss takes the logits (a fused softmax cross-entropy): the activation is not applied.
      if (bias) b.biasAdd(rows, this.units, bias, z);
      return;
    }
    biasActivationForward(b, this.activation, rows, this.units, bias, z, view(rt.work, this.output, n));
  }

  backward(rt: Runtime, rows: number, gradIsPreActivation: boolean): void {
    const b = rt.backend;
    const n = rows * this.units;
    const dz = view(rt.work, this.dOutput, n);
    const z = view(rt.work, this.pre, n);
    const dbias = this.bias ? view(rt.grads, this.bias.slice) : null;
    activationBiasBackward(
      b,
      this.activation,
      rows,
      this.units,
      gradIsPreActivation,
      z,
      view(rt.work, this.output, n),
      dz,
      dbias,
    );
    const x = view(rt.work, this.input, rows * this.inputUnits);
    const dx = this.dInput ? view(rt.work, this.dInput, rows * this.inputUnits) : null;
    const w = view(rt.params, this.kernel.slice);
    linearBackward(b, rows, this.inputUnits, this.units, x, dz, w, view(rt.grads, this.kernel.slice), dx);
  }

  override outputActivation(): OutputActivation | null {
    return { activation: this.activation, pre: this.pre };
  }

  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...this.baseConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: initializerToConfig(this.kernelInitializer),
      biasInitializer: initializerToConfig(this.biasInitializer),
    };
    if (this.activation.name === 'leakyRelu' || this.activation.name === 'elu')
      config.activationAlpha = this.activation.alpha;
    if (this.kernelRegularizer) config.kernelRegularizer = { ...this.kernelRegularizer };
    if (this.biasRegularizer) config.biasRegularizer = { ...this.biasRegularizer };
    if (this.kernelConstraint) config.kernelConstraint = { ...this.kernelConstraint };
    return config;
  }
}
