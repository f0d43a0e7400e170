/**
 * The kernel manifest: every kernel of the contract (contract.ts) with its arguments in order, what each
 * argument must be, which buffers a kernel writes, and which buffers may be the same memory. It is the one
 * place these facts are written. The argument checks of the js and wasm backends (validate.ts) interpret
 * it, the wasm wrappers are built from it, and scripts/generate-manifest.mjs renders it into the files the
 * other languages read (the AssemblyScript constants in assembly/generated/, the C++ header in
 * native/generated/).
 *
 * Argument kinds:
 * - size: an integer in [min ?? 0, 2^31): a count of rows, columns or values.
 * - integer: an integer in [min, max] (Adam's step number, which may pass 2^31).
 * - real: a finite number that float32 can hold (|v| <= 3.4028234663852886e38), within [lo, hi] ([lo, hi)
 *   when hiOpen). `lo` is a number, or the name of an earlier real argument (clipByValue's hi >= lo). The
 *   kernel receives it as float32, or unrounded (a float64) when `float64` is set.
 * - flag: a boolean.
 * - activation: one of the codes of ACTIVATIONS.
 * - buffer: a Float32Array of at least the product of the size arguments named in `length` floats. `role`
 *   says what the kernel does with it: reads it (in), writes it without reading (out), or reads and
 *   writes it (inout). With `classIndexBelow`, every value it holds must be an integer class index in
 *   [0, that size argument) (labels as float32: a label indexes a row, so it is checked before the call).
 *   With `element`, it holds other elements than floats: 'uint8' a Uint8Array of bytes, 'uint32' a
 *   Uint32Array of indices, each of which must be below the size argument `indexBelow` (checked before the
 *   call, as labels are). Lengths count elements.
 *
 * Overlap rule, derived from the roles: a buffer the kernel writes (out or inout) must not share memory
 * with any other buffer argument, except a pair listed in `mayAlias`, which may be exactly the same memory
 * (the same start) but must not partly overlap.
 */

/**
 * Activation functions with a forward and a backward kernel, and their codes: the number a kernel's
 * `kind` argument carries. The only place the codes are written.
 */
export const ACTIVATIONS = {
  /** f(x) = x. */
  identity: 0,
  /** The logistic function f(x) = 1 / (1 + exp(-x)). */
  sigmoid: 1,
  /** The hyperbolic tangent. */
  tanh: 2,
  /** f(x) = max(0, x). */
  relu: 3,
  /** f(x) = x for x > 0, alpha * x otherwise (alpha is the slope, Keras default 0.3, PyTorch 0.01). */
  leakyRelu: 4,
  /** f(x) = x for x > 0, alpha * (exp(x) - 1) otherwise (alpha default 1). */
  elu: 5,
  /** Exact GELU: x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt 2)), as PyTorch and Keras default to. */
  gelu: 6,
} as const;

export interface SizeSpec {
  readonly name: string;
  readonly kind: 'size';
  readonly min?: number;
}
export interface IntegerSpec {
  readonly name: string;
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
}
export interface RealSpec {
  readonly name: string;
  readonly kind: 'real';
  readonly lo?: number | string;
  readonly hi?: number;
  readonly hiOpen?: boolean;
  /** Passed to the kernel as float64, not rounded to float32 (a factor whose rounding would change results). */
  readonly float64?: boolean;
}
export interface FlagSpec {
  readonly name: string;
  readonly kind: 'flag';
}
export interface ActivationSpec {
  readonly name: string;
  readonly kind: 'activation';
}
export type BufferRole = 'in' | 'out' | 'inout';
/** What a buffer holds: float32 values (the default), bytes, or 32-bit indices. */
export type BufferElement = 'float32' | 'uint8' | 'uint32';
export interface BufferSpec {
  readonly name: string;
  readonly kind: 'buffer';
  readonly length: readonly string[];
  readonly role: BufferRole;
  /** The size argument that bounds the class indices this buffer holds (labels). */
  readonly classIndexBelow?: string;
  /** What it holds; float32 when absent. */
  readonly element?: BufferElement;
  /** The size argument that bounds every index a uint32 buffer holds. */
  readonly indexBelow?: string;
}
export type ArgSpec = SizeSpec | IntegerSpec | RealSpec | FlagSpec | ActivationSpec | BufferSpec;

export interface KernelSpec {
  readonly args: readonly ArgSpec[];
  readonly returns: 'void' | 'number';
  /** Pairs (written buffer, other buffer) that may be exactly the same memory. */
  readonly mayAlias?: readonly (readonly [string, string])[];
}

// Spec builders: they keep the table below one line per argument and its literal types exact.
const size = <N extends string>(name: N, min?: number) =>
  (min === undefined ? { name, kind: 'size' } : { name, kind: 'size', min }) as {
    readonly name: N;
    readonly kind: 'size';
    readonly min?: number;
  };
const real = <N extends string>(name: N, range: Omit<RealSpec, 'name' | 'kind'> = {}) =>
  ({ name, kind: 'real', ...range }) as { readonly name: N; readonly kind: 'real' } & Omit<RealSpec, 'name' | 'kind'>;
const flag = <N extends string>(name: N) => ({ name, kind: 'flag' }) as const;
const activation = <N extends string>(name: N) => ({ name, kind: 'activation' }) as const;
const buffer = <N extends string, R extends BufferRole>(name: N, role: R, ...length: string[]) =>
  ({ name, kind: 'buffer', length, role }) as {
    readonly name: N;
    readonly kind: 'buffer';
    readonly role: R;
    readonly length: readonly string[];
  };

/** A buffer of bytes the kernel reads. */
const bytes = <N extends string>(name: N, ...length: string[]) =>
  ({ name, kind: 'buffer', length, role: 'in', element: 'uint8' }) as {
    readonly name: N;
    readonly kind: 'buffer';
    readonly role: 'in';
    readonly length: readonly string[];
    readonly element: 'uint8';
  };
/** A buffer of indices the kernel reads, each below the size argument `below`. */
const indices = <N extends string>(name: N, below: string, ...length: string[]) =>
  ({ name, kind: 'buffer', length, role: 'in', element: 'uint32', indexBelow: below }) as {
    readonly name: N;
    readonly kind: 'buffer';
    readonly role: 'in';
    readonly length: readonly string[];
    readonly element: 'uint32';
    readonly indexBelow: string;
  };

/** A real >= 0: a learning rate, an epsilon, a regularisation factor. */
const nonNegative = <N extends string>(name: N) => real(name, { lo: 0 });
/** A real in [0, 1]: a momentum, a decay rate. */
const fraction = <N extends string>(name: N) => real(name, { lo: 0, hi: 1 });
/** A real in [0, 1): a dropout rate, Adam's betas. */
const belowOne = <N extends string>(name: N) => real(name, { lo: 0, hi: 1, hiOpen: true });

/** The losses average over rows (and values): an empty batch has no mean, so rows and cols are >= 1. */
const pairLoss = <P extends string>(prediction: P) =>
  ({
    args: [
      size('rows', 1),
      size('cols', 1),
      buffer(prediction, 'in', 'rows', 'cols'),
      buffer('target', 'in', 'rows', 'cols'),
      buffer('grad', 'out', 'rows', 'cols'),
    ],
    returns: 'number',
  }) as const;

type StateBuffers<T extends readonly string[]> = { [I in keyof T]: ReturnType<typeof buffer<T[I], 'inout'>> };
/**
 * An optimizer step over one flat parameter buffer: n, its hyperparameters, then params (updated), grads (read)
 * and its state buffers (updated), all n floats.
 */
const optimizerStep = <const S extends readonly ArgSpec[], const T extends readonly string[]>(hyper: S, ...state: T) =>
  ({
    args: [
      size('n'),
      ...hyper,
      buffer('params', 'inout', 'n'),
      buffer('grads', 'in', 'n'),
      ...(state.map((name) => buffer(name, 'inout', 'n')) as unknown as StateBuffers<T>),
    ] as const,
    returns: 'void',
  }) as const;

// The optimizers' ranges are PyTorch's (torch.optim refuses lr, eps and weight_decay below 0 and Adam's betas
// outside [0, 1)); momentum and rho are kept in [0, 1], where the averages they weight converge.
// Batch norm: a batch of no rows has no statistics, so training and backward need rows >= 1; the running
// statistics follow Keras (contract.ts), so a momentum of 1 keeps them and 0 replaces them with the batch's.

/**
 * The geometry of a 2-D convolution window over a batch of channels-last images [n, h, w, c]: the kernel
 * size (kh, kw), strides (sh, sw), dilation (dh, dw), the padding before the first row and column (padTop,
 * padLeft; the padding after is whatever the output size implies), and the output size (oh, ow).
 */
const convGeometry = [
  size('n'),
  size('h'),
  size('w'),
  size('c'),
  size('kh', 1),
  size('kw', 1),
  size('sh', 1),
  size('sw', 1),
  size('dh', 1),
  size('dw', 1),
  size('padTop'),
  size('padLeft'),
  size('oh'),
  size('ow'),
] as const;

/** The geometry of a 2-D pooling window (pool size ph x pw, no dilation), as convGeometry. */
const poolGeometry = [
  size('n'),
  size('h'),
  size('w'),
  size('c'),
  size('ph', 1),
  size('pw', 1),
  size('sh', 1),
  size('sw', 1),
  size('padTop'),
  size('padLeft'),
  size('oh'),
  size('ow'),
] as const;

/** Every kernel of the contract, in the contract's order. */
export const KERNELS = {
  gemm: {
    args: [
      flag('transA'),
      flag('transB'),
      size('m'),
      size('n'),
      size('k'),
      real('alpha'),
      buffer('a', 'in', 'm', 'k'),
      buffer('b', 'in', 'k', 'n'),
      real('beta'),
      buffer('c', 'inout', 'm', 'n'),
    ],
    returns: 'void',
  },
  biasAdd: {
    args: [size('rows'), size('cols'), buffer('bias', 'in', 'cols'), buffer('y', 'inout', 'rows', 'cols')],
    returns: 'void',
  },
  biasGrad: {
    args: [size('rows'), size('cols'), buffer('dy', 'in', 'rows', 'cols'), buffer('dbias', 'out', 'cols')],
    returns: 'void',
  },
  activationForward: {
    args: [activation('kind'), size('n'), real('alpha'), buffer('x', 'in', 'n'), buffer('y', 'out', 'n')],
    returns: 'void',
    mayAlias: [['y', 'x']],
  },
  activationBackward: {
    args: [
      activation('kind'),
      size('n'),
      real('alpha'),
      buffer('x', 'in', 'n'),
      buffer('y', 'in', 'n'),
      buffer('dy', 'in', 'n'),
      buffer('dx', 'out', 'n'),
    ],
    returns: 'void',
    mayAlias: [['dx', 'dy']],
  },
  biasActivationForward: {
    args: [
      activation('kind'),
      size('rows'),
      size('cols'),
      real('alpha'),
      buffer('bias', 'in', 'cols'),
      buffer('z', 'inout', 'rows', 'cols'),
      buffer('y', 'out', 'rows', 'cols'),
    ],
    returns: 'void',
    mayAlias: [['y', 'z']],
  },
  activationBiasBackward: {
    args: [
      activation('kind'),
      size('rows'),
      size('cols'),
      real('alpha'),
      buffer('x', 'in', 'rows', 'cols'),
      buffer('y', 'in', 'rows', 'cols'),
      buffer('dy', 'in', 'rows', 'cols'),
      buffer('dx', 'out', 'rows', 'cols'),
      buffer('dbias', 'out', 'cols'),
    ],
    returns: 'void',
    mayAlias: [['dx', 'dy']],
  },
  stepForward: {
    args: [size('n'), buffer('x', 'in', 'n'), buffer('y', 'out', 'n')],
    returns: 'void',
    mayAlias: [['y', 'x']],
  },
  softmaxForward: {
    args: [size('rows'), size('cols'), buffer('x', 'in', 'rows', 'cols'), buffer('y', 'out', 'rows', 'cols')],
    returns: 'void',
    mayAlias: [['y', 'x']],
  },
  softmaxBackward: {
    args: [
      size('rows'),
      size('cols'),
      buffer('y', 'in', 'rows', 'cols'),
      buffer('dy', 'in', 'rows', 'cols'),
      buffer('dx', 'out', 'rows', 'cols'),
    ],
    returns: 'void',
    mayAlias: [['dx', 'dy']],
  },
  mseLoss: pairLoss('pred'),
  sseLoss: pairLoss('pred'),
  bceLoss: pairLoss('prob'),
  bceLogitsLoss: pairLoss('logits'),
  softmaxCrossEntropy: {
    args: [
      size('rows', 1),
      size('cols', 1),
      buffer('logits', 'in', 'rows', 'cols'),
      buffer('target', 'in', 'rows', 'cols'),
      buffer('probs', 'out', 'rows', 'cols'),
      buffer('grad', 'out', 'rows', 'cols'),
    ],
    returns: 'number',
  },
  sparseSoftmaxCrossEntropy: {
    args: [
      size('rows', 1),
      size('cols', 1),
      buffer('logits', 'in', 'rows', 'cols'),
      { ...buffer('labels', 'in', 'rows'), classIndexBelow: 'cols' },
      buffer('probs', 'out', 'rows', 'cols'),
      buffer('grad', 'out', 'rows', 'cols'),
    ],
    returns: 'number',
  },
  batchNormForwardTrain: {
    args: [
      size('rows', 1),
      size('cols'),
      nonNegative('epsilon'),
      fraction('momentum'),
      buffer('x', 'in', 'rows', 'cols'),
      buffer('gamma', 'in', 'cols'),
      buffer('beta', 'in', 'cols'),
      buffer('runningMean', 'inout', 'cols'),
      buffer('runningVar', 'inout', 'cols'),
      buffer('y', 'out', 'rows', 'cols'),
      buffer('saveMean', 'out', 'cols'),
      buffer('saveInvStd', 'out', 'cols'),
    ],
    returns: 'void',
    mayAlias: [['y', 'x']],
  },
  batchNormForwardInference: {
    args: [
      size('rows'),
      size('cols'),
      nonNegative('epsilon'),
      buffer('x', 'in', 'rows', 'cols'),
      buffer('gamma', 'in', 'cols'),
      buffer('beta', 'in', 'cols'),
      buffer('runningMean', 'in', 'cols'),
      buffer('runningVar', 'in', 'cols'),
      buffer('y', 'out', 'rows', 'cols'),
    ],
    returns: 'void',
    mayAlias: [['y', 'x']],
  },
  batchNormBackward: {
    args: [
      size('rows', 1),
      size('cols'),
      buffer('x', 'in', 'rows', 'cols'),
      buffer('gamma', 'in', 'cols'),
      buffer('saveMean', 'in', 'cols'),
      buffer('saveInvStd', 'in', 'cols'),
      buffer('dy', 'in', 'rows', 'cols'),
      buffer('dx', 'out', 'rows', 'cols'),
      buffer('dgamma', 'out', 'cols'),
      buffer('dbeta', 'out', 'cols'),
    ],
    returns: 'void',
    mayAlias: [['dx', 'dy']],
  },
  dropoutForward: {
    args: [size('n'), belowOne('rate'), buffer('mask', 'in', 'n'), buffer('x', 'in', 'n'), buffer('y', 'out', 'n')],
    returns: 'void',
    mayAlias: [['y', 'x']],
  },
  dropoutBackward: {
    args: [size('n'), belowOne('rate'), buffer('mask', 'in', 'n'), buffer('dy', 'in', 'n'), buffer('dx', 'out', 'n')],
    returns: 'void',
    mayAlias: [['dx', 'dy']],
  },
  regularizerGradient: {
    args: [size('n'), nonNegative('l1'), nonNegative('l2'), buffer('w', 'in', 'n'), buffer('grad', 'inout', 'n')],
    returns: 'void',
  },
  sgdStep: optimizerStep([nonNegative('lr')]),
  momentumStep: optimizerStep([nonNegative('lr'), fraction('momentum'), flag('nesterov')], 'velocity'),
  adagradStep: optimizerStep([nonNegative('lr'), nonNegative('epsilon')], 'accum'),
  // float64: PyTorch rounds these constants to float32 only after computing with them in float64.
  rmspropStep: optimizerStep(
    [nonNegative('lr'), { ...fraction('rho'), float64: true }, nonNegative('epsilon')],
    'meanSquare',
  ),
  adamStep: optimizerStep(
    [
      { ...nonNegative('lr'), float64: true },
      { ...belowOne('beta1'), float64: true },
      { ...belowOne('beta2'), float64: true },
      { ...nonNegative('epsilon'), float64: true },
      { name: 'step', kind: 'integer', min: 1, max: 2 ** 53 },
      { ...nonNegative('weightDecay'), float64: true },
    ],
    'm',
    'v',
  ),
  maxNormProject: {
    args: [size('rows'), size('cols'), nonNegative('maxValue'), buffer('w', 'inout', 'rows', 'cols')],
    returns: 'void',
  },
  sumOfSquares: {
    args: [size('n'), buffer('x', 'in', 'n')],
    returns: 'number',
  },
  scale: {
    args: [size('n'), real('s'), buffer('x', 'inout', 'n')],
    returns: 'void',
  },
  clipByValue: {
    args: [size('n'), real('lo'), real('hi', { lo: 'lo' }), buffer('x', 'inout', 'n')],
    returns: 'void',
  },
  axpy: {
    args: [size('n'), real('alpha'), buffer('x', 'in', 'n'), buffer('y', 'inout', 'n')],
    returns: 'void',
  },
  copy: {
    args: [size('n'), buffer('x', 'in', 'n'), buffer('y', 'out', 'n')],
    returns: 'void',
    mayAlias: [['y', 'x']],
  },
  im2col: {
    args: [
      ...convGeometry,
      buffer('x', 'in', 'n', 'h', 'w', 'c'),
      buffer('cols', 'out', 'n', 'oh', 'ow', 'kh', 'kw', 'c'),
    ],
    returns: 'void',
  },
  col2im: {
    args: [
      ...convGeometry,
      buffer('cols', 'in', 'n', 'oh', 'ow', 'kh', 'kw', 'c'),
      buffer('dx', 'out', 'n', 'h', 'w', 'c'),
    ],
    returns: 'void',
  },
  maxPoolForward: {
    args: [
      ...poolGeometry,
      buffer('x', 'in', 'n', 'h', 'w', 'c'),
      buffer('y', 'out', 'n', 'oh', 'ow', 'c'),
      buffer('argmax', 'out', 'n', 'oh', 'ow', 'c'),
    ],
    returns: 'void',
  },
  maxPoolBackward: {
    args: [
      size('n'),
      size('h'),
      size('w'),
      size('c'),
      size('oh'),
      size('ow'),
      buffer('argmax', 'in', 'n', 'oh', 'ow', 'c'),
      buffer('dy', 'in', 'n', 'oh', 'ow', 'c'),
      buffer('dx', 'out', 'n', 'h', 'w', 'c'),
    ],
    returns: 'void',
  },
  avgPoolForward: {
    args: [...poolGeometry, buffer('x', 'in', 'n', 'h', 'w', 'c'), buffer('y', 'out', 'n', 'oh', 'ow', 'c')],
    returns: 'void',
  },
  avgPoolBackward: {
    args: [...poolGeometry, buffer('dy', 'in', 'n', 'oh', 'ow', 'c'), buffer('dx', 'out', 'n', 'h', 'w', 'c')],
    returns: 'void',
  },
  gatherByteRows: {
    args: [
      size('rows'),
      size('cols'),
      size('count'),
      { ...real('scale'), float64: true },
      bytes('x', 'rows', 'cols'),
      indices('order', 'rows', 'count'),
      buffer('y', 'out', 'count', 'cols'),
    ],
    returns: 'void',
  },
} as const satisfies Record<string, KernelSpec>;

export type KernelName = keyof typeof KERNELS;
/** The kernel names in contract order. */
export const KERNEL_NAMES = Object.keys(KERNELS) as readonly KernelName[];

/** The name of an activation with elementwise kernels: identity, sigmoid, tanh, relu, leakyRelu, elu, gelu. */
export type ActivationName = keyof typeof ACTIVATIONS;
/** The code of an activation, the `kind` argument of activationForward and activationBackward. */
export type ActivationCode = (typeof ACTIVATIONS)[ActivationName];

/** The TypeScript type a kernel receives for an argument of each kind. */
export interface ArgKindType {
  size: number;
  integer: number;
  real: number;
  flag: boolean;
  activation: ActivationCode;
  buffer: Float32Array;
}

/** The TypeScript type of a buffer of each element. */
interface ElementArrayType {
  float32: Float32Array;
  uint8: Uint8Array;
  uint32: Uint32Array;
}

/** The TypeScript type of one argument: its kind's, or for a buffer its element's. */
type ArgType<A extends ArgSpec> = A extends { readonly element: infer E extends BufferElement }
  ? ElementArrayType[E]
  : ArgKindType[A['kind']];

/** The TypeScript types of an argument list, e.g. [number, number, Float32Array]. */
type ArgTypes<A extends readonly ArgSpec[]> = { -readonly [I in keyof A]: ArgType<A[I]> };

/** The parameter tuple a kernel's manifest entry describes. */
export type ManifestParameters<K extends KernelName> = ArgTypes<(typeof KERNELS)[K]['args']>;

/** The return type a kernel's manifest entry describes. */
export type ManifestReturn<K extends KernelName> = (typeof KERNELS)[K]['returns'] extends 'number' ? number : void;
