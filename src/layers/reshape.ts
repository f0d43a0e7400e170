import { checkOptions } from '../options.js';
import { describeValue } from '../describe-value.js';
import { ConfigError } from '../errors.js';
import {
  formatShape,
  Layer,
  type LayerArgs,
  type Planner,
  type Runtime,
  shapeSize,
  type Slice,
  view,
} from './layer.js';

/**
 * A layer that gives its input another shape and leaves the values where they are: a sample is one
 * contiguous row of the workspace whatever its shape, so the output is the input's slice and the input
 * gradient is the output gradient's slice. Forward and backward move no data (but for a copy of the
 * gradient when an enclosing residual block hands this layer an output gradient of its own).
 */
abstract class ShapeView extends Layer {
  override plan(planner: Planner, input: Slice, dInput: Slice | null, dOutput?: Slice): Slice {
    const step = planner.step();
    this.input = input;
    this.dInput = dInput;
    this.output = input;
    this.dOutput = dOutput ?? dInput ?? planner.takeGradient(planner.rows * this.units);
    if (dInput) planner.use(dInput, step);
    planner.use(this.dOutput, step);
    return this.output;
  }

  forward(_rt: Runtime, _rows: number, _training: boolean): void {}

  backward(rt: Runtime, rows: number, _gradIsPreActivation: boolean): void {
    if (this.dInput && this.dInput !== this.dOutput) {
      const n = rows * this.units;
      rt.backend.copy(n, view(rt.work, this.dOutput, n), view(rt.work, this.dInput, n));
    }
  }
}

/** Keras Flatten: [h, w, c] (or any shape) -> [h * w * c], in channels-last order. */
export class Flatten extends ShapeView {
  readonly className = 'Flatten';

  constructor(args: LayerArgs = {}) {
    super(checkOptions(args, 'layers.flatten', '{}', true), 'flatten');
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    return [shapeSize(inputShape)];
  }

  getConfig(): Record<string, unknown> {
    return this.baseConfig();
  }
}

/** The options of layers.reshape, as Keras names them. */
export interface ReshapeArgs extends LayerArgs {
  /** The shape of one output sample; one size may be -1, inferred from the others. */
  targetShape: number[];
}

/** Keras Reshape: the same values per sample, seen with the shape `targetShape`. */
export class Reshape extends ShapeView {
  readonly className = 'Reshape';
  /** The target shape as given (possibly with one -1). */
  readonly targetShape: readonly number[];

  constructor(args: ReshapeArgs) {
    super(checkOptions(args, 'layers.reshape', '{ targetShape: [28, 28, 1] }'), 'reshape');
    const shape: unknown = args.targetShape;
    const valid =
      Array.isArray(shape) &&
      shape.length > 0 &&
      shape.every((s) => Number.isInteger(s) && (s > 0 || s === -1)) &&
      shape.filter((s) => s === -1).length <= 1;
    if (!valid) {
      throw new RangeError(
        `backprop: layer ${this.name}: targetShape must be an array of positive integers, one of which may be -1; got ${describeValue(shape)}`,
      );
    }
    this.targetShape = [...(shape as number[])];
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    const size = shapeSize(inputShape);
    const known = this.targetShape.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
    const inferred = size / known;
    const fits = this.targetShape.includes(-1) ? Number.isInteger(inferred) : known === size;
    if (!fits) {
      throw new ConfigError(
        `backprop: layer ${this.name}: cannot reshape ${formatShape(inputShape)} (${size} values) into ${formatShape(this.targetShape)}`,
      );
    }
    return this.targetShape.map((s) => (s === -1 ? inferred : s));
  }

  getConfig(): Record<string, unknown> {
    return { ...this.baseConfig(), targetShape: [...this.targetShape] };
  }
}
