import { checkOptions } from '../options.js';
import {
  type ActivationIdentifier,
  activationBackward,
  activationForward,
  isLinear,
  type ResolvedActivation,
  resolveActivation,
} from './activation-kind.js';
import { Layer, type LayerArgs, type OutputActivation, type Runtime, view } from './layer.js';

/** The options of layers.activation. */
export interface ActivationArgs extends LayerArgs {
  /** The activation f. */
  activation: ActivationIdentifier;
  /** Slope of leakyRelu / alpha of elu. */
  alpha?: number;
}

/** y = f(x) as a layer of its own; softmax over the last axis (see Layer.lastAxis). x, y, dy, dx: rows x units. */
export class ActivationLayer extends Layer {
  readonly className = 'Activation';
  /** The activation f. */
  readonly activation: ResolvedActivation;

  constructor(args: ActivationArgs) {
    super(checkOptions(args, 'layers.activation', "{ activation: 'relu' }"), 'activation');
    this.activation = resolveActivation(args.activation, `layer ${this.name}`, args.alpha);
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    return inputShape;
  }

  forward(rt: Runtime, rows: number, _training: boolean): void {
    const n = rows * this.units;
    const x = view(rt.work, this.input, n);
    const y = view(rt.work, this.output, n);
    if (isLinear(this.activation)) rt.backend.copy(n, x, y);
    else activationForward(rt.backend, this.activation, n / this.lastAxis, this.lastAxis, x, y);
  }

  backward(rt: Runtime, rows: number, gradIsPreActivation: boolean): void {
    if (!this.dInput) return;
    const n = rows * this.units;
    const dy = view(rt.work, this.dOutput, n);
    const dx = view(rt.work, this.dInput, n);
    if (gradIsPreActivation || isLinear(this.activation)) rt.backend.copy(n, dy, dx);
    else
      activationBackward(
        rt.backend,
        this.activation,
        n / this.lastAxis,
        this.lastAxis,
        view(rt.work, this.input, n),
        view(rt.work, this.output, n),
        dy,
        dx,
      );
  }

  override outputActivation(): OutputActivation | null {
    return { activation: this.activation, pre: this.input };
  }

  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { ...this.baseConfig(), activation: this.activation.name };
    if (this.activation.name === 'leakyRelu' || this.activation.name === 'elu') config.alpha = this.activation.alpha;
    return config;
  }
}
