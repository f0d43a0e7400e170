import { type ActivationArgs, ActivationLayer } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout, type DropoutArgs } from './dropout.js';
import { Residual, type ResidualArgs } from './residual.js';

export { Layer } from './layer.js';
export type { LayerArgs } from './layer.js';
export { Dense, ActivationLayer, BatchNormalization, Dropout, Residual };
export type { DenseArgs, ActivationArgs, BatchNormalizationArgs, DropoutArgs, ResidualArgs };

/** The layer factories users call: layers.dense({ units: 30, activation: 'relu' }), ... */
export const layers = {
  /** A fully connected layer (Keras Dense). */
  dense: (args: DenseArgs): Dense => new Dense(args),
  /** An activation as a layer of its own (Keras Activation). */
  activation: (args: ActivationArgs): ActivationLayer => new ActivationLayer(args),
  /** Batch normalisation over the features (Keras BatchNormalization). */
  batchNormalization: (args: BatchNormalizationArgs = {}): BatchNormalization => new BatchNormalization(args),
  /** Inverted dropout in training, the identity in inference (Keras Dropout). */
  dropout: (args: DropoutArgs): Dropout => new Dropout(args),
  /** A residual block y = f(F(x) + x), with a learned projection of x when F changes the width. */
  residual: (args: ResidualArgs): Residual => new Residual(args),
};
