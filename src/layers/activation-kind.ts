import { Activation, type ActivationCode, type Backend } from '../backends/contract.js';
import { describeValue } from '../describe-value.js';
import { ConfigError } from '../errors.js';

/** The activation names a layer accepts, as Keras spells them ('identity' is another name of 'linear'). */
const ACTIVATION_NAMES = [
  'linear',
  'identity',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'gelu',
  'softmax',
] as const;

/**
 * An activation name as Keras spells it: 'linear' (also 'identity'), 'sigmoid', 'tanh', 'relu', 'leakyRelu',
 * 'elu', 'gelu' or 'softmax'. Softmax is row-wise and has its own kernels; every other activation is
 * elementwise, computed by the kernel whose code {@link Activation} gives.
 */
export type ActivationIdentifier = (typeof ACTIVATION_NAMES)[number];

/** A layer's activation once its name is checked: the canonical name, the kernel code and its parameter. */
export interface ResolvedActivation {
  /** The canonical name ('linear' for identity). */
  readonly name: Exclude<ActivationIdentifier, 'identity'>;
  /** Elementwise kernel code; undefined for softmax. */
  readonly code: ActivationCode | undefined;
  /** leakyRelu slope (Keras default 0.3) or elu alpha (default 1). */
  readonly alpha: number;
}

const DEFAULT_ALPHA: Partial<Record<ActivationIdentifier, number>> = { leakyRelu: 0.3, elu: 1 };

export function resolveActivation(id: unknown, where: string, alpha?: number): ResolvedActivation {
  const name = id === undefined || id === null ? 'linear' : id;
  if (typeof name !== 'string' || !(ACTIVATION_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(
      `backprop: ${where}: unknown activation ${describeValue(id)}; expected one of ${ACTIVATION_NAMES.join(', ')}`,
    );
  }
  const canonical = (name === 'identity' ? 'linear' : name) as ResolvedActivation['name'];
  const a = alpha ?? DEFAULT_ALPHA[canonical] ?? 0;
  if (typeof a !== 'number' || !Number.isFinite(a))
    throw new ConfigError(`backprop: ${where}: activation alpha must be a finite number; got ${describeValue(alpha)}`);
  const code =
    canonical === 'softmax' ? undefined : canonical === 'linear' ? Activation.identity : Activation[canonical];
  return { name: canonical, code, alpha: a };
}

export function isLinear(act: ResolvedActivation): boolean {
  return act.name === 'linear';
}

/** y = f(x) over rows x cols. y may alias x. */
export function activationForward(
  backend: Backend,
  act: ResolvedActivation,
  rows: number,
  cols: number,
  x: Float32Array,
  y: Float32Array,
): void {
  if (act.code === undefined) backend.softmaxForward(rows, cols, x, y);
  else backend.activationForward(act.code, rows * cols, act.alpha, x, y);
}

/** dx = dy * f'(x) over rows x cols; x is the input, y the output of the forward. dx may alias dy. */
export function activationBackward(
  backend: Backend,
  act: ResolvedActivation,
  rows: number,
  cols: number,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  if (act.code === undefined) backend.softmaxBackward(rows, cols, y, dy, dx);
  else backend.activationBackward(act.code, rows * cols, act.alpha, x, y, dy, dx);
}
