import { checkOptions } from '../options.js';
import { checkRank, Layer, type LayerArgs, type Planner, type Runtime, type Slice, view } from './layer.js';
import {
  type Padding,
  type Pair,
  resolvePadding,
  resolvePair,
  type WindowGeometry,
  windowGeometry,
} from './window-geometry.js';

/** The options of layers.maxPooling2d and layers.averagePooling2d, as Keras names them. */
export interface Pooling2DArgs extends LayerArgs {
  /** The window: [rows, columns], or one number for both. Default 2. */
  poolSize?: Pair;
  /** The step between windows. Default poolSize. */
  strides?: Pair;
  /** 'valid' (default) or 'same'. */
  padding?: Padding;
}

/**
 * A pooling window slid over channels-last images, each channel on its own (Keras MaxPooling2D and
 * AveragePooling2D): x rows x (h * w * c), y and dy rows x (oh * ow * c), dx rows x (h * w * c).
 */
abstract class Pooling2D extends Layer {
  /** [rows, columns] of the window. */
  readonly poolSize: [number, number];
  /** [rows, columns] of the step. */
  readonly strides: [number, number];
  /** 'valid' or 'same'. */
  readonly padding: Padding;
  protected geometry!: WindowGeometry;

  constructor(args: Pooling2DArgs, factory: string, prefix: string) {
    super(checkOptions(args, `layers.${factory}`, '{ poolSize: 2 }', true), prefix);
    const where = `layer ${this.name}`;
    this.poolSize = resolvePair(args.poolSize ?? 2, `${where}: poolSize`);
    this.strides = resolvePair(args.strides ?? this.poolSize, `${where}: strides`);
    this.padding = resolvePadding(args.padding, `${where}: padding`);
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    checkRank(this, inputShape, 3, '[height, width, channels]', 'pool images, not vectors');
    const g = windowGeometry(this.name, inputShape, this.poolSize, this.strides, [1, 1], this.padding);
    this.geometry = g;
    return [g.oh, g.ow, g.c];
  }

  getConfig(): Record<string, unknown> {
    return {
      ...this.baseConfig(),
      poolSize: [...this.poolSize],
      strides: [...this.strides],
      padding: this.padding,
    };
  }
}

/**
 * Max pooling: each output is the largest input of its window (padding never wins). The forward keeps
 * where each maximum came from (argmax, rows x (oh * ow * c)), and the backward sends each gradient there.
 */
export class MaxPooling2D extends Pooling2D {
  readonly className = 'MaxPooling2D';
  private argmax!: Slice;

  constructor(args: Pooling2DArgs = {}) {
    super(args, 'maxPooling2d', 'max_pooling2d');
  }

  protected override planScratch(planner: Planner): void {
    this.argmax = planner.take(planner.rows * this.units);
  }

  forward(rt: Runtime, rows: number, _training: boolean): void {
    const g = this.geometry;
    const n = rows * this.units;
    rt.backend.maxPoolForward(
      rows,
      g.h,
      g.w,
      g.c,
      g.kh,
      g.kw,
      g.sh,
      g.sw,
      g.padTop,
      g.padLeft,
      g.oh,
      g.ow,
      view(rt.work, this.input, rows * this.inputUnits),
      view(rt.work, this.output, n),
      view(rt.work, this.argmax, n),
    );
  }

  backward(rt: Runtime, rows: number, _gradIsPreActivation: boolean): void {
    if (!this.dInput) return;
    const g = this.geometry;
    const n = rows * this.units;
    rt.backend.maxPoolBackward(
      rows,
      g.h,
      g.w,
      g.c,
      g.oh,
      g.ow,
      view(rt.work, this.argmax, n),
      view(rt.work, this.dOutput, n),
      view(rt.work, this.dInput, rows * this.inputUnits),
    );
  }
}

/**
 * Average pooling: each output is the mean of its window's cells inside the image (padding is not counted,
 * as TensorFlow's 'same' pooling); the backward shares each gradient equally among those cells.
 */
export class AveragePooling2D extends Pooling2D {
  readonly className = 'AveragePooling2D';

  constructor(args: Pooling2DArgs = {}) {
    super(args, 'averagePooling2d', 'average_pooling2d');
  }

  forward(rt: Runtime, rows: number, _training: boolean): void {
    const g = this.geometry;
    const x = view(rt.work, this.input, rows * this.inputUnits);
    const y = view(rt.work, this.output, rows * this.units);
    rt.backend.avgPoolForward(rows, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.oh, g.ow, x, y);
  }

  backward(rt: Runtime, rows: number, _gradIsPreActivation: boolean): void {
    if (!this.dInput) return;
    const g = this.geometry;
    const dy = view(rt.work, this.dOutput, rows * this.units);
    const dx = view(rt.work, this.dInput, rows * this.inputUnits);
    rt.backend.avgPoolBackward(rows, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.oh, g.ow, dy, dx);
  }
}

/**
 * Global average pooling (Keras GlobalAveragePooling2D): the mean of each channel over the whole image,
 * [h, w, c] -> [c]; average pooling with one window the size of the image.
 */
export class GlobalAveragePooling2D extends Layer {
  readonly className = 'GlobalAveragePooling2D';
  private h = 0;
  private w = 0;
  private c = 0;

  constructor(args: LayerArgs = {}) {
    super(checkOptions(args, 'layers.globalAveragePooling2d', '{}', true), 'global_average_pooling2d');
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    checkRank(this, inputShape, 3, '[height, width, channels]', 'pool images, not vectors');
    [this.h, this.w, this.c] = inputShape;
    return [this.c];
  }

  forward(rt: Runtime, rows: number, _training: boolean): void {
    const { h, w, c } = this;
    const x = view(rt.work, this.input, rows * this.inputUnits);
    const y = view(rt.work, this.output, rows * c);
    rt.backend.avgPoolForward(rows, h, w, c, h, w, h, w, 0, 0, 1, 1, x, y);
  }

  backward(rt: Runtime, rows: number, _gradIsPreActivation: boolean): void {
    if (!this.dInput) return;
    const { h, w, c } = this;
    const dy = view(rt.work, this.dOutput, rows * c);
    const dx = view(rt.work, this.dInput, rows * this.inputUnits);
    rt.backend.avgPoolBackward(rows, h, w, c, h, w, h, w, 0, 0, 1, 1, dy, dx);
  }

  getConfig(): Record<string, unknown> {
    return this.baseConfig();
  }
}
