import { describeValue } from '../describe-value.js';
import { ConfigError } from '../errors.js';
import { checkPositiveInteger } from './layer.js';

/** Keras' padding modes: 'valid' uses only windows inside the image, 'same' pads to ceil(size / stride). */
export type Padding = 'valid' | 'same';

/** A size per spatial axis, or one number for both (Keras: kernelSize 3 is [3, 3]). */
export type Pair = number | [number, number];

/**
 * Where a sliding window (a convolution kernel or a pooling window) lies over a channels-last image:
 * window size, stride and dilation per axis, the padding before the first row and column, and the
 * output size. The field names are the arguments of the im2col and pooling kernels.
 */
export interface WindowGeometry {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly oh: number;
  readonly ow: number;
}

/** A Pair option as [rows, columns] of positive integers; `what` names it in errors. */
export function resolvePair(value: unknown, what: string): [number, number] {
  if (typeof value === 'number') {
    checkPositiveInteger(value, what);
    return [value, value];
  }
  if (Array.isArray(value) && value.length === 2) {
    return [checkPositiveInteger(value[0], `${what}[0]`), checkPositiveInteger(value[1], `${what}[1]`)];
  }
  throw new RangeError(`backprop: ${what} must be a positive integer or [rows, columns]; got ${describeValue(value)}`);
}

/** The padding option: 'valid' (the default) or 'same'. */
export function resolvePadding(value: unknown, what: string): Padding {
  if (value === undefined) return 'valid';
  if (value === 'valid' || value === 'same') return value;
  throw new RangeError(`backprop: ${what} must be 'valid' or 'same'; got ${describeValue(value)}`);
}

/**
 * The output size and leading padding along one axis, as Keras and TensorFlow compute them: 'valid'
 * gives floor((size - dilation * (window - 1) - 1) / stride) + 1 and no padding; 'same' gives
 * ceil(size / stride) and pads max((out - 1) * stride + dilation * (window - 1) + 1 - size, 0) in total,
 * the smaller half before (the extra row or column goes after, as TensorFlow).
 */
function axis(size: number, window: number, stride: number, dilation: number, padding: Padding): [number, number] {
  const span = dilation * (window - 1) + 1;
  if (padding === 'valid') return [Math.floor((size - span) / stride) + 1, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + span - size, 0);
  return [out, Math.floor(total / 2)];
}

/**
 * The geometry of a window over input of `inputShape` [h, w, c]; throws ConfigError, naming `layer`, when
 * a 'valid' window is larger than the image.
 */
export function windowGeometry(
  layer: string,
  inputShape: readonly number[],
  [kh, kw]: readonly [number, number],
  [sh, sw]: readonly [number, number],
  [dh, dw]: readonly [number, number],
  padding: Padding,
): WindowGeometry {
  const [h, w, c] = inputShape;
  const [oh, padTop] = axis(h, kh, sh, dh, padding);
  const [ow, padLeft] = axis(w, kw, sw, dw, padding);
  if (oh < 1 || ow < 1) {
    throw new ConfigError(
      `backprop: layer ${layer}: a ${dh * (kh - 1) + 1} x ${dw * (kw - 1) + 1} window (with its dilation) does not fit in the ${h} x ${w} input with padding 'valid'; use a smaller window or padding 'same'`,
    );
  }
  return { h, w, c, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow };
}
