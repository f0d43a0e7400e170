import type { Backend, DeviceBuffer } from '../backends/contract.js';
import { describeValue } from '../describe-value.js';
import { ConfigError } from '../errors.js';
import type { Initializer } from '../initializers.js';
import type { Random } from '../random.js';
import type { Constraint, Regularizer } from '../regularizers.js';
import type { ResolvedActivation } from './activation-kind.js';
import { Planner, type Slice } from './planner.js';

export { Planner, type Slice };

/**
 * The layer abstraction. A layer describes its parameters (shapes, initialisers) and the activation
 * buffers it needs; the model owns every buffer:
 * - `params`: all trainable parameters of the model, one flat DeviceBuffer; `grads` has the same layout;
 * - `state`: non-trainable values (batch-norm running statistics), one flat DeviceBuffer;
 * - `work`: the activations, their gradients and per-layer scratch for one planned batch capacity.
 * A layer holds offsets (Slices) into those buffers, never views: the wasm backend's memory can grow,
 * which replaces the ArrayBuffer under every view, so views are taken at the moment a kernel is called.
 */

/** One view a slice handed out: of which buffer, taken from which `data` array, and the view. */
interface KnownView {
  buffer: DeviceBuffer;
  data: Float32Array;
  view: Float32Array;
}

/**
 * The views already made of a slice, kept on the slice itself under this key: finding one is a property
 * read and a comparison or two, where a lookup keyed by buffer and slice cost more than many small kernels.
 */
const KNOWN_VIEWS = Symbol('known views');
type ViewedSlice = Slice & { [KNOWN_VIEWS]?: KnownView[] };

/**
 * The buffers one slice is viewed in: params and grads for a weight, the training and the inference
 * workspace for an activation. Beyond that the oldest entry is replaced, so a slice never keeps many
 * (possibly freed) buffers alive.
 */
const VIEWS_PER_SLICE = 4;

/**
 * A live view of the first `length` floats of `slice` inside `buffer`, taken just before a kernel call. The
 * view is remembered and handed out again while the buffer's `data` is the same array (a wasm buffer makes
 * a new one when memory growth has replaced its memory) and the length matches, so steady-state training
 * allocates no views.
 */
export function view(buffer: DeviceBuffer, slice: Slice, length = slice.length): Float32Array {
  const data = buffer.data;
  const viewed = slice as ViewedSlice;
  let known = viewed[KNOWN_VIEWS];
  if (known === undefined) {
    known = [];
    viewed[KNOWN_VIEWS] = known;
  }
  for (let i = 0; i < known.length; i++) {
    const entry = known[i];
    if (entry.buffer !== buffer) continue;
    if (entry.data !== data || entry.view.length !== length) {
      entry.data = data;
      entry.view = data.subarray(slice.offset, slice.offset + length);
    }
    return entry.view;
  }
  const fresh = data.subarray(slice.offset, slice.offset + length);
  if (known.length === VIEWS_PER_SLICE) known.shift();
  known.push({ buffer, data, view: fresh });
  return fresh;
}

/** What a layer's kernels run against during one forward or backward pass. */
export interface Runtime {
  readonly backend: Backend;
  readonly params: DeviceBuffer;
  readonly grads: DeviceBuffer;
  readonly state: DeviceBuffer;
  readonly work: DeviceBuffer;
  /** Draws dropout masks (read only by layers that declare drawsRandomNumbers). */
  readonly random: Random;
  /** Dropout keeps the masks of the previous training forward (gradient checks need a fixed mask). */
  readonly reuseMasks: boolean;
}

/** One trainable parameter (or non-trainable state value) of a layer. */
export interface Weight {
  /** Keras name within the layer: kernel, bias, gamma, beta, moving_mean, moving_variance. */
  readonly name: string;
  /** [inputs, units] for a dense kernel, [units] for a vector. */
  readonly shape: readonly number[];
  /** The number of values: the product of the shape. */
  readonly size: number;
  /** Draws its initial values. */
  readonly initializer: Initializer;
  /** Its penalty added to the loss, if any. */
  readonly regularizer?: Regularizer;
  /** Applied to it after every update, if any. */
  readonly constraint?: Constraint;
  /** The fan-in for variance-scaling initialisers. */
  readonly fanIn: number;
  /** The fan-out for variance-scaling initialisers. */
  readonly fanOut: number;
  /** @internal Where the model put it (in `params` when trainable, else in `state`). */
  slice: Slice;
}

/** The activation that ends a layer, so the model can fuse it with the loss. */
export interface OutputActivation {
  readonly activation: ResolvedActivation;
  /** The pre-activation values (logits) in the workspace. */
  readonly pre: Slice;
}

/** The options every layer takes. */
export interface LayerArgs {
  /** Unique within a model; default the layer kind numbered Keras style (dense, dense_1, ...). */
  name?: string;
  /**
   * Only the first layer of a model needs it: the shape of one sample, [features] or, for images,
   * [height, width, channels] (channels last, as Keras).
   */
  inputShape?: number[];
  /** Keras spelling of inputShape with the batch dimension first: [null, ...inputShape]. */
  batchInputShape?: (number | null)[];
}
const nameCounters = new Map<string, number>();

/** Keras-style unique default names: dense, dense_1, dense_2, ... */
function uniqueLayerName(prefix: string): string {
  const n = nameCounters.get(prefix) ?? 0;
  nameCounters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/**
 * A layer of a Sequential model: it declares its weights when the model is built, and the model runs its
 * forward and backward passes on the model's buffers. Make layers with the `layers` factories.
 */
export abstract class Layer {
  /** The Keras class name, used in summaries and saved topologies. */
  abstract readonly className: string;
  /** The layer's name, unique within its model. */
  readonly name: string;
  /** The per-sample shape from `inputShape` (or `batchInputShape`), if the layer was given one. */
  readonly declaredInputShape: readonly number[] | undefined;
  /** Input width from `inputShape` (the product of its sizes), if the layer was given one. */
  readonly declaredInputUnits: number | undefined;
  /** The shape of one input sample, known once the layer is built. */
  inputShape: readonly number[] = [];
  /** The shape of one output sample, known once the layer is built. */
  outputShape: readonly number[] = [];
  /** The input width (values per sample: the product of inputShape), known once the layer is built. */
  inputUnits = 0;
  /** The output width (values per sample: the product of outputShape). */
  units = 0;
  /**
   * The size of the output's last axis (units for vectors, channels for images): softmax runs over it, as
   * Keras' default axis -1, so an image's pixels are the rows of a (samples * pixels) x channels matrix.
   */
  lastAxis = 0;
  /** Whether build has fixed the input width and declared the weights. */
  built = false;
  /** The trainable weights, in the order of the model's parameter buffer. */
  readonly weights: Weight[] = [];
  /** The non-trainable values (batch-norm running statistics), in the order of the state buffer. */
  readonly stateWeights: Weight[] = [];
  /**
   * Whether a training forward draws random numbers from rt.random (dropout's masks): such a layer's kernel
   * calls differ from step to step, so a model that holds one never replays a recorded training step as a
   * program of kernel calls (src/model/engine.ts). A layer that reads rt.random must declare it true.
   */
  readonly drawsRandomNumbers: boolean = false;

  // Workspace slices, set by plan().
  protected input!: Slice;
  protected dInput: Slice | null = null;
  /** @internal The output's slice of the workspace. */
  output!: Slice;
  /** @internal The output gradient's slice of the workspace. */
  dOutput!: Slice;
  /**
   * @internal Rows the next forward reads in place of its input slice (predict hands a first layer the
   * caller's tensor where it is, instead of copying it into the workspace); null: the slice. Only layers
   * whose readsInputInPlace is true read it (through inputRows).
   */
  inputInPlace: Float32Array | null = null;

  constructor(args: LayerArgs, defaultPrefix: string) {
    this.name = args.name ?? uniqueLayerName(defaultPrefix);
    if (typeof this.name !== 'string' || this.name.length === 0)
      throw new TypeError(`backprop: a layer name must be a non-empty string; got ${describeValue(this.name)}`);
    let shape: readonly unknown[] | undefined;
    if (args.inputShape !== undefined) {
      if (!Array.isArray(args.inputShape) || args.inputShape.length === 0) {
        throw new TypeError(
          `backprop: layer ${this.name}: inputShape must be the shape of one sample, [features] or [height, width, channels]; got ${describeValue(args.inputShape)}`,
        );
      }
      shape = args.inputShape;
    } else if (args.batchInputShape !== undefined) {
      if (!Array.isArray(args.batchInputShape) || args.batchInputShape.length < 2) {
        throw new TypeError(
          `backprop: layer ${this.name}: batchInputShape must be [batch, ...sample shape], like [null, features]; got ${describeValue(args.batchInputShape)}`,
        );
      }
      shape = args.batchInputShape.slice(1);
    }
    if (shape !== undefined) {
      for (const [i, size] of shape.entries()) checkPositiveInteger(size, `layer ${this.name}: inputShape[${i}]`);
      this.declaredInputShape = shape as number[];
      this.declaredInputUnits = shapeSize(shape as number[]);
    }
  }

  /** Fixes the input shape, declares the weights and returns the output shape. */
  build(inputShape: readonly number[]): readonly number[] {
    if (this.built) {
      if (!sameShape(inputShape, this.inputShape)) {
        throw new Error(
          `backprop: layer ${this.name} was built for input shape ${formatShape(this.inputShape)} and cannot take ${formatShape(inputShape)}; a layer belongs to one model`,
        );
      }
      return this.outputShape;
    }
    if (this.declaredInputShape !== undefined && !sameShape(this.declaredInputShape, inputShape)) {
      throw new Error(
        `backprop: layer ${this.name} declares inputShape ${formatShape(this.declaredInputShape)} but the previous layer gives ${formatShape(inputShape)}`,
      );
    }
    this.inputShape = [...inputShape];
    this.inputUnits = shapeSize(inputShape);
    this.outputShape = this.declareWeights(this.inputShape);
    this.units = shapeSize(this.outputShape);
    this.lastAxis = this.outputShape[this.outputShape.length - 1];
    this.built = true;
    return this.outputShape;
  }

  /** Declares weights with addWeight and returns the shape of one output sample. */
  protected abstract declareWeights(inputShape: readonly number[]): readonly number[];

  protected addWeight(
    name: string,
    shape: number[],
    initializer: Initializer,
    trainable: boolean,
    options: { regularizer?: Regularizer; constraint?: Constraint; fans?: readonly [number, number] } = {},
  ): Weight {
    const size = shape.reduce((a, b) => a * b, 1);
    const weight: Weight = {
      name,
      shape,
      size,
      initializer,
      regularizer: options.regularizer,
      constraint: options.constraint,
      // A dense kernel is [inputs, units]; a vector's fans are its length (Keras does the same); a
      // convolution kernel gives its receptive-field fans.
      fanIn: options.fans?.[0] ?? shape[0],
      fanOut: options.fans?.[1] ?? (shape.length === 2 ? shape[1] : shape[0]),
      slice: { offset: 0, length: size },
    };
    (trainable ? this.weights : this.stateWeights).push(weight);
    return weight;
  }

  /** Layers nested inside this one (residual blocks); their weights come before this layer's own. */
  sublayers(): Layer[] {
    return [];
  }

  /**
   * Claims workspace slices for `planner.rows` rows: the output, its gradient (unless `dOutput` is given
   * by an enclosing layer) and any scratch, as one step of the planner; marks `dInput` (the previous
   * layer's gradient, which the backward writes) as used in that step. `dInput` is null when no gradient
   * flows to the input.
   * @internal
   */
  plan(planner: Planner, input: Slice, dInput: Slice | null, dOutput?: Slice): Slice {
    const step = planner.step();
    this.input = input;
    this.dInput = dInput;
    this.planScratch(planner);
    this.output = this.planOutput(planner);
    this.dOutput = dOutput ?? planner.takeGradient(planner.rows * this.units);
    if (dInput) planner.use(dInput, step);
    return this.output;
  }

  /** The output slice; layers whose output is their pre-activation share it. */
  protected planOutput(planner: Planner): Slice {
    return planner.take(planner.rows * this.units);
  }

  protected planScratch(_planner: Planner): void {}

  /** @internal Whether forward reads its input through inputRows, so that it may be given inputInPlace. */
  get readsInputInPlace(): boolean {
    return false;
  }

  /** The first `length` floats of the input forward reads: inputInPlace when set, else the input slice. */
  protected inputRows(rt: Runtime, length: number): Float32Array {
    return this.inputInPlace ?? view(rt.work, this.input, length);
  }

  /**
   * Computes this.output from this.input for `rows` rows. `outputByLoss`: the loss kernel that follows
   * overwrites this layer's output from its pre-activation (a softmax cross-entropy writes the softmax), so
   * a layer may leave the output activation to it.
   * @internal
   */
  abstract forward(rt: Runtime, rows: number, training: boolean, outputByLoss?: boolean): void;

  /**
   * From this.dOutput (which may be overwritten) computes the weight gradients into rt.grads and, when
   * dInput is set, the input gradient. With `gradIsPreActivation` dOutput already holds the gradient
   * with respect to the pre-activation (the loss was fused with the output activation).
   * @internal
   */
  abstract backward(rt: Runtime, rows: number, gradIsPreActivation: boolean): void;

  /** @internal The activation this layer ends with, if any (for loss fusion). */
  outputActivation(): OutputActivation | null {
    return null;
  }

  /** The layer's options, as saved in a topology and accepted by its factory. */
  abstract getConfig(): Record<string, unknown>;

  protected baseConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name };
    if (this.declaredInputShape !== undefined) config.inputShape = [...this.declaredInputShape];
    return config;
  }
}

export function checkPositiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`backprop: ${what} must be a positive integer; got ${describeValue(value)}`);
  }
  return value;
}

export function checkRange(value: unknown, low: number, high: number, what: string, openHigh = false): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < low ||
    (openHigh ? value >= high : value > high)
  ) {
    throw new RangeError(
      `backprop: ${what} must be a number in [${low}, ${high}${openHigh ? ')' : ']'}; got ${describeValue(value)}`,
    );
  }
  return value;
}

/** The number of values in one sample of this shape: the product of its sizes. */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const s of shape) size *= s;
  return size;
}

/** Whether two shapes have the same sizes in the same order. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}

/** A shape as errors and summaries print it: [28, 28, 1]. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((s) => (s === null ? 'null' : String(s))).join(', ')}]`;
}

/**
 * Throws ConfigError unless a layer's input has the rank it works on; `hint` says what to do (a dense
 * layer's input must be flat: "add layers.flatten() before it", as Keras users expect).
 */
export function checkRank(
  layer: Layer,
  inputShape: readonly number[],
  rank: number,
  expected: string,
  hint: string,
): void {
  if (inputShape.length !== rank) {
    throw new ConfigError(
      `backprop: layer ${layer.name} (${layer.className}) takes ${expected} per sample; its input has shape ${formatShape(inputShape)}: ${hint}`,
    );
  }
}
