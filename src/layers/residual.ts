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
import { BatchNormalization } from './batch-normalization.js';
import { Conv2D } from './conv2d.js';
import { linearBackward } from './linear-backward.js';

/** The options of layers.residual. */
export interface ResidualArgs extends LayerArgs {
  /** The stack F whose output is added to the block's input. */
  layers: Layer[];
  /** Applied after the addition (the ResNet block of He et al. uses relu). Default linear. */
  activation?: ActivationIdentifier;
  /** Initialiser of the projection W_s used when F changes the shape. */
  projectionInitializer?: string | Initializer;
  /**
   * Whether a convolutional projection shortcut is followed by batch normalisation, as in ResNet's
   * downsampling shortcut (He et al. 2015; torchvision's resnet). Default false.
   */
  projectionBatchNormalization?: boolean;
}

/**
 * A residual block (He et al., "Deep Residual Learning for Image Recognition", 2015, eq. 1 and 2):
 * y = f(F(x) + P(x)), where P is the identity when F keeps the shape and a learned linear projection
 * when it does not: x W_s (in x units, no bias) for vectors; for images a 1 x 1 convolution without bias
 * whose strides take [h, w, c] to F's [oh, ow, filters] (the paper's option B), optionally followed by
 * batch normalisation. The ResNet basic block is F = conv-BN-relu-conv-BN with activation relu.
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
  private readonly projectionBatchNormalization: boolean;
  private projection: Weight | undefined;
  /** The convolutional projection (and its batch normalisation), for images whose shape F changes. */
  private shortcut: Layer[] = [];
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
    const normalize: unknown = args.projectionBatchNormalization ?? false;
    if (typeof normalize !== 'boolean')
      throw new TypeError(
        `backprop: layer ${this.name}: projectionBatchNormalization must be true or false; got ${describeValue(normalize)}`,
      );
    this.projectionBatchNormalization = normalize;
  }

  override sublayers(): Layer[] {
    return [...this.inner, ...this.shortcut];
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    let shape = inputShape;
    for (const layer of this.inner) shape = layer.build(shape);
    if (sameShape(shape, inputShape)) return shape;
    if (shape.length === 1 && inputShape.length === 1) {
      this.projection = this.addWeight('projection', [inputShape[0], shape[0]], this.projectionInitializer, true);
    } else if (shape.length === 3 && inputShape.length === 3) {
      this.shortcut = this.convolutionalShortcut(inputShape, shape);
    } else {
      throw new ConfigError(
        `backprop: layer ${this.name}: the stack turns ${formatShape(inputShape)} into ${formatShape(shape)}; a residual block adds its input to its output, so both must be vectors or both images`,
      );
    }
    return shape;
  }

  /** The 1 x 1 convolution (and batch normalisation) that takes [h, w, c] to [oh, ow, filters]. */
  private convolutionalShortcut(inputShape: readonly number[], shape: readonly number[]): Layer[] {
    const [h, w] = inputShape;
    const [oh, ow, filters] = shape;
    // A 1 x 1 window with stride s covers floor((size - 1) / s) + 1 positions.
    const strides = [h / oh, w / ow].map(Math.ceil) as [number, number];
    if (Math.floor((h - 1) / strides[0]) + 1 !== oh || Math.floor((w - 1) / strides[1]) + 1 !== ow) {
      throw new ConfigError(
        `backprop: layer ${this.name}: no strided 1 x 1 convolution takes the input ${formatShape(inputShape)} to the stack's output ${formatShape(shape)}`,
      );
    }
    const conv = new Conv2D({
      name: `${this.name}_projection`,
      filters,
      kernelSize: 1,
      strides,
      useBias: false,
      kernelInitializer: this.projectionInitializer,
    });
    const layers: Layer[] = [conv];
    if (this.projectionBatchNormalization) layers.push(new BatchNormalization({ name: `${this.name}_projection_bn` }));
    let current = inputShape;
    for (const layer of layers) current = layer.build(current);
    return layers;
  }

  override plan(planner: Planner, input: Slice, dInput: Slice | null, dOutput?: Slice): Slice {
    const step = planner.step();
    this.input = input;
    this.dInput = dInput;
    // The stack's output gradient is this block's dy (consumed by the shortcut first).
    this.dOutput = dOutput ?? planner.takeGradient(planner.rows * this.units);
    this.dStackInput = dInput ? planner.takeGradient(planner.rows * this.inputUnits) : null;
    // The shortcut's input gradient overwrites dInput; the stack's is added to it.
    let through = input;
    for (const [i, layer] of this.shortcut.entries()) {
      const last = i === this.shortcut.length - 1;
      const dIn = i === 0 ? dInput : this.shortcut[i - 1].dOutput;
      through = layer.plan(planner, through, dIn, last ? this.dOutput : undefined);
    }
    let current = input;
    for (const [i, layer] of this.inner.entries()) {
      const last = i === this.inner.length - 1;
      const dIn = i === 0 ? this.dStackInput : this.inner[i - 1].dOutput;
      current = layer.plan(planner, current, dIn, last ? this.dOutput : undefined);
    }
    this.sum = planner.take(planner.rows * this.units);
    this.output = isLinear(this.activation) ? this.sum : planner.take(planner.rows * this.units);
    // The block's backward reads dy before the layers inside it run theirs and adds into dx after them:
    // its gradients live through the steps of all of them.
    for (const gradient of [this.dOutput, dInput, this.dStackInput]) if (gradient) planner.use(gradient, step);
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
    else if (this.shortcut.length > 0) {
      for (const layer of this.shortcut) layer.forward(rt, rows, training);
      b.copy(n, view(rt.work, this.shortcut[this.shortcut.length - 1].output, n), s);
    } else b.copy(n, x, s);
    b.axpy(n, 1, view(rt.work, this.inner[this.inner.length - 1].output, n), s);
    if (!isLinear(this.activation))
      activationForward(b, this.activation, n / this.lastAxis, this.lastAxis, s, view(rt.work, this.output, n));
  }

  backward(rt: Runtime, rows: number, gradIsPreActivation: boolean): void {
    const b = rt.backend;
    const n = rows * this.units;
    const ds = view(rt.work, this.dOutput, n);
    if (!gradIsPreActivation && !isLinear(this.activation)) {
      activationBackward(
        b,
        this.activation,
        n / this.lastAxis,
        this.lastAxis,
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
    } else if (this.shortcut.length > 0) {
      // A linear convolution without bias and a batch normalisation read ds without changing it.
      for (let i = this.shortcut.length - 1; i >= 0; i--) this.shortcut[i].backward(rt, rows, false);
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
      ...(this.projectionBatchNormalization ? { projectionBatchNormalization: true } : {}),
      layers: this.inner.map((l) => ({ className: l.className, config: l.getConfig() })),
    };
  }
}
