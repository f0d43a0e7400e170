import { type Callback, CallbackList, type Logs, type TrainingModel } from '../callbacks/callback.js';
import { describeValue } from '../describe-value.js';
import { Random } from '../random.js';
import type { FeatureTransform, GatherOptions } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import type { Tensor2D, TensorLike } from '../tensor.js';
import type { BatchSource } from './batch-source.js';
import { checkBatchSize, dataTransform, isDataset } from './data.js';
import { type Engine, LOSS, type ModelRuntime } from './engine.js';
import { InputError, NonFiniteLossError } from '../errors.js';
import { History } from './history.js';
import { evaluateBatches } from './inference.js';
import { yieldToEventLoop } from './yield.js';

/** What fit trains on: a Dataset, or [x, y] (features and targets). */
export type TrainingData = Dataset | readonly [TensorLike, TensorLike | number[]];

/**
 * The options of model.fit, as Keras names them. `scale` and `scaler` (GatherOptions) turn a Dataset's
 * features into float32 as each batch is gathered, for training and for a validation Dataset; with
 * tensors they are refused (scale the tensors themselves).
 */
export interface FitArgs extends GatherOptions {
  /** Passes over the training data. Default 1. */
  epochs?: number;
  /** Rows per gradient step. Default 32. */
  batchSize?: number;
  /** 0: silent; 1 or 2: one line per epoch (Keras default 1). */
  verbose?: 0 | 1 | 2;
  /** The last fraction of the rows (before shuffling) is held out for validation, as Keras. */
  validationSplit?: number;
  /** [x, y] or a Dataset, evaluated after each epoch (logged as val_loss, val_<metric>). */
  validationData?: [TensorLike, TensorLike | number[]] | Dataset;
  /** Shuffle the rows before each epoch. Default true. */
  shuffle?: boolean;
  /** Seeds shuffling and dropout; epoch e uses a stream derived from (seed, e), so resuming matches. */
  seed?: number;
  /** Called at the start and end of training, epochs and batches. */
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

/** What the training loop needs besides the engine: the model callbacks see, and how it checks data. */
export interface FitTarget {
  readonly model: TrainingModel;
  readonly engine: Engine;
  /** The names of the top-level layers (gradient norms are recorded per top-level layer). */
  readonly layerNames: readonly string[];
  /**
   * The rows of `data`, checked as the model's first and last layers and its loss need them; `what` names
   * the data in errors.
   */
  batches(data: TrainingData, transform: FeatureTransform, what: 'x' | 'validationData'): BatchSource;
  /** The model's default seed. */
  readonly seed: number;
}

/** Keras fit: epochs of shuffled batches, one optimizer update per batch, callbacks and validation. */
export async function fit(target: FitTarget, data: TrainingData, args: FitArgs): Promise<History> {
  const { model, engine } = target;
  if (typeof args !== 'object' || args === null) throw new TypeError('backprop: fit options must be an object');
  const epochs = args.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new InputError(`backprop: epochs must be an integer >= 0; got ${describeValue(args.epochs)}`);
  const batchSize = checkBatchSize(args.batchSize ?? 32);
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0)
    throw new InputError(`backprop: initialEpoch must be an integer >= 0; got ${describeValue(initialEpoch)}`);
  const verbose = args.verbose ?? 1;
  const shuffle = args.shuffle ?? true;
  const batchTransform = args.batchTransform;
  if (batchTransform !== undefined && typeof batchTransform !== 'function') {
    throw new InputError(
      `backprop: fit batchTransform must be a function (x, rows) => void; got ${typeof batchTransform}`,
    );
  }
  const seed = args.seed ?? target.seed;
  if (typeof seed !== 'number' || !Number.isFinite(seed))
    throw new InputError(`backprop: fit seed must be a finite number; got ${describeValue(args.seed)}`);

  const transform = dataTransform('fit', data, args);
  let source = target.batches(data, transform, 'x');
  let validation: BatchSource | undefined;
  const validationData: unknown = args.validationData;
  if (validationData !== undefined) {
    if (Array.isArray(validationData) ? validationData.length !== 2 : !isDataset(validationData)) {
      throw new InputError(
        `backprop: validationData must be [xVal, yVal] or a Dataset; got ${describeValue(validationData)}`,
      );
    }
    validation = target.batches(validationData as TrainingData, transform, 'validationData');
  } else if (args.validationSplit !== undefined && args.validationSplit !== 0) {
    const split = args.validationSplit;
    if (typeof split !== 'number' || !(split > 0 && split < 1))
      throw new InputError(`backprop: validationSplit must be a number in [0, 1); got ${describeValue(split)}`);
    const rows = source.rows;
    const splitAt = Math.floor(rows * (1 - split));
    if (splitAt === 0 || splitAt === rows) {
      throw new InputError(
        `backprop: validationSplit ${split} of ${rows} rows leaves ${splitAt} for training and ${rows - splitAt} for validation; both need at least one`,
      );
    }
    validation = source.slice(splitAt, rows);
    source = source.slice(0, splitAt);
  }

  const n = source.rows;
  engine.ensureCapacity(Math.min(batchSize, Math.max(n, validation?.rows ?? 0)));
  const history = new History();
  if (args.callbacks !== undefined && !Array.isArray(args.callbacks)) {
    throw new InputError(
      `backprop: fit callbacks must be an array like [callbacks.earlyStopping()]; got ${describeValue(args.callbacks)}`,
    );
  }
  const callbacks = [...(args.callbacks ?? [])];
  if (verbose > 0) callbacks.push(epochLogger(epochs, args.printFn ?? ((line) => console.log(line))));
  const list = new CallbackList(callbacks, model);
  const { metrics } = engine.compiled!;
  const keys = ['loss', ...metrics.map((m) => m.name)];
  const logKeys = validation !== undefined ? [...keys, ...keys.map((k) => `val_${k}`)] : keys;
  const params = {
    epochs,
    initialEpoch,
    batchSize,
    samples: n,
    steps: Math.ceil(n / batchSize),
    verbose,
    metrics: logKeys,
  };
  history.params = params;
  list.setParams(params);
  const wantsBatches = list.wantsBatches;
  const metricSums = new Float64Array(metrics.length);
  const gradientNorms = args.recordGradientNorms ? new Float64Array(target.layerNames.length) : undefined;

  model.stopTraining = false;
  await list.trainBegin({});
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await list.epochBegin(epoch, {});
    const random = epochRandom(seed, epoch);
    const order = shuffle ? random.permutation(n) : null;
    const rt = engine.runtime(random);
    let lossSum = 0;
    metricSums.fill(0);
    gradientNorms?.fill(0);
    let seen = 0;
    let batches = 0;
    for (let start = 0, batch = 0; start < n; start += batchSize, batch++) {
      const end = Math.min(n, start + batchSize);
      const rows = end - start;
      if (wantsBatches) await list.batchBegin(batch, { batch, size: rows });
      trainBatch(engine, rt, source, order, start, end, batchTransform, gradientNorms, metricSums);
      const value = engine.stepScalars[LOSS];
      lossSum += value * rows;
      seen += rows;
      batches++;
      if (wantsBatches || !Number.isFinite(value)) {
        const logs: Logs = { batch, size: rows, loss: value };
        for (let i = 0; i < metrics.length; i++) logs[metrics[i].name] = metricSums[i] / seen;
        await list.batchEnd(batch, logs);
        if (!Number.isFinite(value) && !model.stopTraining) throw new NonFiniteLossError(epoch, batch, value);
      }
      if (model.stopTraining) break;
      await yieldToEventLoop();
    }
    const logs: Logs = { loss: lossSum / seen };
    for (let i = 0; i < metrics.length; i++) logs[metrics[i].name] = metricSums[i] / seen;
    if (validation) {
      const val = evaluateBatches(engine, engine.runtime(), validation);
      for (const [key, value] of Object.entries(val)) logs[`val_${key}`] = value;
    }
    if (gradientNorms) {
      for (let i = 0; i < target.layerNames.length; i++)
        history.recordGradientNorm(target.layerNames[i], gradientNorms[i] / batches);
    }
    // Callbacks may add to the logs (lr), so the history records them afterwards.
    await list.epochEnd(epoch, logs);
    history.record(epoch, logs);
  }
  await list.trainEnd({});
  return history;
}

/** trainOnBatch: one update on exactly (x, y). Returns the loss, or [loss, ...metrics] when metrics are compiled. */
export function trainOnce(engine: Engine, x: Tensor2D, y: Tensor2D): number | number[] {
  // fit's step (trainBatch) without its batch source and metric sums, which would be new objects on every call
  // when a loop calls this once per row.
  const rows = x.rows;
  engine.ensureCapacity(rows);
  const rt = engine.runtime();
  engine.loadBatch(rt, x, y, null, 0, rows);
  engine.trainStep(rows);
  const loss = engine.stepScalars[LOSS];
  const metrics = engine.compiled!.metrics.length;
  if (metrics === 0) return loss;
  const sums = new Float64Array(metrics);
  engine.addMetrics(rt, rows, sums);
  return [loss, ...Array.from(sums, (s) => s / rows)];
}

/**
 * One batch of fit: rows [start, end) of `source` (in `order` when shuffled) are gathered into the
 * workspace, transformed, trained on, and the metrics' sums over the batch added to `metricSums`. The batch
 * loss is left in engine.stepScalars[LOSS]. In steady state it allocates nothing.
 */
export function trainBatch(
  engine: Engine,
  rt: ModelRuntime,
  source: BatchSource,
  order: Uint32Array | null,
  start: number,
  end: number,
  batchTransform: FitArgs['batchTransform'],
  gradientNorms: Float64Array | undefined,
  metricSums: Float64Array,
): void {
  const rows = end - start;
  engine.loadFrom(rt, source, order, start, end, true);
  if (batchTransform) batchTransform(engine.input(rt, rows), rows);
  engine.trainStep(rows, gradientNorms);
  engine.addMetrics(rt, rows, metricSums);
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
    onEpochBegin: () => {
      started = Date.now();
    },
    onEpochEnd: (epoch, logs) => {
      const parts = Object.entries(logs).map(([k, v]) => `${k}: ${v.toPrecision(4)}`);
      print(`Epoch ${epoch + 1}/${epochs} - ${Date.now() - started}ms - ${parts.join(' - ')}`);
    },
  };
}
