import type { Backend } from '../backends/contract.js';
import type { TrainingModel } from '../callbacks/callback.js';
import type { Layer } from '../layers/layer.js';
import { isSparse, type Loss } from '../losses.js';
import type { Metric } from '../metrics.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { FeatureTransform } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import { Tensor, Tensor2D, type TensorLike } from '../tensor.js';
import { type BatchSource, datasetBatches, TensorBatches } from './batch-source.js';
import { type CompileArgs, resolveCompileArgs } from './compile.js';
import { checkBatchSize, checkFeatures, dataArguments, dataTransform, isDataset } from './data.js';
import type { GradientProbe, NamedWeight, StoredWeights } from './engine.js';
import { EngineSlot } from './engine-slot.js';
import { type FitArgs, fit as runFit, type TrainingData, trainOnce } from './fit.js';
import type { History } from './history.js';
import { evaluateBatches } from './inference.js';
import { LayerStack, type ParamCounts } from './layer-stack.js';
import { checkLearningRateValue } from './learning-rate.js';
import { ModelLifecycle } from './lifecycle.js';
import { type ModelArtifacts, modelToBytes, saveModel, type SaveOptions } from './save.js';
import { type EvaluateArgs, resolveSequentialArgs, type SequentialArgs } from './sequential-args.js';
import { checkPredictOutput, inferenceChunkRows, predictRows, TensorRows } from './predict.js';
import { printSummary } from './summary.js';
import * as modelWeights from './weights.js';

export type { CompileArgs } from './compile.js';
export type { FitArgs, TrainingData } from './fit.js';
export type { EvaluateArgs, SequentialArgs } from './sequential-args.js';
export { MAX_PARAMETERS } from './engine.js';

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
  /** The engine (built on first use, on the model's backend) and the training of the last compile. */
  private readonly engine: EngineSlot;
  private readonly lifecycle: ModelLifecycle;
  /** The rows predict is running on (one object for every call). */
  private readonly predictSource = new TensorRows();

  constructor(args: SequentialArgs = {}) {
    const { name, seed, layers, backend } = resolveSequentialArgs(args);
    this.name = name;
    this.seed = seed;
    this.stack = new LayerStack(name);
    this.lifecycle = new ModelLifecycle(name);
    this.engine = new EngineSlot(this.stack, seed, backend, this.lifecycle);
    for (const layer of layers) this.add(layer);
  }

  /** Appends a layer; its input width comes from the previous layer (or its own inputShape). */
  add(layer: Layer): void {
    this.lifecycle.checkNotDisposed('add');
    this.stack.add(layer);
  }

  /** The top-level layers in order. */
  get layers(): readonly Layer[] {
    return this.stack.layers;
  }

  /** The number of features per input row (the first layer's input width). */
  get inputUnits(): number {
    return this.stack.inputUnits;
  }

  /** [null, ...the shape of one input sample], as Keras (null: any number of rows). */
  get inputShape(): [null, ...number[]] {
    return [null, ...this.stack.inputShape];
  }

  /** [null, ...the shape of one output sample], as Keras: [null, units] after a dense layer. */
  get outputShape(): [null, ...number[]] {
    return [null, ...this.stack.outputShape];
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
  countParams(): ParamCounts {
    return this.stack.countParams();
  }

  /** The backend the model runs on (once built). */
  get backend(): Backend {
    return this.engine.get().backend;
  }

  /** Sets the optimizer, loss and metrics (Keras compile); with `backend` the weights move to that backend. */
  compile(args: CompileArgs): void {
    this.lifecycle.checkIdle('compile');
    const { training, metricNames, backend } = resolveCompileArgs(args, this.stack);
    this.engine.moveTo(backend);
    this.loss = training.loss;
    this.optimizer = training.optimizer;
    this.metrics = [...training.metrics];
    this.metricNames = metricNames;
    // A new optimizer starts from fresh state (as a Keras recompile); the weights are kept.
    this.engine.compile(training);
  }

  // ------------------------------------------------------------------ Keras training API

  /**
   * Trains the model (Keras fit) on a Dataset, fit(dataset, options), whose features options.scale or
   * options.scaler transform as each batch is gathered straight into the model (a data set of bytes is
   * never held as float32), or on features and targets, fit(x, y, options). A model runs one fit at a time: a second fit, or compile, trainOnBatch
   * or dispose while it runs (from a callback or another async task), throws ModelBusyError. predict,
   * evaluate, save and the weight accessors may be called from callbacks; predict and evaluate then run
   * in a workspace of their own, so the training run is the same with or without them.
   */
  fit(data: Dataset, args?: FitArgs): Promise<History>;
  fit(x: TensorLike, y: TensorLike | number[], args?: FitArgs): Promise<History>;
  async fit(x: TensorLike | Dataset, y?: TensorLike | number[] | FitArgs, args?: FitArgs): Promise<History> {
    return this.lifecycle.own('fit', () => {
      this.engine.requireCompiled('fit');
      const [data, options] = dataArguments('fit', x, y, args);
      const layerNames = this.layers.map((l) => l.name);
      const batches = this.batches.bind(this);
      const target = { model: this, engine: this.engine.get(), layerNames, seed: this.seed, batches };
      return runFit(target, data, options ?? {});
    });
  }

  /** One update on exactly this batch. Returns the loss, or [loss, ...metrics] when metrics are compiled. */
  trainOnBatch(x: TensorLike, y: TensorLike | number[]): number | number[] {
    this.lifecycle.checkIdle('trainOnBatch');
    this.engine.requireCompiled('trainOnBatch');
    const [X, Y] = this.checkData(x, y, 'x');
    return trainOnce(this.engine.get(), X, Y);
  }

  /**
   * Loss (with regularization) and metrics in inference mode, as { loss, accuracy, ... }: of a Dataset,
   * evaluate(dataset, options) (options.scale or options.scaler transform its features), or of x and y.
   */
  evaluate(data: Dataset, args?: EvaluateArgs): Promise<Record<string, number>>;
  evaluate(x: TensorLike, y: TensorLike | number[], args?: EvaluateArgs): Promise<Record<string, number>>;
  async evaluate(
    x: TensorLike | Dataset,
    y?: TensorLike | number[] | EvaluateArgs,
    args?: EvaluateArgs,
  ): Promise<Record<string, number>> {
    this.lifecycle.checkNotDisposed('evaluate');
    this.engine.requireCompiled('evaluate');
    const [data, options = {}] = dataArguments('evaluate', x, y, args);
    const batchSize = checkBatchSize(options.batchSize ?? 32);
    const source = this.batches(data, dataTransform('evaluate', data, options), 'x');
    return evaluateBatches(this.engine.get(), this.engine.inference(batchSize, source.rows), source);
  }

  /**
   * Outputs for x, a tensor or a Dataset (whose features options.scale or options.scaler transform), in
   * inference mode (no dropout, running batch-norm statistics). Rows run batchSize at a time when it is
   * given, else in chunks sized from the layer widths so each layer's output is still in cache when the
   * next layer reads it; the outputs are the same either way. The result has the model's output shape
   * with the batch first: a Tensor2D [rows, units] after a dense layer.
   */
  predict(x: TensorLike | Dataset, args: EvaluateArgs = {}): Tensor {
    this.lifecycle.checkNotDisposed('predict');
    const transform = dataTransform('predict', x, args);
    const units = this.stack.outputUnits;
    if (isDataset(x)) {
      const source = datasetBatches(x, transform, this.stack, null, 'x');
      const out = new Float32Array(source.rows * units);
      this.predictChecked(source, out, args);
      return this.outputTensor(out, source.rows);
    }
    const X = checkFeatures(x, this.stack.inputShape, this.stack.first.name, 'x', false);
    const out = new Float32Array(X.rows * units);
    this.predictTensor(X, out, args);
    return this.outputTensor(out, X.rows);
  }

  /**
   * predict into the caller's buffer: writes the outputs for x (rows x output units floats, row after row)
   * into `out`, which must have exactly that length and share no memory with x, and returns it. Nothing
   * else is allocated once the model has run a batch of this size, so a server can answer requests
   * without garbage.
   */
  predictInto(x: TensorLike, out: Float32Array, args?: EvaluateArgs): Float32Array {
    this.lifecycle.checkNotDisposed('predictInto');
    const X = checkFeatures(x, this.stack.inputShape, this.stack.first.name, 'x', false);
    this.predictTensor(X, checkPredictOutput(out, X, this.stack.outputUnits), args);
    return out;
  }

  /** predict's outputs as a tensor of the model's output shape: a Tensor2D when a sample's output is a vector. */
  private outputTensor(out: Float32Array, rows: number): Tensor {
    const shape = this.stack.outputShape;
    return shape.length === 1 ? new Tensor2D(out, [rows, shape[0]]) : new Tensor(out, [rows, ...shape]);
  }

  private predictTensor(X: Tensor2D, out: Float32Array, args: EvaluateArgs | undefined): void {
    try {
      this.predictChecked(this.predictSource.of(X), out, args);
    } finally {
      this.predictSource.release();
    }
  }

  private predictChecked(source: BatchSource, out: Float32Array, args: EvaluateArgs | undefined): void {
    const batchSize = args?.batchSize;
    const chunk = batchSize === undefined ? inferenceChunkRows(this.stack.layers) : checkBatchSize(batchSize);
    const rt = this.engine.inference(chunk, source.rows);
    const engine = this.engine.get();
    predictRows(engine, rt, source, out, Math.min(chunk, engine.capacity));
  }

  // ------------------------------------------------------------------ weights

  /** Copies trainable parameters then running statistics into one array (reused when `into` fits). */
  snapshotWeights(into?: Float32Array): Float32Array {
    return modelWeights.snapshotWeightValues(this.engine.get(), into);
  }

  /** Sets trainable parameters then running statistics from a snapshotWeights() array. */
  restoreWeights(snapshot: Float32Array): void {
    modelWeights.restoreWeightValues(this.engine.get(), this.name, snapshot);
  }

  /** Every weight as { name: 'layer/kernel', shape, values } (copies), trainable first per layer order. */
  getWeights(): modelWeights.WeightValues[] {
    return modelWeights.getWeightValues(this.engine.get());
  }

  /** Sets weights in getWeights() order; each must have the right number of values. */
  setWeights(weights: { values: Float32Array | number[] }[] | (Float32Array | number[])[]): void {
    modelWeights.setWeightValues(this.engine.get(), this.name, weights);
  }

  /**
   * Saves the topology and weights (and with includeOptimizer the optimizer state): to a folder in Node,
   * Deno and Bun (model.json and the weights file it names; the previous save is replaced in one atomic
   * step, see docs/model-format.md), to 'indexeddb://name' or as a download ('downloads://name') in
   * browsers, and always returned in memory as artifacts. Throws NonFiniteWeightError, writing nothing,
   * when a weight is NaN or infinite.
   */
  save(target?: string, options: SaveOptions = {}): Promise<ModelArtifacts> {
    return saveModel(this, target, options);
  }

  /** The saved model as one Uint8Array (the single-file container), which loadModel(bytes) restores. */
  toBytes(options: SaveOptions = {}): Uint8Array<ArrayBuffer> {
    return modelToBytes(this, options);
  }

  /** The compiled optimizer's learning rate now (a schedule's value at the current step). */
  getLearningRate(): number {
    this.lifecycle.checkNotDisposed('getLearningRate');
    return this.engine.requireCompiled('reading the learning rate').optimizer.currentLearningRate();
  }

  /** Sets the compiled optimizer's learning rate to a number (>= 0); a schedule is replaced. */
  setLearningRate(lr: number): void {
    this.lifecycle.checkNotDisposed('setLearningRate');
    const { optimizer } = this.engine.requireCompiled('setting the learning rate');
    optimizer.learningRate = checkLearningRateValue(lr);
  }

  /** @internal The values of the flat buffers and the weight lists naming them, for saving and loading. */
  storedWeights(): StoredWeights {
    return this.engine.get();
  }

  /** @internal The batch, gradient and loss a gradient check drives. */
  gradientProbe(): GradientProbe {
    this.engine.requireCompiled('a gradient check');
    return this.engine.get();
  }

  /**
   * Frees the model's backend memory now. Optional: the memory of a model that is no longer reachable is
   * reclaimed when the garbage collector finalizes it; dispose() is for code that builds many models and
   * wants the memory back at once (finalizers run between event-loop tasks, so a synchronous loop that
   * builds thousands of models without awaiting anything must dispose them). Any later use of the model
   * throws ModelDisposedError; calling dispose() again does nothing; during fit it throws ModelBusyError.
   */
  dispose(): void {
    if (this.lifecycle.dispose()) this.engine.free();
  }

  /** Whether dispose() was called. */
  get isDisposed(): boolean {
    return this.lifecycle.disposed;
  }

  /** Prints the layers, output shapes and parameter counts (Keras format). */
  summary(lineLength?: number, positions?: number[], printFn: (line: string) => void = (l) => console.log(l)): string {
    this.lifecycle.checkNotDisposed('summary');
    return printSummary(this, lineLength, positions, printFn);
  }

  /** Checks features and targets as the first and last layers and the compiled loss need them. */
  private checkData(x: TensorLike, y: TensorLike | number[], what: 'x' | 'validationData'): [Tensor2D, Tensor2D] {
    return this.stack.checkData(x, y, isSparse(this.engine.requireCompiled('training').loss), what);
  }

  /** The rows of a Dataset or of [x, y], checked as the model and its compiled loss need them. */
  private batches(data: TrainingData, transform: FeatureTransform, what: 'x' | 'validationData'): BatchSource {
    if (!isDataset(data)) {
      const [x, y] = this.checkData(data[0], data[1], what);
      return new TensorBatches(x, y);
    }
    const sparse = isSparse(this.engine.requireCompiled('training').loss);
    return datasetBatches(data, transform, this.stack, sparse, what);
  }
}

/** sequential([...layers]) or sequential({ layers, name, seed, backend }). */
export function sequential(config: Layer[] | SequentialArgs = {}): Sequential {
  return new Sequential(Array.isArray(config) ? { layers: config } : config);
}
