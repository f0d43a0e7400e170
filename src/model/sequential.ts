import type { Backend } from '../backends/contract.js';
import { getBackend } from '../backends/current.js';
import type { TrainingModel } from '../callbacks/callback.js';
import { describeValue } from '../describe-value.js';
import { Layer } from '../layers/layer.js';
import { isSparse, type Loss, resolveLoss } from '../losses.js';
import { type Metric, resolveMetric } from '../metrics.js';
import { resolveOptimizer } from '../optimizers/index.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Tensor2D, TensorLike } from '../tensor.js';
import { checkBackendOption } from './backendOption.js';
import { checkBatchSize, checkFeatures, checkTargets } from './data.js';
import { Engine, type GradientProbe, LOSS, listWeights, type NamedWeight, type StoredWeights, type Training, type WeightLists } from './engine.js';
import { ConfigError, InputError, ModelBusyError, ModelDisposedError } from './errors.js';
import { type FitArgs, fit as runFit } from './fit.js';
import type { History } from './history.js';
import { evaluateBatches, predictBatches } from './inference.js';
import { resolveLossRoute } from './lossRoute.js';
import { type ModelArtifacts, saveModel, type SaveOptions } from './save.js';
import { formatSummary } from './summary.js';
import { getWeightValues, setWeightValues } from './weights.js';

export type { FitArgs } from './fit.js';
export { MAX_PARAMETERS } from './engine.js';

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

export interface EvaluateArgs {
  batchSize?: number;
}

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
  /** The metric names compile was given (as saved). */
  metricNames: readonly string[] = [];
  private preferredBackend: Backend | undefined;
  /** The loss route, optimizer and metrics of the last compile (they outlive a move to another backend). */
  private training: Training | undefined;
  private engine: Engine | undefined;
  /** Every weight of the layers added so far, listed once (add() starts the lists again). */
  private weightLists: WeightLists | undefined;
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
    this.weightLists = undefined;
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
  trainableWeights(): readonly NamedWeight[] {
    this.weightLists ??= listWeights(this.allLayers());
    return this.weightLists.trainable;
  }

  /** Non-trainable weights (running statistics) in the order of the flat state buffer. */
  nonTrainableWeights(): readonly NamedWeight[] {
    this.weightLists ??= listWeights(this.allLayers());
    return this.weightLists.nonTrainable;
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

  private ensureBuilt(backend?: Backend): Engine {
    this.checkNotDisposed('use');
    const wanted = backend ?? this.engine?.backend ?? this.preferredBackend ?? getBackend();
    if (this.engine && this.engine.backend === wanted) return this.engine;
    if (this.layers.length === 0) throw new ConfigError(`backprop: model ${this.name} has no layers`);
    const carried = this.engine ? this.snapshotWeights() : undefined;
    this.engine?.free();
    this.engine = undefined;
    this.trainableWeights();
    const engine = new Engine(wanted, this.name, this.layers, this.weightLists!, this.inputUnits, this.outputUnits, this.seed);
    this.engine = engine;
    if (carried) this.restoreWeights(carried);
    else engine.initializeWeights();
    if (this.training) engine.compile(this.training);
    return engine;
  }

  private checkNotDisposed(what: string): void {
    if (this.disposed) throw new ModelDisposedError(this.name, what);
  }

  /** Throws ModelBusyError while fit runs: `what` would change the state training depends on. */
  private checkIdle(what: string): void {
    this.checkNotDisposed(what);
    if (this.operation) throw new ModelBusyError(this.name, this.operation, what);
  }

  compile(args: CompileArgs): void {
    this.checkIdle('compile');
    if (typeof args !== 'object' || args === null) throw new TypeError('backprop: compile needs { optimizer, loss, metrics? }');
    if (this.layers.length === 0) throw new ConfigError(`backprop: model ${this.name} has no layers; add layers before compile`);
    const loss = resolveLoss(args.loss);
    const optimizer = resolveOptimizer(args.optimizer);
    const metricIds = args.metrics ?? [];
    if (!Array.isArray(metricIds)) throw new TypeError(`backprop: compile metrics must be an array of names; got ${describeValue(metricIds)}`);
    const metrics = metricIds.map((id) => resolveMetric(id, loss, this.outputUnits));
    const route = resolveLossRoute(loss, this.layers[this.layers.length - 1], this.outputUnits);
    const backend = checkBackendOption(args.backend, 'compile');
    if (backend) this.preferredBackend = backend;
    const engine = this.ensureBuilt(backend);
    this.loss = loss;
    this.optimizer = optimizer;
    this.metrics = metrics;
    this.metricNames = [...metricIds];
    this.training = { loss, route, optimizer, metrics };
    // A new optimizer starts from fresh state (as a Keras recompile); the weights are kept.
    engine.compile(this.training);
  }

  private requireCompiled(what: string): Training {
    if (!this.training) throw new ConfigError(`backprop: model ${this.name} must be compiled before ${what}: call model.compile({ optimizer, loss })`);
    return this.training;
  }

  /** Checks features and targets against the first and last layers; `what` names them in errors. */
  private checkData(x: TensorLike, y: TensorLike | number[], what: 'x' | 'validationData'): [Tensor2D, Tensor2D] {
    const sparse = isSparse(this.requireCompiled('training').loss);
    const X = checkFeatures(x, this.inputUnits, this.layers[0].name, what === 'x' ? 'x' : 'validationData x');
    const last = this.layers[this.layers.length - 1].name;
    return [X, checkTargets(y, X.rows, this.outputUnits, sparse, last, what === 'x' ? 'y' : 'validationData y')];
  }

  // ------------------------------------------------------------------ Keras training API

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
      this.requireCompiled('fit');
      const engine = this.ensureBuilt();
      const layerNames = this.layers.map((l) => l.name);
      return await runFit({ model: this, engine, layerNames, seed: this.seed, checkData: (a, b, what) => this.checkData(a, b, what) }, x, y, args);
    } finally {
      this.operation = undefined;
    }
  }

  /** One update on exactly this batch. Returns the loss, or [loss, ...metrics] when metrics are compiled. */
  trainOnBatch(x: TensorLike, y: TensorLike | number[]): number | number[] {
    this.checkIdle('trainOnBatch');
    this.requireCompiled('trainOnBatch');
    const [X, Y] = this.checkData(x, y, 'x');
    const engine = this.ensureBuilt();
    engine.ensureCapacity(X.rows);
    const rt = engine.runtime();
    engine.loadBatch(rt, X, Y, null, 0, X.rows);
    engine.trainStep(X.rows);
    const value = engine.stepScalars[LOSS];
    if (this.metrics.length === 0) return value;
    const sums = new Float64Array(this.metrics.length);
    engine.addMetrics(rt, X.rows, sums);
    return [value, ...Array.from(sums, (s) => s / X.rows)];
  }

  /** Loss (with regularization) and metrics in inference mode, as { loss, accuracy, ... }. */
  async evaluate(x: TensorLike, y: TensorLike | number[], args: EvaluateArgs = {}): Promise<Record<string, number>> {
    this.checkNotDisposed('evaluate');
    this.requireCompiled('evaluate');
    const batchSize = checkBatchSize(args.batchSize ?? 32);
    const [X, Y] = this.checkData(x, y, 'x');
    const engine = this.ensureBuilt();
    return evaluateBatches(engine, engine.inference(Math.min(batchSize, X.rows), this.operation === 'fit'), X, Y);
  }

  /** Outputs for x in inference mode (no dropout, running batch-norm statistics), in batches. */
  predict(x: TensorLike, args: EvaluateArgs = {}): Tensor2D {
    this.checkNotDisposed('predict');
    const batchSize = checkBatchSize(args.batchSize ?? 32);
    const X = checkFeatures(x, this.inputUnits, this.layers[0].name, 'x');
    const engine = this.ensureBuilt();
    return predictBatches(engine, engine.inference(Math.min(batchSize, X.rows), this.operation === 'fit'), X, this.outputUnits);
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
    return getWeightValues(this.ensureBuilt());
  }

  /** Sets weights in getWeights() order; each must have the right number of values. */
  setWeights(weights: { values: Float32Array | number[] }[] | (Float32Array | number[])[]): void {
    setWeightValues(this.ensureBuilt(), this.name, weights);
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

  /** @internal The values of the flat buffers and the weight lists naming them, for saving and loading. */
  storedWeights(): StoredWeights {
    return this.ensureBuilt();
  }

  /** @internal The batch, gradient and loss a gradient check drives. */
  gradientProbe(): GradientProbe {
    this.requireCompiled('a gradient check');
    return this.ensureBuilt();
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
    this.engine?.free();
    this.engine = undefined;
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

/** sequential([...layers]) or sequential({ layers, name, seed, backend }). */
export function sequential(config: Layer[] | SequentialArgs = {}): Sequential {
  return new Sequential(Array.isArray(config) ? { layers: config } : config);
}
