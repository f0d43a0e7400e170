import { type Initializer, initializerToConfig, resolveInitializer } from '../initializers.js';
import { type Constraint, type Regularizer, resolveConstraint, resolveRegularizer } from '../regularizers.js';
import { type ActivationIdentifier, type ResolvedActivation, resolveActivation } from './activation-kind.js';
import { Layer, type LayerArgs, type Weight } from './layer.js';

/** The options of a layer with a kernel W, an optional bias b and an activation f (Keras Dense and Conv2D). */
export interface KernelLayerArgs extends LayerArgs {
  /** The activation f applied to z = x W + b (a convolution's z: conv(x, W) + b). Default 'linear'. */
  activation?: ActivationIdentifier;
  /** Slope of leakyRelu / alpha of elu. */
  activationAlpha?: number;
  /** Whether the layer adds a bias (one per unit or filter). Default true. */
  useBias?: boolean;
  /** An initializer or its name, for W. Default 'glorotUniform'. */
  kernelInitializer?: string | Initializer;
  /** An initializer or its name, for b. Default 'zeros'. */
  biasInitializer?: string | Initializer;
  /** A penalty on W added to the loss ('l1', 'l2' or a regularizer). Default none. */
  kernelRegularizer?: string | Regularizer;
  /** A penalty on b added to the loss. Default none. */
  biasRegularizer?: string | Regularizer;
  /**
   * A constraint applied to W after every update ('maxNorm' or a constraint; on a convolution kernel it
   * holds for each filter's weights). Default none.
   */
  kernelConstraint?: string | Constraint;
}

/**
 * A layer with a kernel W, an optional bias b and an activation f (Dense, Conv2D): the options both take
 * with Keras' names and defaults, resolved once here, the weights they declare and the config they save.
 */
export abstract class KernelLayer extends Layer {
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
  protected kernel!: Weight;
  protected bias: Weight | undefined;

  constructor(args: KernelLayerArgs, defaultPrefix: string) {
    super(args, defaultPrefix);
    const where = `layer ${this.name}`;
    this.activation = resolveActivation(args.activation, where, args.activationAlpha);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = resolveInitializer(
      args.kernelInitializer ?? 'glorotUniform',
      `${where}: kernelInitializer`,
    );
    this.biasInitializer = resolveInitializer(args.biasInitializer ?? 'zeros', `${where}: biasInitializer`);
    this.kernelRegularizer = resolveRegularizer(args.kernelRegularizer, `${where}: kernelRegularizer`);
    this.biasRegularizer = resolveRegularizer(args.biasRegularizer, `${where}: biasRegularizer`);
    this.kernelConstraint = resolveConstraint(args.kernelConstraint, `${where}: kernelConstraint`);
  }

  /**
   * Declares W of `kernelShape` and, with useBias, b of `biasLength`, with this layer's initializers,
   * penalties and constraint; `fans` are W's [fan in, fan out] where they are not its first two sizes.
   */
  protected addKernelAndBias(kernelShape: number[], biasLength: number, fans?: readonly [number, number]): void {
    this.kernel = this.addWeight('kernel', kernelShape, this.kernelInitializer, true, {
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
      fans,
    });
    if (this.useBias)
      this.bias = this.addWeight('bias', [biasLength], this.biasInitializer, true, {
        regularizer: this.biasRegularizer,
      });
  }

  /** The saved options this class resolves, in the order a topology lists them after the layer's own. */
  protected kernelConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
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
