/**
 * Where fit, evaluate and predict take their rows from, a batch at a time, straight into the model's
 * workspace: tensors (rows copied) or a Dataset (features transformed as they are gathered, so byte
 * images are never held as float32 all at once; labels made into the targets the compiled loss reads).
 * A source is checked once, when it is made; loading a batch allocates nothing.
 */
import type { Backend } from '../backends/contract.js';
import { gatherByteRows } from '../backends/js/gather.js';
import { trustedBackend } from '../backends/unchecked.js';
import { type FeatureTransform, checkFeatureCount, gatherFeatures } from '../data/batches.js';
import { checkDataset, type Dataset, datasetRows, datasetSampleShape } from '../data/dataset.js';
import { formatShape, sameShape } from '../layers/layer.js';
import { InputError } from '../errors.js';
import type { Tensor2D } from '../tensor.js';
import { checkFiniteValues, gatherRows, sliceRows } from './data.js';

/** Rows to load into the model's input (and targets), a batch at a time. */
export interface BatchSource {
  /** The number of rows. */
  readonly rows: number;
  /**
   * Writes rows [start, end), or rows order[start, end) when `order` is given, into x (their features,
   * row-major) and, when y is given, their targets into y. `backend` is the one x belongs to (a source may
   * gather with its kernels). Allocates nothing in steady state.
   */
  load(
    order: Uint32Array | null,
    start: number,
    end: number,
    x: Float32Array,
    y: Float32Array | null,
    backend: Backend,
  ): void;
  /** Rows [start, end) as a source of their own, sharing this one's memory (validationSplit). */
  slice(start: number, end: number): BatchSource;
}

/** Rows of checked tensors: x, and y (targets as the compiled loss reads them) unless only predicting. */
export class TensorBatches implements BatchSource {
  constructor(
    readonly x: Tensor2D,
    readonly y: Tensor2D | null,
  ) {}

  get rows(): number {
    return this.x.rows;
  }

  load(order: Uint32Array | null, start: number, end: number, x: Float32Array, y: Float32Array | null): void {
    gatherRows(this.x, order, start, end, x);
    if (y !== null && this.y !== null) gatherRows(this.y, order, start, end, y);
  }

  slice(start: number, end: number): TensorBatches {
    return new TensorBatches(sliceRows(this.x, start, end), this.y && sliceRows(this.y, start, end));
  }
}

/**
 * How a Dataset's labels become targets: 'label' copies each row's label (a class index for a sparse loss,
 * a value or a 0/1 class for a single output); 'oneHot' writes a row of `width` zeros with a 1 at the label.
 */
export type TargetForm = 'label' | 'oneHot';

/** The largest finite float32: the kernels take a scale no larger (gatherByteRows's scale argument). */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Rows of a checked Dataset (made by datasetBatches). */
export class DatasetBatches implements BatchSource {
  /** The rows of the batch being gathered from bytes (grown to the largest batch, then reused). */
  private batchRows = new Uint32Array(0);
  /**
   * The arguments of gatherByteRows (rows, cols, count, scale, x, order, y) when the features are bytes under
   * a plain scale, which gatherByteRows computes with the same bits as gatherFeatures; else null. Prepared
   * once: the scale held here stays one boxed number, where reading it from the transform would box it anew
   * for every call into a kernel that is not inlined.
   */
  private readonly byteCall: unknown[] | null;
  /** Whether the backends' gatherByteRows takes the scale (a finite float32); else the js kernel runs. */
  private readonly kernelTakesScale: boolean;

  constructor(
    readonly data: Dataset,
    private readonly transform: FeatureTransform,
    private readonly targets: TargetForm,
    private readonly width: number,
  ) {
    const { scale, scaler } = transform;
    this.byteCall =
      data.x instanceof Uint8Array && scaler === undefined
        ? [data.rows, data.features, 0, scale, data.x, null, null]
        : null;
    this.kernelTakesScale = Math.abs(scale) <= FLOAT32_MAX;
  }

  get rows(): number {
    return this.data.rows;
  }

  load(
    order: Uint32Array | null,
    start: number,
    end: number,
    x: Float32Array,
    y: Float32Array | null,
    backend: Backend,
  ): void {
    const count = end - start;
    if (this.byteCall !== null) this.gatherBytes(order, start, count, x, backend);
    else gatherFeatures(this.data, order, start, count, x, this.transform);
    if (y === null) return;
    const labels = this.data.y;
    const width = this.width;
    if (this.targets === 'oneHot') y.fill(0, 0, count * width);
    for (let i = 0; i < count; i++) {
      const label = labels[order === null ? start + i : order[start + i]];
      if (this.targets === 'oneHot') y[i * width + label] = 1;
      else y[i] = label;
    }
  }

  slice(start: number, end: number): DatasetBatches {
    return new DatasetBatches(datasetRows(this.data, start, end), this.transform, this.targets, this.width);
  }

  /**
   * The byte features of rows order[start, start + count) (start.. when order is null) by gatherByteRows: the
   * backend's kernel where it reads the bytes where they lie (native splits a large batch over its threads);
   * elsewhere the js kernel, as the backend's would first copy the whole data set into its memory (wasm).
   * The arguments hold by construction (a checked Dataset, indices of its rows, a workspace of count rows),
   * so the backend's kernel runs without its argument checks where it has a variant without (js: the
   * checks of 128 row indices and the arrays took 5 % of the gather's instructions).
   */
  private gatherBytes(
    order: Uint32Array | null,
    start: number,
    count: number,
    x: Float32Array,
    backend: Backend,
  ): void {
    if (this.batchRows.length < count) this.batchRows = new Uint32Array(count);
    const rows = this.batchRows;
    if (order === null) for (let i = 0; i < count; i++) rows[i] = start + i;
    else for (let i = 0; i < count; i++) rows[i] = order[start + i];
    const call = this.byteCall!;
    call[2] = count;
    call[5] = rows;
    call[6] = x;
    const kernels = backend.readsHostArrays && this.kernelTakesScale ? trustedBackend(backend) : null;
    try {
      if (kernels === null) Reflect.apply(gatherByteRows, undefined, call);
      else Reflect.apply(kernels.gatherByteRows, kernels, call);
    } finally {
      call[6] = null; // the model's workspace is not kept alive by the source
    }
  }
}

/** The shape of the model a Dataset must fit: its first and last layers. */
export interface ModelShape {
  readonly inputUnits: number;
  /** The shape of one input sample. */
  readonly inputShape: readonly number[];
  readonly outputUnits: number;
  /** The names of the first and last layers, for errors. */
  readonly first: { readonly name: string };
  readonly last: { readonly name: string };
}

/**
 * A Dataset checked against the model: its features must be the first layer's input width, and with a
 * loss (`sparse` true or false; null when only predicting) its labels must make that loss's targets.
 * `what` names the argument in errors ('x', 'validationData').
 */
export function datasetBatches(
  data: Dataset,
  transform: FeatureTransform,
  model: ModelShape,
  sparse: boolean | null,
  what: string,
): DatasetBatches {
  const named = what === 'x' ? 'the Dataset' : `the ${what} Dataset`;
  try {
    checkDataset(data, named);
    checkFeatureCount(named, transform, data.features);
  } catch (error) {
    // The data helpers' TypeError or RangeError, as the InputError every model method throws for bad data.
    throw new InputError((error as Error).message, { cause: error });
  }
  const { features, classes } = data;
  const units = model.outputUnits;
  if (features !== model.inputUnits) {
    throw new InputError(
      model.inputShape.length === 1
        ? `backprop: layer ${model.first.name} expects ${model.inputUnits} features per row; ${named} has ${features}`
        : `backprop: layer ${model.first.name} expects samples of shape ${formatShape(model.inputShape)} (${model.inputUnits} values); ${named} has ${features} features per row`,
    );
  }
  // A flat model takes images as rows of pixels (an MLP on Fashion-MNIST); a model of images takes the
  // rows of a data set of the same width, and an image data set only if its images have its input shape.
  const sampleShape = datasetSampleShape(data);
  if (model.inputShape.length > 1 && sampleShape.length > 1 && !sameShape(sampleShape, model.inputShape)) {
    throw new InputError(
      `backprop: layer ${model.first.name} expects samples of shape ${formatShape(model.inputShape)}; ${named} holds images of shape ${formatShape(sampleShape)}`,
    );
  }
  if (data.x instanceof Float32Array) checkFiniteValues(data.x, features, `${named}'s x`);
  if (sparse === null) return new DatasetBatches(data, transform, 'label', 1);
  if (classes === 0) checkFiniteValues(data.y, 1, `${named}'s y`);
  const last = model.last.name;
  if (sparse) {
    if (classes === 0)
      throw new InputError(
        `backprop: sparseCategoricalCrossentropy takes class labels; ${named} has real-valued targets (classes 0)`,
      );
    if (classes > units)
      throw new InputError(
        `backprop: layer ${last} has ${units} classes (outputs); ${named} has ${classes} classes, so its labels need ${classes} outputs`,
      );
    return new DatasetBatches(data, transform, 'label', 1);
  }
  if (units === 1) {
    if (classes > 2)
      throw new InputError(
        `backprop: layer ${last} outputs 1 value per row; ${named} has ${classes} classes (one-hot targets need ${classes} outputs, class indices sparseCategoricalCrossentropy)`,
      );
    return new DatasetBatches(data, transform, 'label', 1);
  }
  if (classes === 0)
    throw new InputError(
      `backprop: layer ${last} outputs ${units} values per row; ${named} has one real-valued target per row (classes 0)`,
    );
  if (classes > units)
    throw new InputError(
      `backprop: layer ${last} outputs ${units} values per row; ${named} has ${classes} classes, so its one-hot targets need ${classes}`,
    );
  return new DatasetBatches(data, transform, 'oneHot', units);
}
