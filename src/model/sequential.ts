import type { Backend, DeviceBuffer } from '../backends/contract.js';
import { getBackend } from '../backends/current.js';
import { describeValue } from '../describe-value.js';
import { checkBackendOption } from './backendOption.js';
import { type Callback, CallbackList, type Logs, type TrainingModel } from '../callbacks/callback.js';
import { Layer, Planner, type Runtime, type Slice, view, type Weight } from '../layers/layer.js';
import { isSparse, type Loss, lossOnOutput, resolveLoss } from '../losses.js';
import { type Metric, resolveMetric } from '../metrics.js';
import { resolveOptimizer } from '../optimizers/index.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { Random } from '../random.js';
import { addRegularizerGradient, regularizerPenalty } from '../regularizers.js';
import { Tensor2D, type TensorLike } from '../tensor.js';
import { checkBatchSize, checkFeatures, checkTargets, gatherRows, sliceRows } from './data.js';
import { ConfigError, InputError, ModelBusyError, ModelDisposedError, NonFiniteLossError } from '../errors.js';
import { History } from './history.js';
import { type ModelArtifacts, saveModel, type SaveOptions } from './io.js';
import { formatSummary } from './summary.js';
import { yieldToEventLoop } from './yield.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
  /** Seeds the initial weights (and, unless fit gets its own seed, shuffles and dropout masks). */
  seed?: number;
  /** Run on this backend instead of the active one (getBackend()). */
  backend?: Backend;
}

export interface CompileArgs {
  optimizer: string | Optimizer;
  loss: string | Loss;
  metrics?: string[];
  /** Run on this backend (weights move over if the model was built on another). */
  backend?: Backend;
}

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  /** 0: silent; 1 or 2: one line per epoch (Keras default 1). */
  verbose?: 0 | 1 | 2;
  /** The last fraction of the rows (before shuffling) is held out for validation, as Keras. */
  validationSplit?: number;
  validationData?: [TensorLike, TensorLike | number[]];
  shuffle?: boolean;
  /** Seeds shuffling and dropout; epoch e uses a stream derived from (seed, e), so resuming matches. */
  seed?: number;
  callbacks?: Callback[];
  /** Start counting epochs here (resuming a saved run). */
  initialEpoch?: number;
  /** Record per-layer gradient norms per epoch in history.gradientNorms. */
  recordGradientNorms?: boolean;
  /** Where verbose lines go (default console.log). */
  printFn?: (line: string) => void;
  /**
   * Changes each training batch in place after it is gathered, before the forward pass: `x` holds `rows`
   * input rows (row-major, `features` values each). Data augmentation plugs in here, e.g.
   * `batchTransform: imageAugmenter({ imageShape: [28, 28], horizontalFlip: true, seed: 1 })`. Not applied
   * to validation, evaluate or predict.
   */
  batchTransform?: (x: Float32Array, rows: number) => void;
}

export interface EvaluateArgs {
  batchSize?: number;
}

/** Buffers that live as long as the model is built on one backend. */
interface Engine {
  readonly backend: Backend;
  readonly params: DeviceBuffer;
  readonly grads: DeviceBuffer;
  readonly state: DeviceBuffer;
  readonly paramCount: number;
  readonly stateCount: number;
  /** Scratch for the L1 regularizer gradient: two halves of maxWeightSize each. */
  readonly regScratch: DeviceBuffer | null;
  readonly maxWeightSize: number;
  /** Optimizer slots, slotNames.length * paramCount, allocated by compile. */
  optState: DeviceBuffer | null;
  /** The activation workspace for `capacity` rows. */
  work: DeviceBuffer | null;
  /**
   * A second workspace of the same plan for predict and evaluate called while fit runs (from a callback),
   * so that they never touch the training batch, its activations or its random stream. Allocated on
   * first such use.
   */
  inferenceWork: DeviceBuffer | null;
  capacity: number;
  inputSlot: Slice;
  targetSlot: Slice;
  probsSlot: Slice;
}

/** A Runtime whose random stream fit replaces per epoch. */
type ModelRuntime = { -readonly [K in keyof Runtime]: Runtime[K] };

interface StepResult {
  /** Data loss plus regularization penalty. */
  loss: number;
}

export const MAX_PARAMETERS = 1 << 28; // 1 GiB of float32: far beyond a CPU model, a guard against hostile files.

/**
 * A linear stack of layers with the Keras training API. Parameters, gradients, optimizer state and the
 * non-trainable state each live in one flat buffer of the backend; activations are planned per batch
 * capacity, so a steady-state training step allocates nothing.
 */
export class Sequential implements TrainingModel {
  readonly name: string;
  readonly layers: Layer[] = [];
  stopTraining = false;
  readonly seed: number;
  optimizer: Optimizer | undefined;
  loss: Loss | undefined;
  metrics: Metric[] = [];
  private metricIds: string[] = [];
  private preferredBackend: Backend | undefined;
  private engine: Engine | undefined;
  private runtime: ModelRuntime | undefined;
  private inferenceRuntime: ModelRuntime | undefined;
  /** The operation that owns the model while it runs (fit awaits between batches); one at a time. */
  private operation: 'fit' | undefined;
  private disposed = false;
  private outputUnits = 0;
  /** Names of every layer added so far (nested ones too), so add() checks uniqueness in constant time. */
  private readonly layerNames = new Set<string>();

  constructor(args: SequentialArgs = {}) {
    if (typeof args !== 'object' || args === null) throw new TypeError('backprop: sequential takes an array of layers or { layers, name, seed }');
    this.name = args.name ?? 'sequential';
    const seed = args.seed ?? Math.floor(Math.random() * 4294967296);
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`backprop: the model seed must be a finite number; got ${describeValue(args.seed)}`);
    this.seed = seed;
    this.preferredBackend = checkBackendOption(args.backend, 'sequential');
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** Appends a layer; its input width comes from the previous layer (or its own inputShape). */
  add(layer: Layer): void {
    this.checkNotDisposed('add');
    if (!(layer instanceof Layer)) throw new TypeError(`backprop: model ${this.name}: add() takes a layer (layers.dense(...), ...); got ${layer === null ? 'null' : typeof layer}`);
    if (this.engine) throw new ConfigError(`backprop: model ${this.name} is already built; add layers before compile, fit or predict`);
    const added = flatten([layer]);
    const seen = new Set<string>();
    for (const l of added) {
      if (this.layerNames.has(l.name) || seen.has(l.name)) throw new ConfigError(`backprop: model ${this.name} already has a layer named ${l.name}; layer names must be unique`);
      seen.add(l.name);
    }
    if (this.layers.length === 0) {
      if (layer.declaredInputUnits === undefined) {
        throw new ConfigError(`backprop: layer ${layer.name} is the first layer of model ${this.name} and needs inputShape: [features]`);
      }
      this.outputUnits = layer.build(layer.declaredInputUnits);
    } else {
      this.outputUnits = layer.build(this.outputUnits);
    }
    this.layers.push(layer);
    for (const name of seen) this.layerNames.add(name);
  }

  get inputUnits(): number {
    if (this.layers.length === 0) throw new ConfigError(`backprop: model ${this.name} has no layers`);
    return this.layers[0].inputUnits;
  }

  get outputShape(): [null, number] {
    return [null, this.outputUnits];
  }

  /** Every layer, nested ones (residual blocks) before their block, in weight order. */
  allLayers(): Layer[] {
    return flatten(this.layers);
  }

  /** Trainable weights in the order of the flat parameter buffer, with their layer names. */
  trainableWeights(): { layer: Layer; weight: Weight }[] {
    return this.allLayers().flatMap((layer) => layer.weights.map((weight) => ({ layer, weight })));
  }

  /** Non-trainable weights (running statistics) in the order of the flat state buffer. */
  nonTrainableWeights(): { layer: Layer; weight: Weight }[] {
    return this.allLayers().flatMap((layer) => layer.stateWeights.map((weight) => ({ layer, weight })));
  }

  countParams(): { trainable: number; nonTrainable: number } {
    let trainable = 0;
    let nonTrainable = 0;
    for (const { weight } of this.trainableWeights()) trainable += weight.size;
    for (const { weight } of this.nonTrainableWeights()) nonTrainable += weight.size;
    return { trainable, nonTrainable };
  }

  /** The backend the model runs on (once built). */
  get backend(): Backend {
    return this.ensureBuilt().backend;
  }

  // ------------------------------------------------------------------ building and planning

  private ensureBuilt(backend?: Backend): Engine {
    this.checkNotDisposed('use');
    const wanted = backend ?? this.engine?.backend ?? this.preferredBackend ?? getBackend();
    if (this.engine && this.engine.backend === wanted) return this.engine;
    if (this.layers.length === 0) throw new ConfigError(`backprop: model ${this.name} has no layers`);
    const carried = this.engine ? this.snapshotWeights() : undefined;
    this.freeEngine();
    const { trainable, nonTrainable } = this.countParams();
    if (trainable + nonTrainable > MAX_PARAMETERS) {
      throw new ConfigError(`backprop: model ${this.name} has ${trainable + nonTrainable} parameters; at most ${MAX_PARAMETERS} are supported`);
    }
    // Lay the weights out in order; the flat buffers are allocated once for the model's life.
    let offset = 0;
    let maxWeightSize = 0;
    let needsL1 = false;
    for (const { weight } of this.trainableWeights()) {
      weight.slice = { offset, length: weight.size };
      offset += weight.size;
      maxWeightSize = Math.max(maxWeightSize, weight.size);
      if (weight.regularizer && weight.regularizer.l1 > 0) needsL1 = true;
    }
    let stateOffset = 0;
    for (const { weight } of this.nonTrainableWeights()) {
      weight.slice = { offset: stateOffset, length: weight.size };
      stateOffset += weight.size;
    }
    const params = wanted.allocate(Math.max(1, trainable));
    const grads = wanted.allocate(Math.max(1, trainable));
    const state = wanted.allocate(Math.max(1, nonTrainable));
    const regScratch = needsL1 ? wanted.allocate(2 * maxWeightSize) : null;
    this.engine = {
      backend: wanted, params, grads, state, paramCount: trainable, stateCount: nonTrainable,
      regScratch, maxWeightSize, optState: null, work: null, inferenceWork: null, capacity: 0,
      inputSlot: { offset: 0, length: 0 }, targetSlot: { offset: 0, length: 0 }, probsSlot: { offset: 0, length: 0 },
    };
    if (carried) this.restoreWeights(carried);
    else this.initializeWeights();
    if (this.optimizer) this.allocateOptimizerState();
    return this.engine;
  }

  private initializeWeights(): void {
    const engine = this.engine!;
    const random = new Random(this.seed);
    for (const [group, target] of [[this.trainableWeights(), engine.params], [this.nonTrainableWeights(), engine.state]] as const) {
      for (const { weight } of group) {
        const values = new Float32Array(weight.size);
        weight.initializer.fill(values, weight.fanIn, weight.fanOut, random);
        target.data.set(values, weight.slice.offset);
      }
    }
  }

  private allocateOptimizerState(): void {
    const engine = this.engine!;
    const optimizer = this.optimizer!;
    engine.optState?.free();
    engine.optState = null;
    const slots = optimizer.slotNames.length;
    if (slots === 0) return;
    engine.optState = engine.backend.allocate(Math.max(1, slots * engine.paramCount));
    for (const [i, name] of optimizer.slotNames.entries()) {
      const initial = optimizer.slotInitialValue(name);
      if (initial !== 0) engine.optState.data.fill(initial, i * engine.paramCount, (i + 1) * engine.paramCount);
    }
  }

  private freeEngine(): void {
    const e = this.engine;
    if (!e) return;
    for (const b of [e.params, e.grads, e.state, e.regScratch, e.optState, e.work, e.inferenceWork]) b?.free();
    this.engine = undefined;
    this.runtime = undefined;
    this.inferenceRuntime = undefined;
  }

  /**
   * Makes sure the workspace holds at least `rows` rows: the input, every layer's output, gradient and
   * scratch, the targets and a softmax scratch. One allocation; reused by every later batch that fits.
   */
  private ensureCapacity(rows: number): Engine {
    const engine = this.ensureBuilt();
    if (engine.work && engine.capacity >= rows) return engine;
    const planner = new Planner(rows);
    engine.inputSlot = planner.take(rows * this.inputUnits);
    let current = engine.inputSlot;
    for (const [i, layer] of this.layers.entries()) {
      current = layer.plan(planner, current, i === 0 ? null : this.layers[i - 1].dOutput);
    }
    engine.targetSlot = planner.take(rows * this.outputUnits);
    engine.probsSlot = planner.take(rows * this.outputUnits);
    engine.work?.free();
    engine.inferenceWork?.free();
    engine.inferenceWork = null;
    engine.work = engine.backend.allocate(planner.total);
    engine.capacity = rows;
    this.runtime = undefined;
    this.inferenceRuntime = undefined;
    return engine;
  }

  /** The training runtime (the workspace fit and trainOnBatch use); `random` replaces its stream. */
  private rt(random?: Random): ModelRuntime {
    const e = this.engine!;
    if (!this.runtime) {
      this.runtime = { backend: e.backend, params: e.params, grads: e.grads, state: e.state, work: e.work!, random: new Random(this.seed), reuseMasks: false };
    }
    if (random) this.runtime.random = random;
    return this.runtime;
  }

  /**
   * The runtime for predict and evaluate on at least `rows` rows (in batches of the capacity it returns).
   * Outside fit that is the training workspace, grown if needed. While fit runs the plan must not change
   * under it, so they get the inference workspace of the same plan and work in batches of fit's capacity.
   */
  private inferenceRt(rows: number): { rt: ModelRuntime; capacity: number } {
    if (this.operation !== 'fit') {
      const e = this.ensureCapacity(rows);
      return { rt: this.rt(), capacity: e.capacity };
    }
    const e = this.engine!;
    if (!e.inferenceWork) {
      e.inferenceWork = e.backend.allocate(e.work!.length);
      this.inferenceRuntime = undefined;
    }
    this.inferenceRuntime ??= { backend: e.backend, params: e.params, grads: e.grads, state: e.state, work: e.inferenceWork, random: new Random(this.seed), reuseMasks: false };
    return { rt: this.inferenceRuntime, capacity: e.capacity };
  }

  private checkNotDisposed(what: string): void {
    if (this.disposed) throw new ModelDisposedError(this.name, what);
  }

  /** Throws ModelBusyError while fit runs: `what` would change the state training depends on. */
  private checkIdle(what: string): void {
    this.checkNotDisposed(what);
    if (this.operation) throw new ModelBusyError(this.name, this.operation, what);
  }

  // ------------------------------------------------------------------ compile

  compile(args: CompileArgs): void {
    this.checkIdle('compile');
    if (typeof args !== 'object' || args === null) throw new TypeError('backprop: compile needs { optimizer, loss, metrics? }');
    if (this.layers.length === 0) throw new ConfigError(`backprop: model ${this.name} has no layers; add layers before compile`);
    const loss = resolveLoss(args.loss);
    const optimizer = resolveOptimizer(args.optimizer);
    const metricIds = args.metrics ?? [];
    if (!Array.isArray(metricIds)) throw new TypeError(`backprop: compile metrics must be an array of names; got ${describeValue(metricIds)}`);
    const metrics = metricIds.map((id) => resolveMetric(id, loss, this.outputUnits));
    this.checkLossFitsOutput(loss);
    const backend = checkBackendOption(args.backend, 'compile');
    if (backend) this.preferredBackend = backend;
    this.ensureBuilt(backend);
    this.loss = loss;
    this.optimizer = optimizer;
    this.metrics = metrics;
    this.metricIds = [...metricIds];
    // A new optimizer starts from fresh state (as a Keras recompile); the weights are kept.
    this.allocateOptimizerState();
  }

  private checkLossFitsOutput(loss: Loss): void {
    const last = this.layers[this.layers.length - 1];
    const act = last.outputActivation()?.activation.name;
    if ((loss.name === 'categoricalCrossentropy' || loss.name === 'sparseCategoricalCrossentropy') && !loss.fromLogits && act !== 'softmax') {
      throw new ConfigError(`backprop: ${loss.name} needs the last layer (${last.name}) to end with activation 'softmax' (it is fused with the softmax), or ${loss.name}({ fromLogits: true }) on a linear output; the last layer's activation is ${act ?? 'none'}`);
    }
    if (isSparse(loss) && this.outputUnits < 2) {
      throw new ConfigError(`backprop: sparseCategoricalCrossentropy needs at least 2 output units; layer ${last.name} has ${this.outputUnits}`);
    }
  }

  private requireCompiled(what: string): { loss: Loss; optimizer: Optimizer } {
    if (!this.loss || !this.optimizer) throw new ConfigError(`backprop: model ${this.name} must be compiled before ${what}: call model.compile({ optimizer, loss })`);
    return { loss: this.loss, optimizer: this.optimizer };
  }

  // ------------------------------------------------------------------ forward, loss, backward

  private forward(rt: ModelRuntime, rows: number, training: boolean): void {
    for (const layer of this.layers) layer.forward(rt, rows, training);
  }

  /**
   * The loss of the planned batch and its gradient in the last layer's dOutput. Softmax with a
   * cross-entropy runs the fused kernel on the logits, sigmoid with binary cross-entropy the fused logits
   * kernel; otherwise the loss kernel runs on the output and the layer's activation backward follows.
   */
  private lossAndGradient(rt: ModelRuntime, rows: number, loss: Loss): { value: number; gradIsPreActivation: boolean } {
    const e = this.engine!;
    const b = e.backend;
    const work = rt.work;
    const last = this.layers[this.layers.length - 1];
    const units = this.outputUnits;
    const n = rows * units;
    const out = view(work, last.output, n);
    const grad = view(work, last.dOutput, n);
    const target = view(work, e.targetSlot, isSparse(loss) ? rows : n);
    const act = last.outputActivation();
    if (act && !loss.fromLogits) {
      const pre = view(work, act.pre, n);
      if (act.activation.name === 'softmax' && loss.name === 'categoricalCrossentropy') {
        return { value: b.softmaxCrossEntropy(rows, units, pre, target, out, grad), gradIsPreActivation: true };
      }
      if (act.activation.name === 'softmax' && loss.name === 'sparseCategoricalCrossentropy') {
        return { value: b.sparseSoftmaxCrossEntropy(rows, units, pre, target, out, grad), gradIsPreActivation: true };
      }
      if (act.activation.name === 'sigmoid' && loss.name === 'binaryCrossentropy') {
        return { value: b.bceLogitsLoss(rows, units, pre, target, grad), gradIsPreActivation: true };
      }
    }
    const probs = view(work, e.probsSlot, n);
    return { value: lossOnOutput(b, loss, rows, units, out, target, grad, probs), gradIsPreActivation: false };
  }

  private backward(rt: ModelRuntime, rows: number, gradIsPreActivation: boolean): void {
    for (let i = this.layers.length - 1; i >= 0; i--) this.layers[i].backward(rt, rows, i === this.layers.length - 1 && gradIsPreActivation);
  }

  /** The regularization penalty; with `addGradient` its gradient is added to the gradient buffer. */
  private regularize(addGradient: boolean): number {
    const e = this.engine!;
    let penalty = 0;
    for (const { weight } of this.trainableWeights()) {
      const r = weight.regularizer;
      if (!r) continue;
      const w = view(e.params, weight.slice);
      penalty += regularizerPenalty(e.backend, r, w);
      if (addGradient) {
        const scratch = e.regScratch?.data;
        const a = scratch ? scratch.subarray(0, e.maxWeightSize) : w;
        const s = scratch ? scratch.subarray(e.maxWeightSize, 2 * e.maxWeightSize) : w;
        addRegularizerGradient(e.backend, r, w, view(e.grads, weight.slice), a, s);
      }
    }
    return penalty;
  }

  /** Forward, loss, backward and regularizer gradients of the planned batch: grads hold dJ/dparams. */
  computeGradients(rows: number): number {
    const { loss } = this.requireCompiled('computing gradients');
    const rt = this.rt();
    this.forward(rt, rows, true);
    const { value, gradIsPreActivation } = this.lossAndGradient(rt, rows, loss);
    this.backward(rt, rows, gradIsPreActivation);
    return value + this.regularize(true);
  }

  /** One optimizer update of the planned batch: gradients, clipping, one optimizer kernel, constraints. */
  private trainStep(rows: number, gradientNorms?: Float64Array): StepResult {
    const { optimizer } = this.requireCompiled('training');
    const e = this.engine!;
    const lossValue = this.computeGradients(rows);
    if (gradientNorms) this.accumulateGradientNorms(gradientNorms);
    const n = e.paramCount;
    if (n > 0) {
      const grads = e.grads.data.subarray(0, n);
      optimizer.clipGradients(e.backend, grads, this.trainableWeights().map(({ weight }) => weight.slice));
      const slots: Float32Array[] = [];
      const opt = e.optState?.data;
      for (let i = 0; i < optimizer.slotNames.length; i++) slots.push(opt!.subarray(i * n, (i + 1) * n));
      optimizer.step(e.backend, e.params.data.subarray(0, n), e.grads.data.subarray(0, n), slots);
    }
    for (const { weight } of this.trainableWeights()) {
      if (weight.constraint) e.backend.maxNormProject(weight.shape[0], weight.shape[1] ?? 1, weight.constraint.maxValue, view(e.params, weight.slice));
    }
    return { loss: lossValue };
  }

  private accumulateGradientNorms(into: Float64Array): void {
    const e = this.engine!;
    for (const [i, layer] of this.layers.entries()) {
      let sum = 0;
      for (const l of flatten([layer])) for (const w of l.weights) { const g = view(e.grads, w.slice); sum += e.backend.sumOfSquares(g.length, g); }
      into[i] += Math.sqrt(sum);
    }
  }

  private loadBatch(rt: ModelRuntime, x: Tensor2D, y: Tensor2D | null, order: Uint32Array | null, start: number, end: number): void {
    const e = this.engine!;
    const rows = end - start;
    gatherRows(x, order, start, end, view(rt.work, e.inputSlot, rows * x.cols));
    if (y) gatherRows(y, order, start, end, view(rt.work, e.targetSlot, rows * y.cols));
  }

  private addMetrics(rt: ModelRuntime, rows: number, sums: Float64Array): void {
    const e = this.engine!;
    const n = rows * this.outputUnits;
    const out = view(rt.work, this.layers[this.layers.length - 1].output, n);
    const target = view(rt.work, e.targetSlot, isSparse(this.loss!) ? rows : n);
    for (const [i, m] of this.metrics.entries()) sums[i] += m.sum(rows, this.outputUnits, out, target);
  }

  // ------------------------------------------------------------------ public training API

  /**
   * Trains the model (Keras fit). A model runs one fit at a time: a second fit, or compile, trainOnBatch
   * or dispose while it runs (from a callback or another async task), throws ModelBusyError. predict,
   * evaluate, save and the weight accessors may be called from callbacks; predict and evaluate then run
   * in a workspace of their own, so the training run is the same with or without them.
   */
  async fit(x: TensorLike, y: TensorLike | number[], args: FitArgs = {}): Promise<History> {
    this.checkIdle('fit');
    this.operation = 'fit';
    try {
      return await this.runFit(x, y, args);
    } finally {
      this.operation = undefined;
    }
  }

  private async runFit(x: TensorLike, y: TensorLike | number[], args: FitArgs): Promise<History> {
    const { loss } = this.requireCompiled('fit');
    if (typeof args !== 'object' || args === null) throw new TypeError('backprop: fit options must be an object');
    const epochs = args.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 0) throw new InputError(`backprop: epochs must be an integer >= 0; got ${describeValue(args.epochs)}`);
    const batchSize = checkBatchSize(args.batchSize ?? 32);
    const initialEpoch = args.initialEpoch ?? 0;
    if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new InputError(`backprop: initialEpoch must be an integer >= 0; got ${describeValue(initialEpoch)}`);
    const verbose = args.verbose ?? 1;
    const shuffle = args.shuffle ?? true;
    const batchTransform = args.batchTransform;
    if (batchTransform !== undefined && typeof batchTransform !== 'function') {
      throw new InputError(`backprop: fit batchTransform must be a function (x, rows) => void; got ${typeof batchTransform}`);
    }
    const seed = args.seed ?? this.seed;
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new InputError(`backprop: fit seed must be a finite number; got ${describeValue(args.seed)}`);
    const last = this.layers[this.layers.length - 1].name;

    let X = checkFeatures(x, this.inputUnits, this.layers[0].name, 'x');
    let Y = checkTargets(y, X.rows, this.outputUnits, isSparse(loss), last, 'y');
    let valX: Tensor2D | undefined;
    let valY: Tensor2D | undefined;
    if (args.validationData !== undefined) {
      if (!Array.isArray(args.validationData) || args.validationData.length !== 2) throw new InputError('backprop: validationData must be [xVal, yVal]');
      valX = checkFeatures(args.validationData[0], this.inputUnits, this.layers[0].name, 'validationData x');
      valY = checkTargets(args.validationData[1], valX.rows, this.outputUnits, isSparse(loss), last, 'validationData y');
    } else if (args.validationSplit !== undefined && args.validationSplit !== 0) {
      const split = args.validationSplit;
      if (typeof split !== 'number' || !(split > 0 && split < 1)) throw new InputError(`backprop: validationSplit must be a number in [0, 1); got ${describeValue(split)}`);
      const splitAt = Math.floor(X.rows * (1 - split));
      if (splitAt === 0 || splitAt === X.rows) {
        throw new InputError(`backprop: validationSplit ${split} of ${X.rows} rows leaves ${splitAt} for training and ${X.rows - splitAt} for validation; both need at least one`);
      }
      valX = sliceRows(X, splitAt, X.rows);
      valY = sliceRows(Y, splitAt, Y.rows);
      X = sliceRows(X, 0, splitAt);
      Y = sliceRows(Y, 0, splitAt);
    }

    const n = X.rows;
    this.ensureCapacity(Math.min(batchSize, Math.max(n, valX?.rows ?? 0)));
    const history = new History();
    if (args.callbacks !== undefined && !Array.isArray(args.callbacks)) {
      throw new InputError(`backprop: fit callbacks must be an array like [callbacks.earlyStopping()]; got ${describeValue(args.callbacks)}`);
    }
    const callbacks = [...(args.callbacks ?? [])];
    if (verbose > 0) callbacks.push(epochLogger(epochs, args.printFn ?? ((line) => console.log(line))));
    const list = new CallbackList(callbacks, this);
    const params = { epochs, initialEpoch, batchSize, samples: n, steps: Math.ceil(n / batchSize), verbose, metrics: this.logKeys(valX !== undefined) };
    history.params = params;
    list.setParams(params);
    const wantsBatches = list.wantsBatches;
    const metricSums = new Float64Array(this.metrics.length);
    const gradientNorms = args.recordGradientNorms ? new Float64Array(this.layers.length) : undefined;

    this.stopTraining = false;
    await list.trainBegin({});
    for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
      await list.epochBegin(epoch, {});
      const random = epochRandom(seed, epoch);
      const order = shuffle ? random.permutation(n) : null;
      const rt = this.rt(random);
      let lossSum = 0;
      metricSums.fill(0);
      gradientNorms?.fill(0);
      let seen = 0;
      let batches = 0;
      for (let start = 0, batch = 0; start < n; start += batchSize, batch++) {
        const end = Math.min(n, start + batchSize);
        const rows = end - start;
        if (wantsBatches) await list.batchBegin(batch, { batch, size: rows });
        this.loadBatch(rt, X, Y, order, start, end);
        if (batchTransform) batchTransform(view(rt.work, this.engine!.inputSlot, rows * X.cols), rows);
        const { loss: value } = this.trainStep(rows, gradientNorms);
        lossSum += value * rows;
        seen += rows;
        batches++;
        this.addMetrics(rt, rows, metricSums);
        if (wantsBatches || !Number.isFinite(value)) {
          const logs: Logs = { batch, size: rows, loss: value };
          for (const [i, m] of this.metrics.entries()) logs[m.name] = metricSums[i] / seen;
          await list.batchEnd(batch, logs);
          if (!Number.isFinite(value) && !this.stopTraining) throw new NonFiniteLossError(epoch, batch, value);
        }
        if (this.stopTraining) break;
        await yieldToEventLoop();
      }
      const logs: Logs = { loss: lossSum / seen };
      for (const [i, m] of this.metrics.entries()) logs[m.name] = metricSums[i] / seen;
      if (valX && valY) {
        const val = this.evaluateTensors(valX, valY, batchSize, true);
        for (const [key, value] of Object.entries(val)) logs[`val_${key}`] = value;
      }
      if (gradientNorms) {
        for (const [i, layer] of this.layers.entries()) history.recordGradientNorm(layer.name, gradientNorms[i] / batches);
      }
      // Callbacks may add to the logs (lr), so the history records them afterwards.
      await list.epochEnd(epoch, logs);
      history.record(epoch, logs);
    }
    await list.trainEnd({});
    return history;
  }

  private logKeys(withValidation: boolean): string[] {
    const keys = ['loss', ...this.metrics.map((m) => m.name)];
    return withValidation ? [...keys, ...keys.map((k) => `val_${k}`)] : keys;
  }

  /** One update on exactly this batch. Returns the loss, or [loss, ...metrics] when metrics are compiled. */
  trainOnBatch(x: TensorLike, y: TensorLike | number[]): number | number[] {
    this.checkIdle('trainOnBatch');
    const { loss } = this.requireCompiled('trainOnBatch');
    const X = checkFeatures(x, this.inputUnits, this.layers[0].name, 'x');
    const Y = checkTargets(y, X.rows, this.outputUnits, isSparse(loss), this.layers[this.layers.length - 1].name, 'y');
    this.ensureCapacity(X.rows);
    const rt = this.rt();
    this.loadBatch(rt, X, Y, null, 0, X.rows);
    const { loss: value } = this.trainStep(X.rows);
    if (this.metrics.length === 0) return value;
    const sums = new Float64Array(this.metrics.length);
    this.addMetrics(rt, X.rows, sums);
    return [value, ...Array.from(sums, (s) => s / X.rows)];
  }

  /** Loss (with regularization) and metrics in inference mode, as { loss, accuracy, ... }. */
  async evaluate(x: TensorLike, y: TensorLike | number[], args: EvaluateArgs = {}): Promise<Record<string, number>> {
    this.checkNotDisposed('evaluate');
    const { loss } = this.requireCompiled('evaluate');
    const batchSize = checkBatchSize(args.batchSize ?? 32);
    const X = checkFeatures(x, this.inputUnits, this.layers[0].name, 'x');
    const Y = checkTargets(y, X.rows, this.outputUnits, isSparse(loss), this.layers[this.layers.length - 1].name, 'y');
    return this.evaluateTensors(X, Y, batchSize);
  }

  /** `ownValidation`: fit's validation, which runs between its batches in the training workspace. */
  private evaluateTensors(X: Tensor2D, Y: Tensor2D, batchSize: number, ownValidation = false): Record<string, number> {
    const loss = this.loss!;
    const wanted = Math.min(batchSize, X.rows);
    const { rt, capacity } = ownValidation ? { rt: this.rt(), capacity: this.ensureCapacity(wanted).capacity } : this.inferenceRt(wanted);
    let lossSum = 0;
    const sums = new Float64Array(this.metrics.length);
    for (let start = 0; start < X.rows; start += capacity) {
      const end = Math.min(X.rows, start + capacity);
      const rows = end - start;
      this.loadBatch(rt, X, Y, null, start, end);
      this.forward(rt, rows, false);
      lossSum += this.lossAndGradient(rt, rows, loss).value * rows;
      this.addMetrics(rt, rows, sums);
    }
    const result: Record<string, number> = { loss: lossSum / X.rows + this.regularize(false) };
    for (const [i, m] of this.metrics.entries()) result[m.name] = sums[i] / X.rows;
    return result;
  }

  /** Outputs for x in inference mode (no dropout, running batch-norm statistics), in batches. */
  predict(x: TensorLike, args: EvaluateArgs = {}): Tensor2D {
    this.checkNotDisposed('predict');
    const batchSize = checkBatchSize(args.batchSize ?? 32);
    const X = checkFeatures(x, this.inputUnits, this.layers[0].name, 'x');
    const { rt, capacity } = this.inferenceRt(Math.min(batchSize, X.rows));
    const out = new Float32Array(X.rows * this.outputUnits);
    const last = this.layers[this.layers.length - 1];
    for (let start = 0; start < X.rows; start += capacity) {
      const end = Math.min(X.rows, start + capacity);
      this.loadBatch(rt, X, null, null, start, end);
      this.forward(rt, end - start, false);
      out.set(view(rt.work, last.output, (end - start) * this.outputUnits), start * this.outputUnits);
    }
    return new Tensor2D(out, [X.rows, this.outputUnits]);
  }

  // ------------------------------------------------------------------ weights

  /** Copies trainable parameters then running statistics into one array (reused when `into` fits). */
  snapshotWeights(into?: Float32Array): Float32Array {
    const e = this.ensureBuilt();
    const total = e.paramCount + e.stateCount;
    const out = into && into.length === total ? into : new Float32Array(total);
    out.set(e.params.data.subarray(0, e.paramCount));
    out.set(e.state.data.subarray(0, e.stateCount), e.paramCount);
    return out;
  }

  restoreWeights(snapshot: Float32Array): void {
    const e = this.ensureBuilt();
    if (snapshot.length !== e.paramCount + e.stateCount) {
      throw new InputError(`backprop: model ${this.name} has ${e.paramCount + e.stateCount} weights; the snapshot has ${snapshot.length}`);
    }
    e.params.data.set(snapshot.subarray(0, e.paramCount));
    e.state.data.set(snapshot.subarray(e.paramCount));
  }

  /** Every weight as { name: 'layer/kernel', shape, values } (copies), trainable first per layer order. */
  getWeights(): { name: string; shape: number[]; values: Float32Array }[] {
    const e = this.ensureBuilt();
    return [
      ...this.trainableWeights().map(({ layer, weight }) => ({ name: `${layer.name}/${weight.name}`, shape: [...weight.shape], values: view(e.params, weight.slice).slice() })),
      ...this.nonTrainableWeights().map(({ layer, weight }) => ({ name: `${layer.name}/${weight.name}`, shape: [...weight.shape], values: view(e.state, weight.slice).slice() })),
    ];
  }

  /** Sets weights in getWeights() order; each must have the right number of values. */
  setWeights(weights: { values: Float32Array | number[] }[] | (Float32Array | number[])[]): void {
    const e = this.ensureBuilt();
    const all = [
      ...this.trainableWeights().map((w) => ({ ...w, buffer: e.params })),
      ...this.nonTrainableWeights().map((w) => ({ ...w, buffer: e.state })),
    ];
    if (!Array.isArray(weights) || weights.length !== all.length) {
      throw new InputError(`backprop: model ${this.name} has ${all.length} weights; setWeights got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    for (const [i, { layer, weight, buffer }] of all.entries()) {
      const given: unknown = weights[i];
      const values = given instanceof Float32Array || Array.isArray(given) ? given
        : typeof given === 'object' && given !== null ? (given as { values?: unknown }).values : undefined;
      if (!(values instanceof Float32Array) && !Array.isArray(values)) {
        throw new InputError(`backprop: setWeights entry ${i} (${layer.name}/${weight.name}) must be a Float32Array, an array of numbers or { values }; got ${describeValue(given)}`);
      }
      if (values.length !== weight.size) {
        throw new InputError(`backprop: weight ${layer.name}/${weight.name} has shape [${weight.shape.join(', ')}] (${weight.size} values); got ${values.length}`);
      }
      for (let k = 0; k < values.length; k++) {
        if (typeof values[k] !== 'number' || !Number.isFinite(values[k])) throw new InputError(`backprop: weight ${layer.name}/${weight.name} value ${k} must be a finite number; got ${describeValue(values[k])}`);
      }
      view(buffer, weight.slice).set(values);
    }
  }

  /**
   * Saves the topology and weights (and with includeOptimizer the optimizer state): to a directory in
   * Node (model.json and the weights file it names; the previous save is replaced in one atomic step,
   * see docs/model-format.md), and always returned in memory as artifacts. Throws NonFiniteWeightError,
   * writing nothing, when a weight is NaN or infinite.
   */
  save(target?: string, options: SaveOptions = {}): Promise<ModelArtifacts> {
    return saveModel(this, target, options);
  }

  getLearningRate(): number {
    this.checkNotDisposed('getLearningRate');
    return this.requireCompiled('reading the learning rate').optimizer.currentLearningRate();
  }

  setLearningRate(lr: number): void {
    this.checkNotDisposed('setLearningRate');
    const { optimizer } = this.requireCompiled('setting the learning rate');
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) throw new RangeError(`backprop: learning rate must be a finite number >= 0; got ${describeValue(lr)}`);
    optimizer.learningRate = lr;
  }

  // ------------------------------------------------------------------ internals for io and numeric

  /** @internal The flat buffers, for saving, loading and gradient checks. */
  internals(): { engine: Engine; metricIds: string[]; planBatch: (rows: number) => void; runtime: (random?: Random) => Runtime & { reuseMasks: boolean };
    forward: (rows: number, training: boolean) => void; lossOnly: (rows: number) => number; loadBatch: (x: Tensor2D, y: Tensor2D) => void } {
    const engine = this.ensureBuilt();
    return {
      engine,
      metricIds: this.metricIds,
      planBatch: (rows) => { this.ensureCapacity(rows); this.rt(); },
      runtime: (random) => this.rt(random),
      forward: (rows, training) => this.forward(this.rt(), rows, training),
      lossOnly: (rows) => this.lossAndGradient(this.rt(), rows, this.requireCompiled('computing the loss').loss).value + this.regularize(false),
      loadBatch: (x, y) => this.loadBatch(this.rt(), x, y, null, 0, x.rows),
    };
  }

  /**
   * Frees the model's backend memory now. Optional: the memory of a model that is no longer reachable is
   * reclaimed when the garbage collector finalizes it; dispose() is for code that builds many models and
   * wants the memory back at once (finalizers run between event-loop tasks, so a synchronous loop that
   * builds thousands of models without awaiting anything must dispose them). Any later use of the model throws ModelDisposedError; calling dispose()
   * again does nothing; during fit it throws ModelBusyError.
   */
  dispose(): void {
    if (this.disposed) return;
    this.checkIdle('dispose');
    this.freeEngine();
    this.disposed = true;
  }

  /** Whether dispose() was called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Prints the layers, output shapes and parameter counts (Keras format). */
  summary(lineLength?: number, positions?: number[], printFn: (line: string) => void = (l) => console.log(l)): string {
    this.checkNotDisposed('summary');
    if (typeof printFn !== 'function') throw new TypeError(`backprop: summary printFn must be a function (line: string) => void; got ${describeValue(printFn)}`);
    const text = formatSummary(this, lineLength, positions);
    for (const line of text.split('\n')) printFn(line);
    return text;
  }
}

function flatten(layers: readonly Layer[]): Layer[] {
  return layers.flatMap((l) => [...flatten(l.sublayers()), l]);
}

/**
 * The random stream of one epoch: a function of (seed, epoch) only, so a run resumed at initialEpoch
 * shuffles and drops out exactly as the uninterrupted run.
 */
export function epochRandom(seed: number, epoch: number): Random {
  const base = new Random(seed).nextUint32();
  return new Random((base ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0);
}

function epochLogger(epochs: number, print: (line: string) => void): Callback {
  let started = 0;
  return {
    onEpochBegin: () => { started = Date.now(); },
    onEpochEnd: (epoch, logs) => {
      const parts = Object.entries(logs).map(([k, v]) => `${k}: ${v.toPrecision(4)}`);
      print(`Epoch ${epoch + 1}/${epochs} - ${Date.now() - started}ms - ${parts.join(' - ')}`);
    },
  };
}

/** sequential([...layers]) or sequential({ layers, name, seed, backend }). */
export function sequential(config: Layer[] | SequentialArgs = {}): Sequential {
  return new Sequential(Array.isArray(config) ? { layers: config } : config);
}
