import { type ActivationArgs, ActivationLayer } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout, type DropoutArgs } from './dropout.js';
import { Residual, type ResidualArgs } from './residual.js';
import { Conv2D, type Conv2DArgs } from './conv2d.js';
import { AveragePooling2D, GlobalAveragePooling2D, MaxPooling2D, type Pooling2DArgs } from './pooling.js';
import { Flatten, Reshape, type ReshapeArgs } from './reshape.js';
import type { LayerArgs } from './layer.js';

export { Layer } from './layer.js';
export { KernelLayer } from './kernel-layer.js';
export type { KernelLayerArgs } from './kernel-layer.js';
export type { LayerArgs } from './layer.js';
export type { Padding, Pair } from './window-geometry.js';
export {
  Dense,
  ActivationLayer,
  BatchNormalization,
  Dropout,
  Residual,
  Conv2D,
  MaxPooling2D,
  AveragePooling2D,
  GlobalAveragePooling2D,
  Flatten,
  Reshape,
};
export type {
  DenseArgs,
  ActivationArgs,
  BatchNormalizationArgs,
  DropoutArgs,
  ResidualArgs,
  Conv2DArgs,
  Pooling2DArgs,
  ReshapeArgs,
};

/** The layer factories users call: layers.dense({ units: 30, activation: 'relu' }), ... */
export const layers = {
  /** A fully connected layer (Keras Dense). */
  dense: (args: DenseArgs): Dense => new Dense(args),
  /** An activation as a layer of its own (Keras Activation). */
  activation: (args: ActivationArgs): ActivationLayer => new ActivationLayer(args),
  /** Batch normalisation over the last axis: the features, or an image's channels (Keras BatchNormalization). */
  batchNormalization: (args: BatchNormalizationArgs = {}): BatchNormalization => new BatchNormalization(args),
  /** Inverted dropout in training, the identity in inference (Keras Dropout). */
  dropout: (args: DropoutArgs): Dropout => new Dropout(args),
  /** A residual block y = f(F(x) + x), with a learned projection of x when F changes the shape. */
  residual: (args: ResidualArgs): Residual => new Residual(args),
  /** 2-D convolution over channels-last images (Keras Conv2D). */
  conv2d: (args: Conv2DArgs): Conv2D => new Conv2D(args),
  /** The largest value of each window, per channel (Keras MaxPooling2D). */
  maxPooling2d: (args: Pooling2DArgs = {}): MaxPooling2D => new MaxPooling2D(args),
  /** The mean of each window, per channel (Keras AveragePooling2D). */
  averagePooling2d: (args: Pooling2DArgs = {}): AveragePooling2D => new AveragePooling2D(args),
  /** The mean of each channel over the image, [h, w, c] -> [c] (Keras GlobalAveragePooling2D). */
  globalAveragePooling2d: (args: LayerArgs = {}): GlobalAveragePooling2D => new GlobalAveragePooling2D(args),
  /** [h, w, c] -> [h * w * c] without moving data (Keras Flatten). */
  flatten: (args: LayerArgs = {}): Flatten => new Flatten(args),
  /** The same values per sample in another shape, without moving data (Keras Reshape). */
  reshape: (args: ReshapeArgs): Reshape => new Reshape(args),
};
