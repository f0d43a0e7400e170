import { type ActivationArgs, ActivationLayer } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batchNormalization.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout, type DropoutArgs } from './dropout.js';
import { Residual, type ResidualArgs } from './residual.js';

export { Layer } from './layer.js';
export type { LayerArgs } from './layer.js';
export { Dense, ActivationLayer, BatchNormalization, Dropout, Residual };
export type { DenseArgs, ActivationArgs, BatchNormalizationArgs, DropoutArgs, ResidualArgs };

/** The layer factories users call: layers.dense({ units: 30, activation: 'relu' }), ... */
export const layers = {
  dense: (args: DenseArgs): Dense => new Dense(args),
  activation: (args: ActivationArgs): ActivationLayer => new ActivationLayer(args),
  batchNormalization: (args: BatchNormalizationArgs = {}): BatchNormalization => new BatchNormalization(args),
  dropout: (args: DropoutArgs): Dropout => new Dropout(args),
  residual: (args: ResidualArgs): Residual => new Residual(args),
};
