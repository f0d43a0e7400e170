import { describeValue } from './describe-value.js';
import type { Backend, DeviceBuffer } from './backends/contract.js';
import { getBackend } from './backends/current.js';
import { InputError } from './errors.js';
import { type TensorLike, toTensor2D } from './tensor.js';

/** The options of perceptron(). */
export interface PerceptronArgs {
  /** Number of input features. */
  inputs: number;
  /** Step of the update w += lr * y * x (Rosenblatt used 1). */
  learningRate?: number;
  /** Give up after this many passes without convergence (default 100). */
  maxEpochs?: number;
  /** Run on this backend instead of the active one. */
  backend?: Backend;
}

/** What Perceptron.fit returns. */
export interface PerceptronResult {
  /** Whether a pass over the data made no mistake. */
  converged: boolean;
  /** Passes made. */
  epochs: number;
  /** Mistakes in the last pass. */
  mistakes: number;
}

/**
 * Rosenblatt's perceptron (Rosenblatt, 1958): h(x) = sign(w . (1, x)); for each misclassified sample
 * (y w.x <= 0, labels as -1/+1) w += lr * y * (1, x). It converges on linearly separable data (OR, AND)
 * and never on XOR. Buffers: w (inputs + 1, bias first) and the augmented sample (inputs + 1).
 */
export class Perceptron {
  /** The number of input features. */
  readonly inputs: number;
  /** The step of the update. */
  readonly learningRate: number;
  /** The most passes fit makes. */
  readonly maxEpochs: number;
  private readonly backend: Backend;
  private readonly w: DeviceBuffer;
  private readonly sample: DeviceBuffer;
  private readonly out: DeviceBuffer;

  constructor(args: PerceptronArgs) {
    if (!Number.isInteger(args?.inputs) || args.inputs < 1)
      throw new InputError(
        `backprop: perceptron inputs must be a positive integer; got ${describeValue(args?.inputs)}`,
      );
    this.inputs = args.inputs;
    this.learningRate = args.learningRate ?? 1;
    if (typeof this.learningRate !== 'number' || !(this.learningRate > 0) || !Number.isFinite(this.learningRate)) {
      throw new InputError(
        `backprop: perceptron learningRate must be a finite number > 0; got ${describeValue(args.learningRate)}`,
      );
    }
    this.maxEpochs = args.maxEpochs ?? 100;
    if (typeof this.maxEpochs !== 'number' || !Number.isInteger(this.maxEpochs) || this.maxEpochs < 1) {
      throw new InputError(
        `backprop: perceptron maxEpochs must be an integer >= 1; got ${describeValue(args.maxEpochs)}`,
      );
    }
    this.backend = args.backend ?? getBackend();
    this.w = this.backend.allocate(this.inputs + 1);
    this.sample = this.backend.allocate(this.inputs + 1);
    this.out = this.backend.allocate(1);
  }

  /** The weights, bias first. */
  get weights(): Float32Array {
    return this.w.data.slice();
  }

  /** w . (1, x) through the gemm kernel (a 1 x 1 product). */
  private score(x: Float32Array): number {
    const s = this.sample.data;
    s[0] = 1;
    s.set(x, 1);
    const out = this.out.data;
    this.backend.gemm(false, false, 1, 1, this.inputs + 1, 1, s, this.w.data, 0, out);
    return out[0];
  }

  /** Trains on labels 0/1 (or -1/+1) until a pass makes no mistake or maxEpochs passes. */
  fit(x: TensorLike, y: number[]): PerceptronResult {
    const X = toTensor2D(x, 'x');
    if (X.rows === 0) throw new InputError('backprop: perceptron x is empty');
    if (X.cols !== this.inputs)
      throw new InputError(
        `backprop: perceptron expects ${this.inputs} features per row; x has shape [${X.rows}, ${X.cols}]`,
      );
    if (!Array.isArray(y) || y.length !== X.rows)
      throw new InputError(
        `backprop: perceptron needs one label per row: x has ${X.rows} rows, y has ${Array.isArray(y) ? y.length : typeof y}`,
      );
    const labels = y.map((v, i) => {
      if (v === 1) return 1;
      if (v === 0 || v === -1) return -1;
      throw new InputError(`backprop: perceptron label ${v} at row ${i}; labels must be 0/1 or -1/+1`);
    });
    let mistakes = 0;
    for (let epoch = 1; epoch <= this.maxEpochs; epoch++) {
      mistakes = 0;
      for (let r = 0; r < X.rows; r++) {
        if (labels[r] * this.score(X.row(r)) > 0) continue;
        mistakes++;
        // w += lr * y * (1, x): the augmented sample is still in `sample` from score().
        this.backend.axpy(this.inputs + 1, this.learningRate * labels[r], this.sample.data, this.w.data);
      }
      if (mistakes === 0) return { converged: true, epochs: epoch, mistakes };
    }
    return { converged: false, epochs: this.maxEpochs, mistakes };
  }

  /** Class 0/1 per row: the step function of w . (1, x). */
  predict(x: TensorLike): number[] {
    const X = toTensor2D(x, 'x');
    if (X.cols !== this.inputs)
      throw new InputError(
        `backprop: perceptron expects ${this.inputs} features per row; x has shape [${X.rows}, ${X.cols}]`,
      );
    const result: number[] = [];
    for (let r = 0; r < X.rows; r++) {
      this.score(X.row(r));
      this.backend.stepForward(1, this.out.data, this.out.data);
      result.push(this.out.data[0]);
    }
    return result;
  }
}

/** A Perceptron with zero weights, to fit. */
export function perceptron(args: PerceptronArgs): Perceptron {
  return new Perceptron(args);
}
