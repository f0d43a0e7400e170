import type { Backend } from '../backends/contract.js';
import { getBackend } from '../backends/current.js';
import type { TrainingModel } from '../callbacks/callback.js';
import { describeValue } from '../describe-value.js';
import type { Layer } from '../layers/layer.js';
import { isSparse, type Loss } from '../losses.js';
import type { Metric } from '../metrics.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Tensor2D, TensorLike } from '../tensor.js';
import { checkBackendOption } from './backendOption.js';
import { type CompileArgs, resolveCompileArgs } from './compile.js';
import { checkBatchSize, checkFeatures } from './data.js';
import { Engine, type GradientProbe, type NamedWeight, type StoredWeights, type Training } from './engine.js';
import { ConfigError, ModelBusyError, ModelDisposedError } from '../errors.js';
import { type FitArgs, fit as runFit, trainOnce } from './fit.js';
import type { History } from './history.js';
import { evaluateBatches, predictBatches } from './inference.js';
import { LayerStack } from './layerStack.js';
import { type ModelArtifacts, saveModel, type SaveOptions } from './save.js';
import { formatSummary } from './summary.js';
import { getWeightValues, restoreWeightValues, setWeightValues, snapshotWeightValues } from './weights.js';

export type { CompileArgs } from './compile.js';
export type { FitArgs } from './fit.js';
export { MAX_PARAMETERS } from './engine.js';

/** The options of sequential(). */
export interface SequentialArgs {
  /** The layers, first to last; more can be added with model.add. */
  layers?: Layer[];
  /** The model's name. Default 'sequential'. */
  name?: string;
  /** Seeds the initial weights (and, unless fit gets its own seed, shuffles and dropout masks). */
  seed?: number;
  /** Run on this backend instead of the active one (getBackend()). */
  backend?: Backend;
}

/** The options of model.evaluate. */
export interface EvaluateArgs {
  /** Rows per forward pass. Default 32. */
  batchSize?: number;
}

/**
 * A linear stack of layers with the Keras training API. Parameters, gradients, optimizer state and the
 * non-trainable state each live in one flat buffer of the backend; activations are planned per batch
 * capacity, so a steady-state training step allocates nothing.
 */
export class Sequential implements TrainingModel {
  /** The model's name. */
  readonly name: string;
  stopTraining = false;
  /** The seed of the initial weights (random when none was given). */
  readonly seed: number;
  /** The compiled optimizer; undefined before compile. */
  optimizer: Optimizer | undefined;
  /** The compiled loss; undefined before compile. */
  loss: Loss | undefined;
  /** The compiled metrics. */
  metrics: Metric[] = [];
  /** The metric names compile was given (as saved). */
  metricNames: readonly string[] = [];
  private readonly stack: LayerStack;
  private preferredBackend: Backend | undefined;
  /** The loss route, optimizer and metrics of the last compile (they outlive a move to another backend). */
  private training: Training | undefined;
  private engine: Engine | undefined;
  /** The operation that owns the model while it runs (fit awaits between batches); one at a time. */
  private operation: 'fit' | undefined;
  private disposed = false;

  constructor(args: SequentialArgs = {}) {
    if (typeof args !== 'object' || args === null) throw new TypeError('backprop: sequential takes an array of layers or { layers, name, seed }');
    this.name = args.name ?? 'sequential';
    const seed = args.seed ?? Math.floor(Math.random() * 4294967296);
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`backprop: the model seed must be a finite number; got ${describeValue(args.seed)}`);
    this.seed = seed;
    this.stack = new LayerStack(this.name);
    this.preferredBackend = checkBackendOption(args.backend, 'sequential');
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** Appends a layer; its input width comes from the previous layer (or its own inputShape). */
  add(layer: Layer): void {
    this.checkNotDisposed('add');
    this.stack.checkLayer(layer);
    if (this.engine) throw new ConfigError(`backprop: model ${this.name} is already built; add layers before compile, fit or predict`);
    this.stack.add(layer);
  }

  /** The layers, first to last (nested ones stay inside their block). */
  get layers(): readonly Layer[] {
    return this.stack.layers;
  }

  /** The number of input features. */
  get inputUnits(): number {
    return this.stack.inputUnits;
  }

  /** [null, outputs], the batch dimension first, as Keras. */
  get outputShape(): [null, number] {
    return [null, this.stack.outputUnits];
  }

  /** Every layer, nested ones (residual blocks) before their block, in weight order. */
  allLayers(): Layer[] {
    return this.stack.allLayers();
  }

  /** Trainable weights in the order of the flat parameter buffer, with their layer names. */
  trainableWeights(): readonly NamedWeight[] {
    return this.stack.weights().trainable;
  }

  /** Non-trainable weights (running statistics) in the order of the flat state buffer. */
  nonTrainableWeights(): readonly NamedWeight[] {
    return this.stack.weights().nonTrainable;
  }

  /** The number of trainable parameters and of non-trainable values (running statistics). */
  countParams(): {
    /** The number of trainable parameters. */
    trainable: number;
    /** The number of non-trainable values. */
    nonTrainable: number;
  } {
    return this.stack.countParams();
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
    const { layers, outputUnits } = this.stack;
    const engine = new Engine(wanted, this.name, layers, this.stack.weights(), this.inputUnits, outputUnits, this.seed);
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

  /** Sets the optimizer, the loss and the metrics (and builds the model): needed before fit and evaluate. */
  compile(args: CompileArgs): void {
    this.checkIdle('compile');
    if (this.layers.length === 0 && typeof args === 'object' && args !== null) {
      throw new ConfigError(`backprop: model ${this.name} has no layers; add layers before compile`);
    }
    const { training, metricNames, backend } = resolveCompileArgs(args, this.stack);
    if (backend) this.preferredBackend = backend;
    const engine = this.ensureBuilt(backend);
    this.loss = training.loss;
    this.optimizer = training.optimizer;
    this.metrics = [...training.metrics];
    this.metricNames = metricNames;
    this.training = training;
    // A new optimizer starts from fresh state (as a Keras recompile); the weights are kept.
    engine.compile(training);
  }

  private requireCompiled(what: string): Training {
    if (!this.training) throw new ConfigError(`backprop: model ${this.name} must be compiled before ${what}: call model.compile({ optimizer, loss })`);
    return this.training;
  }

  private checkData(x: TensorLike, y: TensorLike | number[], what: 'x' | 'validationData'): [Tensor2D, Tensor2D] {
    return this.stack.checkData(x, y, isSparse(this.requireCompiled('training').loss), what);
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
    return trainOnce(this.ensureBuilt(), X, Y);
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
    const X = checkFeatures(x, this.inputUnits, this.stack.first.name, 'x');
    const engine = this.ensureBuilt();
    return predictBatches(engine, engine.inference(Math.min(batchSize, X.rows), this.operation === 'fit'), X, this.stack.outputUnits);
  }

  // ------------------------------------------------------------------ weights

  /** Copies trainable parameters then running statistics into one array (reused when `into` fits). */
  snapshotWeights(into?: Float32Array): Float32Array {
    return snapshotWeightValues(this.ensureBuilt(), into);
  }

  restoreWeights(snapshot: Float32Array): void {
    restoreWeightValues(this.ensureBuilt(), this.name, snapshot);
  }

  /** Every weight as { name: 'layer/kernel', shape, values } (copies), trainable first per layer order. */
  getWeights(): {
    /** layer/weight, e.g. dense/kernel. */
    name: string;
    /** The weight's shape. */
    shape: number[];
    /** A copy of its values. */
    values: Float32Array;
  }[] {
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

/** sequential([...layers]) or sequential({ layers, name, seed, backend }). */
export function sequential(config: Layer[] | SequentialArgs = {}): Sequential {
  return new Sequential(Array.isArray(config) ? { layers: config } : config);
}
