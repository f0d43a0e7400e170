import { checkOptions } from '../options.js';
import { glorotUniform, type Initializer, initializerToConfig, resolveInitializer } from '../initializers.js';
import { describeValue } from '../describe-value.js';
import { ConfigError } from '../errors.js';
import {
  type ActivationIdentifier,
  activationBackward,
  activationForward,
  isLinear,
  type ResolvedActivation,
  resolveActivation,
} from './activation-kind.js';
import {
  formatShape,
  Layer,
  type LayerArgs,
  type OutputActivation,
  type Planner,
  type Runtime,
  sameShape,
  type Slice,
  view,
  type Weight,
} from './layer.js';
import { linearBackward } from './linear-backward.js';

/** The options of layers.residual. */
export interface ResidualArgs extends LayerArgs {
  /** The stack F whose output is added to the block's input. */
  layers: Layer[];
  /** Applied after the addition (the ResNet block of He et al. uses relu). Default linear. */
  activation?: ActivationIdentifier;
  /** Initialiser of the projection W_s used when F changes the width. */
  projectionInitializer?: string | Initializer;
}

/**
 * A residual block (He et al., "Deep Residual Learning for Image Recognition", 2015, eq. 1 and 2):
 * y = f(F(x) + P(x)), where P is the identity when F keeps the width and a learned linear projection x W_s
 * (in x units, no bias) when it does not.
 * Buffers: x rows x in; the stack's own buffers; s = F(x) + P(x) and y rows x units (s is y when f is
 * linear); dy rows x units, which serves as ds and then as the stack's output gradient; dxStack rows x in.
 * Backward: ds = f'(s) dy; dx = ds W_s^T (or ds) + dStack/dx; dW_s = x^T ds.
 */
export class Residual extends Layer {
  readonly className = 'Residual';
  /** The stack F. */
  readonly inner: Layer[];
  /** The activation applied after the addition. */
  readonly activation: ResolvedActivation;
  private readonly projectionInitializer: Initializer;
  private projection: Weight | undefined;
  private sum!: Slice;
  private dStackInput: Slice | null = null;

  constructor(args: ResidualArgs) {
    super(checkOptions(args, 'layers.residual', '{ layers: [layers.dense({ units: 8 })] }'), 'residual');
    if (!Array.isArray(args.layers) || args.layers.length === 0) {
      throw new ConfigError(
        `backprop: layer ${this.name}: layers.residual needs { layers: [at least one layer] }; got layers: ${describeValue(args.layers)}`,
      );
    }
    for (const [i, l] of args.layers.entries()) {
      if (!(l instanceof Layer))
        throw new ConfigError(
          `backprop: layer ${this.name}: layers[${i}] is not a layer (make it with layers.dense(...) etc.); got ${describeValue(l)}`,
        );
    }
    this.inner = [...args.layers];
    this.activation = resolveActivation(args.activation, `layer ${this.name}`);
    this.projectionInitializer = resolveInitializer(
      args.projectionInitializer ?? glorotUniform(),
      `layer ${this.name}: projectionInitializer`,
    );
  }

  override sublayers(): Layer[] {
    return this.inner;
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    let shape = inputShape;
    for (const layer of this.inner) shape = layer.build(shape);
    if (!sameShape(shape, inputShape)) {
      if (shape.length !== 1 || inputShape.length !== 1) {
        throw new ConfigError(
          `backprop: layer ${this.name}: the stack turns ${formatShape(inputShape)} into ${formatShape(shape)}; a residual block adds its input to its output, so the shapes must agree`,
        );
      }
      this.projection = this.addWeight('projection', [inputShape[0], shape[0]], this.projectionInitializer, true);
    }
    return shape;
  }

  override plan(planner: Planner, input: Slice, dInput: Slice | null, dOutput?: Slice): Slice {
    this.input = input;
    this.dInput = dInput;
    // The stack's output gradient is this block's dy (consumed by the shortcut first).
    this.dOutput = dOutput ?? planner.take(planner.rows * this.units);
    this.dStackInput = dInput ? planner.take(planner.rows * this.inputUnits) : null;
    let current = input;
    for (const [i, layer] of this.inner.entries()) {
      const last = i === this.inner.length - 1;
      const dIn = i === 0 ? this.dStackInput : this.inner[i - 1].dOutput;
      current = layer.plan(planner, current, dIn, last ? this.dOutput : undefined);
    }
    this.sum = planner.take(planner.rows * this.units);
    this.output = isLinear(this.activation) ? this.sum : planner.take(planner.rows * this.units);
    return this.output;
  }

  forward(rt: Runtime, rows: number, training: boolean): void {
    for (const layer of this.inner) layer.forward(rt, rows, training);
    const b = rt.backend;
    const n = rows * this.units;
    const s = view(rt.work, this.sum, n);
    const x = view(rt.work, this.input, rows * this.inputUnits);
    if (this.projection)
      b.gemm(false, false, rows, this.units, this.inputUnits, 1, x, view(rt.params, this.projection.slice), 0, s);
    else b.copy(n, x, s);
    b.axpy(n, 1, view(rt.work, this.inner[this.inner.length - 1].output, n), s);
    if (!isLinear(this.activation))
      activationForward(b, this.activation, rows, this.units, s, view(rt.work, this.output, n));
  }

  backward(rt: Runtime, rows: number, gradIsPreActivation: boolean): void {
    const b = rt.backend;
    const n = rows * this.units;
    const ds = view(rt.work, this.dOutput, n);
    if (!gradIsPreActivation && !isLinear(this.activation)) {
      activationBackward(
        b,
        this.activation,
        rows,
        this.units,
        view(rt.work, this.sum, n),
        view(rt.work, this.output, n),
        ds,
        ds,
      );
    }
    const x = view(rt.work, this.input, rows * this.inputUnits);
    // The shortcut's share, before the stack overwrites ds in its own backward pass.
    if (this.projection) {
      const dx = this.dInput ? view(rt.work, this.dInput, rows * this.inputUnits) : null;
      const w = view(rt.params, this.projection.slice);
      linearBackward(b, rows, this.inputUnits, this.units, x, ds, w, view(rt.grads, this.projection.slice), dx);
    } else if (this.dInput) {
      b.copy(n, ds, view(rt.work, this.dInput, n));
    }
    for (let i = this.inner.length - 1; i >= 0; i--) this.inner[i].backward(rt, rows, false);
    if (this.dInput && this.dStackInput) {
      const m = rows * this.inputUnits;
      b.axpy(m, 1, view(rt.work, this.dStackInput, m), view(rt.work, this.dInput, m));
    }
  }

  override outputActivation(): OutputActivation | null {
    return { activation: this.activation, pre: this.sum };
  }

  getConfig(): Record<string, unknown> {
    return {
      ...this.baseConfig(),
      activation: this.activation.name,
      projectionInitializer: initializerToConfig(this.projectionInitializer),
      layers: this.inner.map((l) => ({ className: l.className, config: l.getConfig() })),
    };
  }
}
