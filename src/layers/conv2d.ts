import { checkOptions } from '../options.js';
import { ConfigError } from '../errors.js';
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
import {
  type Padding,
  type Pair,
  resolvePadding,
  resolvePair,
  type WindowGeometry,
  windowGeometry,
} from './window-geometry.js';

/** The options of layers.conv2d, as Keras names them (activation, bias and weight options: KernelLayerArgs). */
export interface Conv2DArgs extends KernelLayerArgs {
  /** The number of output channels. */
  filters: number;
  /** The window: [rows, columns], or one number for both. */
  kernelSize: Pair;
  /** The step between windows. Default 1. */
  strides?: Pair;
  /** 'valid' (default: windows inside the image only) or 'same' (output ceil(size / stride)). */
  padding?: Padding;
  /** The spacing of the kernel's taps (atrous convolution). Default 1; with strides > 1 it must be 1. */
  dilationRate?: Pair;
}

/**
 * 2-D convolution over channels-last images (Keras Conv2D; strictly a cross-correlation, as in every
 * framework): z[b, oy, ox, f] = sum over i, j, ch of x[b, oy * sh + i * dh - padTop, ox * sw + j * dw -
 * padLeft, ch] * W[i, j, ch, f] + b[f], y = f(z). Lowered to a matrix product (Chellapilla, Puri and
 * Simard, 2006): im2col makes cols, one row of kh * kw * c values per output position, and z = cols W
 * with W as a (kh * kw * c) x filters matrix; then the bias and activation as a dense layer's.
 * Buffers: x rows x (h * w * c); cols (rows * oh * ow) x (kh * kw * c) (the input itself for a 1 x 1
 * kernel with stride 1, which needs no lowering); z, y, dy (rows * oh * ow) x filters (y is z when f is
 * linear, relu, leakyRelu or tanh: see activatesInPlace).
 * The columns are the largest buffer of a convolution (kh * kw times its input), so they are not kept from
 * the forward to the backward: every convolution of a model lowers into one shared scratch (the planner's
 * takeShared), and the backward lowers x again. That costs one more im2col, a copy, per backward; a
 * 3 x 3 convolution of 16 channels at 28 x 28 has 451 KB of columns per sample.
 * Backward: cols = im2col(x) again, dW = cols^T dz (gemm TN), db = column sums of dz, dcols = dz W^T
 * (gemm NT) into the cols buffer (cols is not needed once dW is made), then col2im scatters dcols into dx.
 */
export class Conv2D extends KernelLayer {
  readonly className = 'Conv2D';
  /** The number of output channels. */
  readonly filters: number;
  /** [rows, columns] of the window. */
  readonly kernelSize: [number, number];
  /** [rows, columns] of the step. */
  readonly strides: [number, number];
  /** 'valid' or 'same'. */
  readonly padding: Padding;
  /** [rows, columns] of the dilation. */
  readonly dilationRate: [number, number];
  private geometry!: WindowGeometry;
  /** Whether the input already is the lowered matrix (a 1 x 1 kernel with stride 1). */
  private pointwise = false;
  private cols!: Slice;
  private pre!: Slice;

  constructor(args: Conv2DArgs) {
    super(checkOptions(args, 'layers.conv2d', '{ filters: 32, kernelSize: 3 }'), 'conv2d');
    const where = `layer ${this.name}`;
    this.filters = checkPositiveInteger(args.filters, `${where}: filters`);
    this.kernelSize = resolvePair(args.kernelSize, `${where}: kernelSize`);
    this.strides = resolvePair(args.strides ?? 1, `${where}: strides`);
    this.padding = resolvePadding(args.padding, `${where}: padding`);
    this.dilationRate = resolvePair(args.dilationRate ?? 1, `${where}: dilationRate`);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new ConfigError(
        `backprop: ${where}: strides [${this.strides.join(', ')}] and dilationRate [${this.dilationRate.join(', ')}] cannot both exceed 1 (as Keras)`,
      );
    }
  }

  protected declareWeights(inputShape: readonly number[]): readonly number[] {
    checkRank(
      this,
      inputShape,
      3,
      '[height, width, channels]',
      'give the first layer inputShape [height, width, channels]',
    );
    const g = windowGeometry(this.name, inputShape, this.kernelSize, this.strides, this.dilationRate, this.padding);
    this.geometry = g;
    this.pointwise = g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1;
    const area = g.kh * g.kw;
    // Keras' fans of a convolution kernel: its receptive field times the input or the output channels.
    this.addKernelAndBias([g.kh, g.kw, g.c, this.filters], this.filters, [area * g.c, area * this.filters]);
    return [g.oh, g.ow, this.filters];
  }

  /** The values of one lowered row: kh * kw * c. */
  private get patch(): number {
    return this.geometry.kh * this.geometry.kw * this.geometry.c;
  }

  protected override planScratch(planner: Planner): void {
    const g = this.geometry;
    // When the lowering is skipped the columns are simply the input.
    this.cols = this.pointwise ? this.input : planner.takeShared(planner.rows * g.oh * g.ow * this.patch);
  }

  /** Lowers the input of `rows` rows into the shared columns (see the class comment). */
  private lower(rt: Runtime, rows: number, cols: Float32Array): void {
    const g = this.geometry;
    const x = view(rt.work, this.input, rows * this.inputUnits);
    rt.backend.im2col(
      rows,
      g.h,
      g.w,
      g.c,
      g.kh,
      g.kw,
      g.sh,
      g.sw,
      g.dh,
      g.dw,
      g.padTop,
      g.padLeft,
      g.oh,
      g.ow,
      x,
      cols,
    );
  }

  protected override planOutput(planner: Planner): Slice {
    this.pre = planner.take(planner.rows * this.units);
    return isLinear(this.activation) || this.activatesInPlace() ? this.pre : planner.take(planner.rows * this.units);
  }

  /**
   * Whether y = f(z) may overwrite z: when f's derivative can be had from y alone, as relu's 1[z > 0] =
   * 1[y > 0] (and leakyRelu's with a slope >= 0, which keeps the sign), and tanh's 1 - y^2, which its
   * backward kernel reads from y. The feature maps of a convolution are the largest buffers of a CNN
   * (26 * 26 * 32 floats per sample after a 3 x 3 convolution of 28 x 28 pixels), so this saves a third of
   * them. Never for sigmoid or softmax, whose pre-activation a fused loss reads.
   */
  private activatesInPlace(): boolean {
    const { name, alpha } = this.activation;
    return name === 'relu' || name === 'tanh' || (name === 'leakyRelu' && alpha >= 0);
  }

  forward(rt: Runtime, rows: number, _training: boolean): void {
    const b = rt.backend;
    const g = this.geometry;
    const positions = rows * g.oh * g.ow;
    const cols = view(rt.work, this.cols, positions * this.patch);
    if (!this.pointwise) this.lower(rt, rows, cols);
    const n = rows * this.units;
    const z = view(rt.work, this.pre, n);
    b.gemm(false, false, positions, this.filters, this.patch, 1, cols, view(rt.params, this.kernel.slice), 0, z);
    const bias = this.bias ? view(rt.params, this.bias.slice) : null;
    biasActivationForward(b, this.activation, positions, this.filters, bias, z, view(rt.work, this.output, n));
  }

  backward(rt: Runtime, rows: number, gradIsPreActivation: boolean): void {
    const b = rt.backend;
    const g = this.geometry;
    const positions = rows * g.oh * g.ow;
    const n = rows * this.units;
    const dz = view(rt.work, this.dOutput, n);
    const z = view(rt.work, this.pre, n);
    const y = view(rt.work, this.output, n);
    const dbias = this.bias ? view(rt.grads, this.bias.slice) : null;
    activationBiasBackward(b, this.activation, positions, this.filters, gradIsPreActivation, z, y, dz, dbias);
    const patch = this.patch;
    const cols = view(rt.work, this.cols, positions * patch);
    if (!this.pointwise) this.lower(rt, rows, cols);
    b.gemm(true, false, patch, this.filters, positions, 1, cols, dz, 0, view(rt.grads, this.kernel.slice));
    if (!this.dInput) return;
    const dx = view(rt.work, this.dInput, rows * this.inputUnits);
    const w = view(rt.params, this.kernel.slice);
    if (this.pointwise) {
      b.gemm(false, true, positions, patch, this.filters, 1, dz, w, 0, dx);
      return;
    }
    b.gemm(false, true, positions, patch, this.filters, 1, dz, w, 0, cols);
    b.col2im(rows, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.padTop, g.padLeft, g.oh, g.ow, cols, dx);
  }

  override outputActivation(): OutputActivation | null {
    return { activation: this.activation, pre: this.pre };
  }

  getConfig(): Record<string, unknown> {
    return {
      ...this.baseConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dilationRate: [...this.dilationRate],
      ...this.kernelConfig(),
    };
  }
}
