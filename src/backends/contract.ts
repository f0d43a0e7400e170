/**
 * The kernel contract: every backend (native, wasm, js) implements all of it, so a missing kernel is a
 * compile error, not a run-time "kernel not registered".
 *
 * Conventions that hold for every kernel unless its comment says otherwise:
 * - Tensors are float32, row-major, contiguous `Float32Array`s (a subarray is fine: its byteOffset is
 *   honoured). Sizes are passed explicitly; a buffer must hold at least the elements its shape implies.
 * - Kernels never allocate and never keep a reference to a buffer after they return.
 * - "overwritten" outputs are written without being read; "accumulated" outputs are read and added to.
 * - Buffers may alias only where the comment says so. Elsewhere they must not overlap.
 * - Reductions accumulate in float64 on every backend (js, wasm, and native at every instruction set):
 *   every loss value, sumOfSquares, the batch-norm mean and variance (and the dgamma, dbeta sums of its
 *   backward), the max-norm column norms and biasGrad's column sums. The squared-error losses and
 *   sumOfSquares also form their differences and squares in float64. The terms themselves may be
 *   float32 (a native or wasm exp or log), and the order of the additions may differ between backends
 *   and instruction sets, so values agree with js to about float32 rounding of the final value, not bit
 *   for bit; a float32 sum cannot overflow (a mean squared error of 1e40 is finite). On native the
 *   order depends only on the sizes and the instruction set, never on the thread count. Values return
 *   as JavaScript numbers; per-column results are rounded once to float32.
 * - Labels (class indices) are passed as float32 holding integers, so that every buffer but gatherByteRows's
 *   input bytes and row indices is float32.
 * - NaN propagates, on every backend and instruction set, as IEEE 754 arithmetic and PyTorch do: an
 *   output element is NaN wherever an input it depends on is NaN. Elementwise kernels: at that position
 *   (activations forward and backward, step, dropout even where the mask is 0, the optimizers' weights
 *   and state, scale, clipByValue, axpy, biasAdd). Reductions: the result they feed (a loss value and
 *   the gradient at that position; a softmax row and a softmax cross-entropy row; a gemm row or column;
 *   a biasGrad, batch-norm or max-norm column; sumOfSquares). No kernel maps NaN to a number: relu,
 *   clamps and comparisons keep it (wasm's f32x4.max and min propagate NaN; native's max and min return
 *   their second operand when either is NaN, so the value that may be NaN goes second). Exceptions: gemm
 *   with beta = 0 never reads C, and identity's backward copies dy (it reads neither x nor y). Labels are
 *   validated, so a NaN label is an error, not a NaN.
 */

import {
  ACTIVATIONS,
  type ActivationCode,
  type KernelName,
  type ManifestParameters,
  type ManifestReturn,
} from './manifest.js';

export type { ActivationCode, ActivationName } from './manifest.js';

/**
 * Activation functions with a forward and a backward kernel. The numbers are the codes a kernel's `kind`
 * argument carries; they are defined once, in the kernel manifest (manifest.ts).
 */
export const Activation = ACTIVATIONS;

/**
 * The compute kernels every backend implements with the same results: each reads and writes
 * Float32Arrays in place and checks its arguments (KernelArgumentError, KernelRangeError).
 */
export interface Kernels {
  // ---------------------------------------------------------------- gemm
  /**
   * C = alpha * op(A) * op(B) + beta * C, where op(X) is X or its transpose.
   * op(A) is m x k: A is m x k (transA false) or k x m (transA true).
   * op(B) is k x n: B is k x n (transB false) or n x k (transB true).
   * C is m x n. With beta = 0, C is overwritten and never read (NaN in C does not propagate), as BLAS.
   * C must not alias A or B. Dense forward is NN, dW = X^T dY is TN, dX = dY W^T is NT.
   */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    b: Float32Array,
    beta: number,
    c: Float32Array,
  ): void;

  // ---------------------------------------------------------------- bias
  /** y[r, c] += bias[c]. y: rows x cols (accumulated), bias: cols. */
  biasAdd(rows: number, cols: number, bias: Float32Array, y: Float32Array): void;
  /** dbias[c] = sum over r of dy[r, c]. dy: rows x cols, dbias: cols (overwritten). */
  biasGrad(rows: number, cols: number, dy: Float32Array, dbias: Float32Array): void;

  // ---------------------------------------------------------------- activation
  /**
   * y = f(x) elementwise over n values; `alpha` is the parameter of leakyRelu and elu (ignored by the
   * others). y is overwritten and may alias x.
   */
  activationForward(kind: ActivationCode, n: number, alpha: number, x: Float32Array, y: Float32Array): void;
  /**
   * dx = dy * f'(x) elementwise over n values. x is the activation's input, y = f(x) its output (sigmoid
   * and tanh use y, the others use x; both must be valid). dx is overwritten and may alias dy, not x or y.
   * dx is NaN wherever dy is NaN (even where f'(x) = 0, as dy * 0 is in IEEE arithmetic) and wherever the
   * x or y it reads is NaN.
   */
  activationBackward(
    kind: ActivationCode,
    n: number,
    alpha: number,
    x: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
  ): void;
  /**
   * A dense layer's forward after its gemm, in one call: z[r, c] += bias[c], then y = f(z) elementwise
   * (biasAdd then activationForward, with the same arithmetic, so the results are those of the two calls).
   * z: rows x cols (the pre-activation, kept for the backward), y: rows x cols (overwritten, may alias z),
   * bias: cols.
   */
  biasActivationForward(
    kind: ActivationCode,
    rows: number,
    cols: number,
    alpha: number,
    bias: Float32Array,
    z: Float32Array,
    y: Float32Array,
  ): void;
  /**
   * A dense layer's backward before its gemms, in one call: dx = dy * f'(x) elementwise, then dbias[c] =
   * sum over r of dx[r, c] (activationBackward then biasGrad, with the same arithmetic and summation, so
   * the results are those of the two calls). x, y = f(x), dy, dx: rows x cols (dx overwritten, may alias
   * dy), dbias: cols (overwritten).
   */
  activationBiasBackward(
    kind: ActivationCode,
    rows: number,
    cols: number,
    alpha: number,
    x: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dbias: Float32Array,
  ): void;
  /**
   * The perceptron's step function: y = 1 where x > 0, NaN where x is NaN (as PyTorch's heaviside), else
   * 0. Forward only. y may alias x.
   */
  stepForward(n: number, x: Float32Array, y: Float32Array): void;
  /** Row-wise softmax, max-subtracted for stability. x, y: rows x cols; y overwritten, may alias x. */
  softmaxForward(rows: number, cols: number, x: Float32Array, y: Float32Array): void;
  /**
   * Row-wise softmax backward: dx[r, i] = y[r, i] * (dy[r, i] - sum_j dy[r, j] * y[r, j]).
   * y, dy, dx: rows x cols; dx overwritten, may alias dy.
   */
  softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void;

  // ---------------------------------------------------------------- loss
  // Every loss returns its value for the batch and overwrites `grad` (same shape as the prediction) with
  // the gradient of that value with respect to the prediction (or the logits for the fused losses).
  // `grad` must not alias the inputs.
  /** Mean squared error over all rows * cols values: sum (p - t)^2 / (rows * cols). */
  mseLoss(rows: number, cols: number, pred: Float32Array, target: Float32Array, grad: Float32Array): number;
  /**
   * Half the sum of squared errors per sample, E = 1/2 sum (p - t)^2 (the error function of Rumelhart, Hinton
   * and Williams' backpropagation), averaged over the rows of the batch.
   */
  sseLoss(rows: number, cols: number, pred: Float32Array, target: Float32Array, grad: Float32Array): number;
  /**
   * Binary cross-entropy from probabilities, mean over all values:
   * -(t log p + (1 - t) log(1 - p)), with p clamped to [1e-7, 1 - 1e-7] as Keras does (the gradient uses
   * the clamped p too, so it stays finite).
   */
  bceLoss(rows: number, cols: number, prob: Float32Array, target: Float32Array, grad: Float32Array): number;
  /**
   * Binary cross-entropy fused with the sigmoid, from logits z, mean over all values, stable for any z:
   * max(z, 0) - z t + log(1 + exp(-|z|)). grad = (sigmoid(z) - t) / (rows * cols).
   */
  bceLogitsLoss(rows: number, cols: number, logits: Float32Array, target: Float32Array, grad: Float32Array): number;
  /**
   * Categorical cross-entropy fused with a row-wise softmax, from logits, with target rows that are one-hot
   * (or any probability rows): mean over rows of logsumexp(z) - sum_i t_i z_i (stable for extreme
   * logits). probs (rows x cols) is overwritten with softmax(z); grad = (probs - t) / rows.
   */
  softmaxCrossEntropy(
    rows: number,
    cols: number,
    logits: Float32Array,
    target: Float32Array,
    probs: Float32Array,
    grad: Float32Array,
  ): number;
  /**
   * The same with class indices: labels has `rows` integers in [0, cols). A label out of range or not an
   * integer is an error (thrown by the backend, after which probs and grad are unspecified).
   */
  sparseSoftmaxCrossEntropy(
    rows: number,
    cols: number,
    logits: Float32Array,
    labels: Float32Array,
    probs: Float32Array,
    grad: Float32Array,
  ): number;

  // ---------------------------------------------------------------- batchnorm
  // Normalisation is per column (feature) over the rows (samples) of the batch.
  /**
   * Training forward. mean and biased variance of each column over the batch; y = gamma * (x - mean) *
   * invStd + beta with invStd = 1 / sqrt(var + epsilon). Running statistics follow Keras:
   * running = momentum * running + (1 - momentum) * batch (biased variance). x, y: rows x cols (y
   * overwritten, may alias x); gamma, beta: cols; runningMean, runningVar: cols (updated in place);
   * saveMean, saveInvStd: cols (overwritten; the backward pass needs them).
   */
  batchNormForwardTrain(
    rows: number,
    cols: number,
    epsilon: number,
    momentum: number,
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    runningMean: Float32Array,
    runningVar: Float32Array,
    y: Float32Array,
    saveMean: Float32Array,
    saveInvStd: Float32Array,
  ): void;
  /** Inference forward with the running statistics. y overwritten, may alias x. */
  batchNormForwardInference(
    rows: number,
    cols: number,
    epsilon: number,
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    runningMean: Float32Array,
    runningVar: Float32Array,
    y: Float32Array,
  ): void;
  /**
   * Backward of the training forward. x is the forward input; saveMean and saveInvStd come from it.
   * dgamma = sum_r dy * xhat, dbeta = sum_r dy (both overwritten),
   * dx = gamma * invStd / rows * (rows * dy - dbeta - xhat * dgamma) (overwritten, may alias dy).
   */
  batchNormBackward(
    rows: number,
    cols: number,
    x: Float32Array,
    gamma: Float32Array,
    saveMean: Float32Array,
    saveInvStd: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
  ): void;

  // ---------------------------------------------------------------- dropout
  /**
   * Inverted dropout with a given mask of 0s and 1s (1 keeps): y = x * mask / (1 - rate).
   * y overwritten, may alias x. 0 <= rate < 1.
   */
  dropoutForward(n: number, rate: number, mask: Float32Array, x: Float32Array, y: Float32Array): void;
  /** dx = dy * mask / (1 - rate). dx overwritten, may alias dy. */
  dropoutBackward(n: number, rate: number, mask: Float32Array, dy: Float32Array, dx: Float32Array): void;

  // ---------------------------------------------------------------- regularization
  /**
   * grad[i] += l1 * sign(w[i]) + l2 * w[i] over n values (sign(0) = 0): the gradient of the penalty
   * l1 * sum |w| + l2 / 2 * sum w^2. Keras' L2 penalty l2 * sum w^2 has the gradient 2 * l2 * w, so its
   * caller passes 2 * l2. grad is accumulated and must not overlap w; NaN in w gives NaN in grad.
   */
  regularizerGradient(n: number, l1: number, l2: number, w: Float32Array, grad: Float32Array): void;

  // ---------------------------------------------------------------- optimizer
  // One call updates a whole flat parameter buffer. `params` and the state buffers are updated in place;
  // `grads` is only read (a regularizer's gradient is added to it before the step: regularizerGradient).
  /** Plain gradient descent: w -= lr * g. */
  sgdStep(n: number, lr: number, params: Float32Array, grads: Float32Array): void;
  /**
   * Momentum as Keras' SGD writes it: v = momentum * v - lr * g; w += v. With nesterov (Keras):
   * w += momentum * v - lr * g (after updating v). velocity: n, starts at 0.
   */
  momentumStep(
    n: number,
    lr: number,
    momentum: number,
    nesterov: boolean,
    params: Float32Array,
    grads: Float32Array,
    velocity: Float32Array,
  ): void;
  /**
   * AdaGrad: h += g^2; w -= lr * g / (sqrt(h) + epsilon). accum: n (initial value is the caller's).
   * As PyTorch computes it for float32: h = h + g g; w = w + (-lr g) / (sqrt(h) + epsilon), every operation
   * in float32 (-lr and epsilon rounded once), so every backend gives the same bits.
   */
  adagradStep(
    n: number,
    lr: number,
    epsilon: number,
    params: Float32Array,
    grads: Float32Array,
    accum: Float32Array,
  ): void;
  /**
   * RMSProp: h = rho * h + (1 - rho) * g^2; w -= lr * g / (sqrt(h) + epsilon). meanSquare: n.
   * As PyTorch computes it for float32: h = h rho + ((1 - rho) g) g; w = w + (-lr g) / (sqrt(h) + epsilon),
   * every operation in float32 (rho, 1 - rho, -lr and epsilon rounded once), so every backend gives the same bits.
   */
  rmspropStep(
    n: number,
    lr: number,
    rho: number,
    epsilon: number,
    params: Float32Array,
    grads: Float32Array,
    meanSquare: Float32Array,
  ): void;
  /**
   * Adam with bias correction, and AdamW's decoupled decay, as PyTorch computes them for float32 parameters.
   * `step` is t >= 1 (this step's number). First w = w (1 - lr weightDecay) (decoupled; 0 for Adam), then
   * m = beta1 m + (1 - beta1) g; v = beta2 v + ((1 - beta2) g) g;
   * w = w + (-lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon).
   * The constants (1 - lr weightDecay, 1 - beta, -lr / (1 - beta1^t), sqrt(1 - beta2^t), and beta1, beta2,
   * epsilon) are computed in float64 and rounded to float32; then every operation is a float32 one, in this
   * order, without fused multiply-adds, so every backend gives the same bits. m, v: n, start at 0.
   */
  adamStep(
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    step: number,
    weightDecay: number,
    params: Float32Array,
    grads: Float32Array,
    m: Float32Array,
    v: Float32Array,
  ): void;

  // ---------------------------------------------------------------- norm
  /**
   * Max-norm constraint on a dense kernel w (rows = inputs, cols = units), Keras MaxNorm(axis=0):
   * each column is scaled by min(norm, maxValue) / (norm + 1e-7), norm being its L2 norm.
   */
  maxNormProject(rows: number, cols: number, maxValue: number, w: Float32Array): void;
  /** sum of x[i]^2 over n values (for the global gradient norm), squared and summed in float64. */
  sumOfSquares(n: number, x: Float32Array): number;
  /** x *= s over n values. */
  scale(n: number, s: number, x: Float32Array): void;
  /** x = min(max(x, lo), hi) over n values; NaN stays NaN (as PyTorch's clamp). */
  clipByValue(n: number, lo: number, hi: number, x: Float32Array): void;
  /** y += alpha * x over n values (residual connections, gradient accumulation). y may not alias x. */
  axpy(n: number, alpha: number, x: Float32Array, y: Float32Array): void;
  /** y = x over n values; y is overwritten and may be the same buffer as x (but not partly overlap it). */
  copy(n: number, x: Float32Array, y: Float32Array): void;

  // ---------------------------------------------------------------- convolution and pooling
  // Images are channels-last (NHWC, as Keras and TensorFlow): x[b, y, x, ch] is at ((b * h + y) * w + x) * c
  // + ch. A window's rows are iy = oy * sh + i * dh - padTop for i < kh (and likewise the columns); a cell
  // outside [0, h) x [0, w) is padding. A convolution is im2col, then a gemm with the kernel as a
  // (kh * kw * c) x filters matrix (Keras' kernel [kh, kw, c, filters], row-major); its input gradient is
  // the gemm dcols = dy * kernel^T, then col2im (Chellapilla, Puri and Simard, "High Performance
  // Convolutional Neural Networks for Document Processing", 2006, the lowering cuDNN and Caffe use).
  /**
   * cols[(b * oh + oy) * ow + ox, (i * kw + j) * c + ch] = x[b, iy, ix, ch], or 0 where (iy, ix) is padding.
   * cols: (n * oh * ow) x (kh * kw * c), overwritten.
   */
  im2col(
    n: number,
    h: number,
    w: number,
    c: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    x: Float32Array,
    cols: Float32Array,
  ): void;
  /**
   * The adjoint of im2col: dx (overwritten) is zero, then each value of cols is added to the input cell
   * im2col read it from (padding cells drop theirs). The input gradient of a convolution, from dcols.
   */
  col2im(
    n: number,
    h: number,
    w: number,
    c: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    cols: Float32Array,
    dx: Float32Array,
  ): void;
  /**
   * Max pooling (Keras MaxPooling2D): y[b, oy, ox, ch] is the largest x over the window's cells inside the
   * image (padding never wins, as in TensorFlow), and argmax[b, oy, ox, ch] = iy * w + ix of the first
   * largest in row-major window order, stored as float32 (exact below 2^24 cells per image). NaN
   * propagates: the first NaN in the window wins. A window with no cell inside the image gives y = 0 and
   * argmax = -1. y and argmax: n x oh x ow x c, overwritten.
   */
  maxPoolForward(
    n: number,
    h: number,
    w: number,
    c: number,
    ph: number,
    pw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    x: Float32Array,
    y: Float32Array,
    argmax: Float32Array,
  ): void;
  /**
   * The gradient of max pooling: dx (overwritten) is zero, then dx[b, cell, ch] += dy[b, oy, ox, ch] for
   * the cell argmax names. An argmax that is not an integer in [0, h * w) (an empty window's -1, or any
   * value not from maxPoolForward) adds nothing, so no value can write outside dx.
   */
  maxPoolBackward(
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    argmax: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
  ): void;
  /**
   * Average pooling (Keras AveragePooling2D): y[b, oy, ox, ch] is the mean of x over the window's cells
   * inside the image; padding is not counted (TensorFlow's 'same' pooling; PyTorch's
   * count_include_pad=False). A window with no cell inside gives 0. Global average pooling is the window
   * ph = h, pw = w, oh = ow = 1. y: n x oh x ow x c, overwritten.
   */
  avgPoolForward(
    n: number,
    h: number,
    w: number,
    c: number,
    ph: number,
    pw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    x: Float32Array,
    y: Float32Array,
  ): void;
  /**
   * The gradient of average pooling: dx (overwritten) is zero, then each dy[b, oy, ox, ch] divided by its
   * window's count of cells inside the image is added to each of those cells.
   */
  avgPoolBackward(
    n: number,
    h: number,
    w: number,
    c: number,
    ph: number,
    pw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    oh: number,
    ow: number,
    dy: Float32Array,
    dx: Float32Array,
  ): void;
  /**
   * Rows of bytes gathered and scaled into float32, as a batch of byte images becomes a network's input:
   * y[i, f] (count x cols, overwritten) = x[order[i], f] * scale for rows i < count of x (rows x cols bytes).
   * The product is formed in float64 and rounded once to float32 (JavaScript's Math.fround(byte * scale)),
   * so every backend gives the same bits; scale is taken unrounded (1/255 rounded to float32 first would
   * change some of them). Every order[i] must be a row of x.
   */
  gatherByteRows(
    rows: number,
    cols: number,
    count: number,
    scale: number,
    x: Uint8Array,
    order: Uint32Array,
    y: Float32Array,
  ): void;
}

// The kernel manifest (manifest.ts) and this interface describe the same kernels: a kernel added, removed
// or changed in one and not the other is a compile error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Drift = {
  [K in keyof Kernels | KernelName]: K extends keyof Kernels & KernelName
    ? Same<Parameters<Kernels[K]>, ManifestParameters<K>> extends true
      ? Same<ReturnType<Kernels[K]>, ManifestReturn<K>> extends true
        ? never
        : `${K}: return type`
      : `${K}: arguments`
    : `${K}: in only one of Kernels and the manifest`;
}[keyof Kernels | KernelName];
const kernelsMatchTheManifest: [Drift] extends [never] ? true : Drift = true;
void kernelsMatchTheManifest;

/** The three implementations of the kernels: the C++ addon, WebAssembly, plain TypeScript. */
export type BackendName = 'native' | 'wasm' | 'js';

/**
 * A float32 buffer the backend's kernels read in place. Read `data` again after any other allocation:
 * the wasm backend's linear memory may have grown, which replaces the underlying ArrayBuffer; `data`
 * always returns a live view.
 */
export interface DeviceBuffer {
  /** Its length in floats. */
  readonly length: number;
  /** A live Float32Array view of its `length` floats. */
  readonly data: Float32Array;
  /** Gives the memory back to the backend. The buffer must not be used afterwards. */
  free(): void;
}

/** One implementation of the kernels, with the memory they work on. getBackend() returns the active one. */
export interface Backend extends Kernels {
  /** Which implementation this is. */
  readonly name: BackendName;
  /**
   * Whether the kernels read and write a typed array that lies outside the backend's own buffers where it is
   * (true: js, native), or copy it in and out of the backend's memory on every call that takes it (false:
   * wasm, whose kernels see only its linear memory). Callers that can hand a kernel either the caller's rows
   * or a copy in a backend buffer decide by it: predict reads a tensor's rows in place, and fit gathers a
   * Dataset's bytes with gatherByteRows, only where it is true.
   */
  readonly readsHostArrays: boolean;
  /** What a user needs to know about this backend (native: isa, threads; wasm: simd). */
  readonly details: Readonly<Record<string, string | number | boolean>>;
  /** A zero-filled buffer of `length` floats that kernels use without copying. */
  allocate(length: number): DeviceBuffer;
  /**
   * Makes room so that `length` more floats can be allocated without the backend's memory growing (wasm
   * grows its linear memory once, so views taken afterwards stay valid; native and js only check length).
   */
  reserve(length: number): void;
}
