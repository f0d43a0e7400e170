import type { Backend, DeviceBuffer } from '../backends/contract.js';
import {
  type KernelCall,
  type KernelProgram,
  type ProgramCompiler,
  programCompiler,
  recordingBackend,
  trustedBackend,
} from '../backends/unchecked.js';
import { type Layer, Planner, type Runtime, type Slice, view, type Weight } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import type { Metric } from '../metrics.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { Random } from '../random.js';
import { addRegularizerPenalty, regularizerGradientArguments } from '../regularizers.js';
import type { Tensor2D } from '../tensor.js';
import type { BatchSource } from './batch-source.js';
import { gatherRows } from './data.js';
import { ConfigError } from '../errors.js';
import { type LossRoute, runLossRoute } from './loss-route.js';

/** Indices into Engine.stepScalars. */
export const LOSS = 0;
const PENALTY = 1;

export const MAX_PARAMETERS = 1 << 28; // 1 GiB of float32: far beyond a CPU model, a guard against hostile files.

/**
 * The workspace predict and evaluate may plan beyond the one training planned: 32 MiB of float32. The 784-256-128-10
 * MLP needs 8 KB a row, so its inference chunks of up to 1,024 rows fit; a small CNN takes 78 rows at a time.
 */
export const INFERENCE_WORKSPACE_FLOATS = 8 * 1024 * 1024;

/** A weight with the layer that owns it (the layer's name makes the Keras weight name layer/weight). */
export interface NamedWeight {
  /** The layer that owns the weight. */
  readonly layer: Layer;
  /** The weight. */
  readonly weight: Weight;
}

/** A Runtime whose random stream fit replaces per epoch, and whose dropout masks a gradient check fixes. */
export type ModelRuntime = { -readonly [K in keyof Runtime]: Runtime[K] };

/** What the loss, the optimizer and the metrics are once the model is compiled. */
export interface Training {
  readonly loss: Loss;
  readonly route: LossRoute;
  readonly optimizer: Optimizer;
  readonly metrics: readonly Metric[];
}

/**
 * What saving and loading touch: the values of the flat buffers and the weight lists that name them.
 * Parameters, running statistics and the optimizer slots, each in the order of the lists.
 */
export interface StoredWeights {
  readonly paramCount: number;
  readonly stateCount: number;
  readonly trainable: readonly NamedWeight[];
  readonly nonTrainable: readonly NamedWeight[];
  /** The optimizer slots (slotNames.length * paramCount floats), empty when there are none. */
  optimizerState(): Float32Array;
}

/**
 * What a gradient check drives: one batch, its gradient, and the loss again at nudged parameters with the
 * same dropout masks and the same starting running statistics.
 */
export interface GradientProbe {
  readonly paramCount: number;
  readonly stateCount: number;
  readonly trainable: readonly NamedWeight[];
  readonly params: DeviceBuffer;
  readonly grads: DeviceBuffer;
  readonly state: DeviceBuffer;
  /** Plans the workspace for x's rows and loads x and y. */
  loadWhole(x: Tensor2D, y: Tensor2D): void;
  /** Forward (training mode), loss, backward and regularizer gradients: grads hold dJ/dparams. */
  computeGradients(rows: number): void;
  /** Whether dropout keeps the masks of the previous training forward. */
  setReuseMasks(reuse: boolean): void;
  /** The loss with regularization after a training-mode forward. */
  lossAfterForward(rows: number): number;
}

/** Every weight of a model, trainable and not, each list in the order of its flat buffer. */
export interface WeightLists {
  readonly trainable: readonly NamedWeight[];
  readonly nonTrainable: readonly NamedWeight[];
}

/** The weights of `layers` (every layer, nested ones before their block) in buffer order. */
export function listWeights(layers: readonly Layer[]): WeightLists {
  const trainable: NamedWeight[] = [];
  const nonTrainable: NamedWeight[] = [];
  for (const layer of layers) {
    for (const weight of layer.weights) trainable.push({ layer, weight });
    for (const weight of layer.stateWeights) nonTrainable.push({ layer, weight });
  }
  return { trainable, nonTrainable };
}

/**
 * The floats to reserve so that buffers of these lengths can all be allocated without the backend's memory
 * growing: a backend may round each buffer up to a whole number of 16-byte vectors (wasm aligns its blocks
 * so, for SIMD loads).
 */
function reservation(lengths: readonly number[]): number {
  let total = 0;
  for (const length of lengths) total += Math.ceil(length / 4) * 4;
  return total;
}

/** Lays the weights out one after another in their flat buffer; returns the buffer's length. */
function layOut(weights: readonly NamedWeight[]): number {
  let offset = 0;
  for (const { weight } of weights) {
    weight.slice = { offset, length: weight.size };
    offset += weight.size;
  }
  return offset;
}

/**
 * The memory and the arithmetic of one model on one backend: the flat buffers (parameters, gradients,
 * running statistics, optimizer slots), the activation workspace planned for a batch capacity, the runtimes
 * the layers run against, and the forward / loss / backward / update of one batch. Everything a training
 * step needs is prepared here once (weight lists, slot views, the loss route), so that a steady-state step
 * creates no objects of its own (test/model/zero-allocation.test.ts measures it).
 */
export class Engine implements StoredWeights, GradientProbe {
  readonly params: DeviceBuffer;
  readonly grads: DeviceBuffer;
  readonly state: DeviceBuffer;
  readonly paramCount: number;
  readonly stateCount: number;
  /** Trainable weights in the order of the flat parameter buffer. */
  readonly trainable: readonly NamedWeight[];
  /** Non-trainable weights (running statistics) in the order of the flat state buffer. */
  readonly nonTrainable: readonly NamedWeight[];
  /** The slice of every trainable weight, for the optimizer's per-weight gradient clipping. */
  private readonly weightSlices: readonly Slice[];
  private readonly regularized: readonly Weight[];
  private readonly constrained: readonly Weight[];
  /** The trainable weights of gradient-norm group i: a top-level layer's and those of the layers nested in it. */
  private readonly normGroups: readonly (readonly Weight[])[];

  private training: Training | undefined;
  private optState: DeviceBuffer | null = null;
  /**
   * One paramCount-sized view per optimizer slot, refreshed when wasm memory grows; slotsTakenFrom is the view of
   * the whole state they were taken from (a buffer's data is the same view until memory grows, and comparing
   * views costs nothing where reading a typed array's .buffer is a call into the engine).
   */
  private readonly slotViews: Float32Array[] = [];
  private slotsTakenFrom: Float32Array | null = null;
  /** Per regularized weight, the arguments of its regularizerGradient call, refreshed when wasm memory grows. */
  private readonly regularizerCalls: Parameters<Backend['regularizerGradient']>[] = [];
  private regularizersTakenFrom: readonly [Float32Array, Float32Array] | null = null;
  private readonly wholeParams: Slice;

  /** The activation workspace for `capacity` rows. */
  private work: DeviceBuffer | null = null;
  /**
   * A second workspace of the same plan for predict and evaluate called while fit runs (from a callback),
   * so that they never touch the training batch, its activations or its random stream.
   */
  private inferenceWork: DeviceBuffer | null = null;
  capacity = 0;
  private inputSlot: Slice = { offset: 0, length: 0 };
  private targetSlot: Slice = { offset: 0, length: 0 };
  private probsSlot: Slice = { offset: 0, length: 0 };
  /** The last layer's pre-activation (logits), when it ends with an activation; a fused loss reads it. */
  private logitsSlot: Slice | null = null;
  /**
   * The scalars of the last training step: its loss (data loss plus penalty) and its penalty. A typed array,
   * so that passing them from the step to the training loop allocates no number.
   */
  readonly stepScalars = new Float64Array(2);
  private trainRuntime: ModelRuntime | undefined;
  private inferenceRuntime: ModelRuntime | undefined;
  /** The backend's kernels without argument checks (the backend itself when it has none). */
  private readonly trusted: Backend;
  /**
   * The batch sizes whose training forward and backward have run through the checked kernels on the
   * current plan and loss route. Their kernel calls (sizes, buffers, alpha and rate, all fixed by the plan)
   * are the same at every step of that size, so later steps of that size run them unchecked. Cleared when
   * the workspace is planned again or the model compiled again.
   */
  private readonly provenRows = new Set<number>();
  /**
   * Each proven batch size's forward, loss and backward as a program recorded at its checked step, where the
   * backend compiles programs (every backend's own: native runs one in a single N-API call, js and wasm as
   * prepared calls with no checks, views or layer walk). Only for a step whose layers do nothing but call
   * kernels (no layer drawsRandomNumbers), so that running the same calls again is the step. Cleared with
   * provenRows.
   */
  private readonly programs = new Map<number, KernelProgram>();
  /** The backend's program compiler; undefined when it has none or a layer draws random numbers every step. */
  private readonly compiler: ProgramCompiler | undefined;

  /**
   * `layers`: the model's top-level layers; `weights`: every weight of every layer (nested ones too).
   * `outputUnits`: the last layer's width. `seed` seeds the initial weights and dropout.
   */
  constructor(
    readonly backend: Backend,
    modelName: string,
    private readonly layers: readonly Layer[],
    { trainable, nonTrainable }: WeightLists,
    private readonly inputUnits: number,
    private readonly outputUnits: number,
    private readonly seed: number,
  ) {
    const paramCount = layOut(trainable);
    const stateCount = layOut(nonTrainable);
    if (paramCount + stateCount > MAX_PARAMETERS) {
      throw new ConfigError(
        `backprop: model ${modelName} has ${paramCount + stateCount} parameters; at most ${MAX_PARAMETERS} are supported`,
      );
    }
    this.trainable = trainable;
    this.nonTrainable = nonTrainable;
    this.paramCount = paramCount;
    this.stateCount = stateCount;
    this.weightSlices = trainable.map(({ weight }) => weight.slice);
    this.regularized = trainable.map(({ weight }) => weight).filter((w) => w.regularizer !== undefined);
    this.constrained = trainable.map(({ weight }) => weight).filter((w) => w.constraint !== undefined);
    this.normGroups = layers.map((layer) => allWeightsOf(layer));
    this.wholeParams = { offset: 0, length: paramCount };
    // Room for the three buffers first, so that wasm memory grows at most once for them, not once for each.
    const lengths = [paramCount, paramCount, stateCount].map((length) => Math.max(1, length));
    backend.reserve(reservation(lengths));
    this.params = backend.allocate(lengths[0]);
    this.grads = backend.allocate(lengths[1]);
    this.state = backend.allocate(lengths[2]);
    this.trusted = trustedBackend(backend);
    this.compiler = layers.some(drawsRandomNumbers) ? undefined : programCompiler(backend);
  }

  /** Fills the weights from their initializers, drawing from one stream seeded by `seed`. */
  initializeWeights(): void {
    const random = new Random(this.seed);
    for (const [group, target] of [
      [this.trainable, this.params],
      [this.nonTrainable, this.state],
    ] as const) {
      for (const { weight } of group) {
        const values = new Float32Array(weight.size);
        weight.initializer.fill(values, weight.fanIn, weight.fanOut, random);
        target.data.set(values, weight.slice.offset);
      }
    }
  }

  /** Takes the compiled loss route, optimizer and metrics; the optimizer starts from fresh state. */
  compile(training: Training): void {
    const { optimizer } = training;
    this.training = training;
    this.provenRows.clear();
    this.programs.clear();
    this.optState?.free();
    this.optState = null;
    this.slotsTakenFrom = null;
    const slots = optimizer.slotNames.length;
    if (slots === 0) return;
    const n = this.paramCount;
    this.optState = this.backend.allocate(Math.max(1, slots * n));
    for (let i = 0; i < slots; i++) {
      const initial = optimizer.slotInitialValue(optimizer.slotNames[i]);
      if (initial !== 0) this.optState.data.fill(initial, i * n, (i + 1) * n);
    }
  }

  get compiled(): Training | undefined {
    return this.training;
  }

  optimizerState(): Float32Array {
    const slots = this.training?.optimizer.slotNames.length ?? 0;
    return this.optState ? this.optState.data.subarray(0, slots * this.paramCount) : new Float32Array(0);
  }

  /** Frees every buffer; the engine must not be used afterwards. */
  free(): void {
    for (const b of [this.params, this.grads, this.state, this.optState, this.work, this.inferenceWork]) b?.free();
  }

  // ------------------------------------------------------------------ plan and runtimes

  /**
   * Makes sure the workspace holds at least `rows` rows: the input, every layer's output, gradient and
   * scratch, the targets and a softmax scratch. One allocation; reused by every later batch that fits.
   */
  ensureCapacity(rows: number): void {
    if (this.work && this.capacity >= rows) return;
    const planner = new Planner(rows);
    this.inputSlot = planner.take(rows * this.inputUnits);
    let current = this.inputSlot;
    for (let i = 0; i < this.layers.length; i++) {
      current = this.layers[i].plan(planner, current, i === 0 ? null : this.layers[i - 1].dOutput);
    }
    this.targetSlot = planner.take(rows * this.outputUnits);
    this.probsSlot = planner.take(rows * this.outputUnits);
    // The loss writes the last layer's output gradient, after every layer's forward.
    planner.use(this.layers[this.layers.length - 1].dOutput, planner.step());
    this.logitsSlot = this.layers[this.layers.length - 1].outputActivation()?.pre ?? null;
    this.work?.free();
    this.inferenceWork?.free();
    this.inferenceWork = null;
    this.work = this.backend.allocate(planner.finish());
    this.capacity = rows;
    this.trainRuntime = undefined;
    this.inferenceRuntime = undefined;
    this.provenRows.clear();
    this.programs.clear();
  }

  /** The training runtime (the workspace fit and trainOnBatch use); `random` replaces its stream. */
  runtime(random?: Random): ModelRuntime {
    this.trainRuntime ??= this.makeRuntime(this.work!);
    if (random) this.trainRuntime.random = random;
    return this.trainRuntime;
  }

  /**
   * The runtime for predict and evaluate in batches of `capacity` rows. Outside fit that is the training
   * workspace, grown towards `rows` only while it stays within INFERENCE_WORKSPACE_FLOATS (or within the
   * workspace training planned): the plan holds the activations, gradients and im2col scratch of a training
   * step, 0.43 MB a row for a small Fashion-MNIST CNN, so a 256-row evaluate after training at 128 doubled
   * it, and more rows per batch only change the order of the sums. While fit runs the plan must not change
   * under it, so they get the inference workspace of the same plan and work in batches of fit's capacity.
   */
  inference(rows: number, duringFit: boolean): ModelRuntime {
    if (!duringFit) {
      if (!this.work || rows > this.capacity) {
        this.ensureCapacity(Math.min(rows, Math.max(this.capacity, this.rowsWithin(INFERENCE_WORKSPACE_FLOATS))));
      }
      return this.runtime();
    }
    if (!this.inferenceWork) {
      this.inferenceWork = this.backend.allocate(this.work!.length);
      this.inferenceRuntime = undefined;
    }
    this.inferenceRuntime ??= this.makeRuntime(this.inferenceWork);
    return this.inferenceRuntime;
  }

  /** The most rows whose workspace fits in `floats` (at least 1), measured on a plan of one row when there is none. */
  private rowsWithin(floats: number): number {
    if (!this.work) this.ensureCapacity(1);
    return Math.max(1, Math.floor(floats / (this.work!.length / this.capacity)));
  }

  private makeRuntime(work: DeviceBuffer): ModelRuntime {
    return {
      backend: this.backend,
      params: this.params,
      grads: this.grads,
      state: this.state,
      work,
      random: new Random(this.seed),
      reuseMasks: false,
    };
  }

  // ------------------------------------------------------------------ one batch

  /** Copies rows [start, end) of x (and y), in `order` when given, into the runtime's input and targets. */
  loadBatch(
    rt: ModelRuntime,
    x: Tensor2D,
    y: Tensor2D | null,
    order: Uint32Array | null,
    start: number,
    end: number,
  ): void {
    const rows = end - start;
    gatherRows(x, order, start, end, view(rt.work, this.inputSlot, rows * x.cols));
    if (y) gatherRows(y, order, start, end, view(rt.work, this.targetSlot, rows * y.cols));
  }

  /**
   * Has `source` write rows [start, end) (order[start, end) when given) into the runtime's input and, with
   * `targets`, into its targets (as wide as the compiled loss reads them).
   */
  loadFrom(
    rt: ModelRuntime,
    source: BatchSource,
    order: Uint32Array | null,
    start: number,
    end: number,
    targets: boolean,
  ): void {
    const rows = end - start;
    const y = targets ? view(rt.work, this.targetSlot, rows * this.requireTraining().route.targetWidth) : null;
    source.load(order, start, end, view(rt.work, this.inputSlot, rows * this.inputUnits), y, rt.backend);
  }

  /** The input rows of the planned batch (what fit's batchTransform changes in place). */
  input(rt: ModelRuntime, rows: number): Float32Array {
    return view(rt.work, this.inputSlot, rows * this.inputUnits);
  }

  /** The outputs of the last forward pass. */
  output(rt: ModelRuntime, rows: number): Float32Array {
    return view(rt.work, this.layers[this.layers.length - 1].output, rows * this.outputUnits);
  }

  /**
   * The forward pass of the planned batch. In training, a loss that writes the last layer's output itself
   * (the fused softmax cross-entropy) lets that layer skip its softmax, which the loss would overwrite.
   */
  forward(rt: ModelRuntime, rows: number, training: boolean): void {
    const last = this.layers.length - 1;
    for (let i = 0; i < last; i++) this.layers[i].forward(rt, rows, training);
    this.layers[last].forward(rt, rows, training, training && this.training?.route.writesOutput === true);
  }

  /** Whether inferenceFrom can read the input rows where they are (the first layer takes them in place). */
  get readsInputInPlace(): boolean {
    return this.layers[0].readsInputInPlace;
  }

  /**
   * The inference forward of `rows` rows read from `x` (rows x inputUnits floats) where it is, in place of
   * the runtime's input rows; only when readsInputInPlace.
   */
  inferenceFrom(rt: ModelRuntime, rows: number, x: Float32Array): void {
    const first = this.layers[0];
    first.inputInPlace = x;
    try {
      this.forward(rt, rows, false);
    } finally {
      first.inputInPlace = null;
    }
  }

  /** The data loss of the planned batch (after forward); its gradient goes to the last layer's dOutput. */
  loss(rt: ModelRuntime, rows: number): number {
    const { route } = this.requireTraining();
    const last = this.layers[this.layers.length - 1];
    const n = rows * this.outputUnits;
    const input = view(rt.work, route.onPreActivation ? this.logitsSlot! : last.output, n);
    return runLossRoute(
      route,
      rt.backend,
      rows,
      this.outputUnits,
      input,
      view(rt.work, this.targetSlot, rows * route.targetWidth),
      view(rt.work, last.output, n),
      view(rt.work, this.probsSlot, n),
      view(rt.work, last.dOutput, n),
    );
  }

  private backward(rt: ModelRuntime, rows: number): void {
    const fused = this.requireTraining().route.onPreActivation;
    const lastIndex = this.layers.length - 1;
    for (let i = lastIndex; i >= 0; i--) this.layers[i].backward(rt, rows, i === lastIndex && fused);
  }

  /** The regularization penalty (into stepScalars[PENALTY]); with `addGradient` its gradient is added to grads. */
  regularize(addGradient: boolean): void {
    const scalars = this.stepScalars;
    scalars[PENALTY] = 0;
    // Most models have no regularizer: skip the check of the prepared arguments (a look at both buffers).
    if (this.regularized.length === 0) return;
    const calls = this.regularizerArguments();
    for (let i = 0; i < calls.length; i++) {
      const args = calls[i];
      addRegularizerPenalty(this.backend, this.regularized[i].regularizer!, args[3], scalars, PENALTY);
      // The prepared arguments hold the same boxed numbers every step: 2 * l2 computed here would be boxed
      // into a new heap number on every call into a kernel that is not inlined (every native kernel).
      if (addGradient) Reflect.apply(this.backend.regularizerGradient, this.backend, args);
    }
  }

  /** The regularizerGradient arguments of every regularized weight, taken again when the memory was replaced. */
  private regularizerArguments(): readonly Parameters<Backend['regularizerGradient']>[] {
    const taken = this.regularizersTakenFrom;
    if (taken === null || taken[0] !== this.params.data || taken[1] !== this.grads.data) {
      this.regularizerCalls.length = 0;
      for (const weight of this.regularized) {
        const { regularizer, slice } = weight;
        const args = regularizerGradientArguments(regularizer!, view(this.params, slice), view(this.grads, slice));
        this.regularizerCalls.push(args);
      }
      this.regularizersTakenFrom = [this.params.data, this.grads.data];
    }
    return this.regularizerCalls;
  }

  /** The regularization penalty of the current parameters. */
  penalty(): number {
    this.regularize(false);
    return this.stepScalars[PENALTY];
  }

  /**
   * Forward (training mode), loss, backward and regularizer gradients: grads hold dJ/dparams, and
   * stepScalars[LOSS] the loss with the penalty.
   */
  computeGradients(rows: number): void {
    this.gradientsThrough(this.backend, rows, null);
  }

  /**
   * The one sequence of a step's gradients: forward (training mode), loss and backward with `layerBackend` as
   * the runtime's backend (checked, trusted, or recording its calls into `calls`), then the regularizer
   * gradients and the penalty through the checked backend. Returns the index in `calls` of the loss's call
   * when the loss was one kernel call, else -1 (always -1 without `calls`).
   */
  private gradientsThrough(layerBackend: Backend, rows: number, calls: readonly KernelCall[] | null): number {
    const rt = this.runtime();
    let lossCall = -1;
    rt.backend = layerBackend;
    try {
      this.forward(rt, rows, true);
      const before = calls === null ? -1 : calls.length;
      this.stepScalars[LOSS] = this.loss(rt, rows);
      if (calls !== null && calls.length === before + 1) lossCall = before;
      this.backward(rt, rows);
    } finally {
      rt.backend = this.backend;
    }
    this.addPenalty();
    return lossCall;
  }

  /** Adds the regularization penalty's gradients, and the penalty to the step's loss. */
  private addPenalty(): void {
    this.regularize(true);
    this.stepScalars[LOSS] += this.stepScalars[PENALTY];
  }

  /**
   * One optimizer update of the planned batch: gradients, clipping, one optimizer kernel, constraints. The
   * loss (data loss plus regularization penalty) is left in stepScalars[LOSS]. With `gradientNorms`, adds
   * each top-level layer's gradient norm to its entry.
   */
  trainStep(rows: number, gradientNorms?: Float64Array): void {
    const { optimizer } = this.requireTraining();
    const proven = this.provenRows.has(rows);
    const program = proven ? this.programs.get(rows) : undefined;
    if (program !== undefined) {
      this.stepScalars[LOSS] = program.run()!;
      this.addPenalty();
    } else if (!proven && this.compiler !== undefined) {
      this.recordGradients(rows, this.compiler);
    } else {
      // Only the layers and the loss read rt.backend; the optimizer, clipping, regularizers and constraints,
      // whose numbers may change between steps, call the checked backend.
      this.gradientsThrough(proven ? this.trusted : this.backend, rows, null);
    }
    if (gradientNorms) this.accumulateGradientNorms(gradientNorms);
    if (this.paramCount > 0) {
      const grads = view(this.grads, this.wholeParams);
      optimizer.clipGradients(this.backend, grads, this.weightSlices);
      optimizer.step(this.backend, view(this.params, this.wholeParams), grads, this.slots());
    }
    for (let i = 0; i < this.constrained.length; i++) {
      const weight = this.constrained[i];
      // The norm of each output unit's weights: a column of a dense kernel [inputs, units], a filter of a
      // convolution kernel [kh, kw, in, filters] (Keras MaxNorm with axis [0, 1, 2] for channels last).
      const units = weight.shape[weight.shape.length - 1];
      this.backend.maxNormProject(
        weight.size / units,
        units,
        weight.constraint!.maxValue,
        view(this.params, weight.slice),
      );
    }
    if (!proven) this.provenRows.add(rows);
  }

  /**
   * computeGradients through the checked kernels, recording their calls; when the loss was one call, the calls
   * become this batch size's program (there is a compiler only where no layer draws random numbers, so the
   * calls of every step of this size are these).
   */
  private recordGradients(rows: number, compiler: ProgramCompiler): void {
    const calls: KernelCall[] = [];
    const rt = this.runtime();
    const random = rt.random;
    // No layer of a model that records declares drawsRandomNumbers: a layer that reads rt.random all the same
    // (a user's subclass) would be replayed with this step's random numbers at every later step, so its read
    // is an error here rather than a silently frozen mask.
    rt.random = undeclaredRandom;
    let lossCall: number;
    try {
      lossCall = this.gradientsThrough(recordingBackend(this.backend, calls), rows, calls);
    } finally {
      rt.random = random;
    }
    if (lossCall >= 0) this.programs.set(rows, compiler.compile(calls, lossCall));
  }

  /** The optimizer slot views, taken again only when the memory under them was replaced (wasm growth). */
  private slots(): Float32Array[] {
    const count = this.training!.optimizer.slotNames.length;
    if (count === 0) return this.slotViews;
    const data = this.optState!.data;
    if (this.slotsTakenFrom !== data || this.slotViews.length !== count) {
      const n = this.paramCount;
      this.slotViews.length = 0;
      for (let i = 0; i < count; i++) this.slotViews.push(data.subarray(i * n, (i + 1) * n));
      this.slotsTakenFrom = data;
    }
    return this.slotViews;
  }

  private accumulateGradientNorms(into: Float64Array): void {
    for (let i = 0; i < this.normGroups.length; i++) {
      let sum = 0;
      for (const w of this.normGroups[i]) {
        const g = view(this.grads, w.slice);
        sum += this.backend.sumOfSquares(g.length, g);
      }
      into[i] += Math.sqrt(sum);
    }
  }

  /** Adds each compiled metric's sum over the planned batch to `sums`. */
  addMetrics(rt: ModelRuntime, rows: number, sums: Float64Array): void {
    const { metrics, route } = this.requireTraining();
    const out = this.output(rt, rows);
    const target = view(rt.work, this.targetSlot, rows * route.targetWidth);
    for (let i = 0; i < metrics.length; i++) sums[i] += metrics[i].sum(rows, this.outputUnits, out, target);
  }

  // ------------------------------------------------------------------ gradient checks

  loadWhole(x: Tensor2D, y: Tensor2D): void {
    this.ensureCapacity(x.rows);
    this.loadBatch(this.runtime(), x, y, null, 0, x.rows);
  }

  setReuseMasks(reuse: boolean): void {
    this.runtime().reuseMasks = reuse;
  }

  lossAfterForward(rows: number): number {
    const rt = this.runtime();
    this.forward(rt, rows, true);
    return this.loss(rt, rows) + this.penalty();
  }

  private requireTraining(): Training {
    if (!this.training)
      throw new ConfigError('backprop: the model must be compiled first: call model.compile({ optimizer, loss })');
    return this.training;
  }
}

/** The random stream the layers of a recorded step see: any read of it throws (recordGradients). */
const undeclaredRandom = new Proxy({} as Random, {
  get(_target, key): never {
    throw new ConfigError(
      `backprop: a layer read rt.random.${String(key)} in a training forward without declaring ` +
        'drawsRandomNumbers: a layer that draws random numbers at every step must set drawsRandomNumbers = true ' +
        '(as Dropout does), so that its steps are never replayed from a recording of one step',
    );
  },
});

/** Whether a layer or a layer nested in it draws random numbers in a training forward. */
function drawsRandomNumbers(layer: Layer): boolean {
  return layer.drawsRandomNumbers || layer.sublayers().some(drawsRandomNumbers);
}

/** The trainable weights of a layer and of the layers nested in it. */
function allWeightsOf(layer: Layer): Weight[] {
  return [...layer.sublayers().flatMap(allWeightsOf), ...layer.weights];
}
