import { checkOptions } from '../options.js';
import { isLinear } from './activation-kind.js';
import { activationBiasBackward, biasActivationForward } from './bias-activation.js';
import {
  checkPositiveInteger,
  checkRank,
  type OutputActivation,
  type Planner,
  type Runtime,
  type Slice,
  view,
} from './layer.js';
import { KernelLayer, type KernelLayerArgs } from './kernel-layer.js';
import { linearBackward } from './linear-backward.js';

/** The options of layers.dense, as Keras names them (activation, bias and weight options: KernelLayerArgs). */
export interface DenseArgs extends KernelLayerArgs {
  /** The number of outputs. */
  units: number;
}

/**
 * Fully connected layer: z = x W + b, y = f(z).
 * Buffers (rows = batch): x rows x in, W in x units (kernel), b units, z and y rows x units (z is y when
 * the activation is linear), dy rows x units (overwritten in place with dz), dx rows x in.
 * Backward: dW = x^T dz (gemm TN), db = column sums of dz, dx = dz W^T (gemm NT). The bias and f run
 * as bias-activation.ts describes.
 */
export class Dense extends KernelLayer {
  readonly className = 'Dense';
  private pre!: Slice;

  constructor(args: DenseArgs) {
    super(checkOptions(args, 'layers.dense', '{ units: 8 }'), 'dense');
    this.units = checkPositiveInteger(args.units, `layer ${this.name}: units`);
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    checkRank(this, inputShape, 1, '[features]', 'add layers.flatten() before it');
    const inputUnits = inputShape[0];
    this.addKernelAndBias([inputUnits, this.units], this.units);
    return [this.units];
  }

  protected override planOutput(planner: Planner): Slice {
    this.pre = planner.take(planner.rows * this.units);
    return isLinear(this.activation) ? this.pre : planner.take(planner.rows * this.units);
  }

  override get readsInputInPlace(): boolean {
    return true;
  }

  forward(rt: Runtime, rows: number, _training: boolean, outputByLoss = false): void {
    const b = rt.backend;
    const n = rows * this.units;
    const z = view(rt.work, this.pre, n);
    b.gemm(
      false,
      false,
      rows,
      this.units,
      this.inputUnits,
      1,
      this.inputRows(rt, rows * this.inputUnits),
      view(rt.params, this.kernel.slice),
      0,
      z,
    );
    const bias = this.bias ? view(rt.params, this.bias.slice) : null;
    if (outputByLoss) {
      // The loss takes the logits (a fused softmax cross-entropy): the activation is not applied.
      if (bias) b.biasAdd(rows, this.units, bias, z);
      return;
    }
    biasActivationForward(b, this.activation, rows, this.units, bias, z, view(rt.work, this.output, n));
  }

  backward(rt: Runtime, rows: number, gradIsPreActivation: boolean): void {
    const b = rt.backend;
    const n = rows * this.units;
    const dz = view(rt.work, this.dOutput, n);
    const z = view(rt.work, this.pre, n);
    const dbias = this.bias ? view(rt.grads, this.bias.slice) : null;
    activationBiasBackward(
      b,
      this.activation,
      rows,
      this.units,
      gradIsPreActivation,
      z,
      view(rt.work, this.output, n),
      dz,
      dbias,
    );
    const x = view(rt.work, this.input, rows * this.inputUnits);
    const dx = this.dInput ? view(rt.work, this.dInput, rows * this.inputUnits) : null;
    const w = view(rt.params, this.kernel.slice);
    linearBackward(b, rows, this.inputUnits, this.units, x, dz, w, view(rt.grads, this.kernel.slice), dx);
  }

  override outputActivation(): OutputActivation | null {
    return { activation: this.activation, pre: this.pre };
  }

  getConfig(): Record<string, unknown> {
    return { ...this.baseConfig(), units: this.units, ...this.kernelConfig() };
  }
}
