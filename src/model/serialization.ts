import { describeValue } from '../describe-value.js';
import { initializerFromConfig } from '../initializers.js';
import { ActivationLayer } from '../layers/activation.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer } from '../layers/layer.js';
import { Residual } from '../layers/residual.js';
import { Conv2D } from '../layers/conv2d.js';
import { AveragePooling2D, GlobalAveragePooling2D, MaxPooling2D } from '../layers/pooling.js';
import { Flatten, Reshape } from '../layers/reshape.js';
import { ModelFormatError } from '../errors.js';

/**
 * Layers to and from their saved form { className, config }, where config is what getConfig() returns
 * and what the layer's factory accepts. Saved files are untrusted: every field is checked by the
 * factories, and nesting and layer counts are bounded.
 */
export interface SavedLayer {
  className: string;
  config: Record<string, unknown>;
}

const MAX_LAYERS = 10_000;
const MAX_DEPTH = 32;

type Factory = (config: Record<string, unknown>, depth: number, count: { n: number }) => Layer;

// A Map, not an object literal: a class name such as '__proto__' or 'constructor' must be unknown, not
// something inherited from Object.prototype.
const FACTORIES = new Map<string, Factory>([
  ['Dense', (c) => new Dense(c as never)],
  ['Activation', (c) => new ActivationLayer(c as never)],
  ['BatchNormalization', (c) => new BatchNormalization(c as never)],
  ['Dropout', (c) => new Dropout(c as never)],
  ['Conv2D', (c) => new Conv2D(c as never)],
  ['MaxPooling2D', (c) => new MaxPooling2D(c as never)],
  ['AveragePooling2D', (c) => new AveragePooling2D(c as never)],
  ['GlobalAveragePooling2D', (c) => new GlobalAveragePooling2D(c as never)],
  ['Flatten', (c) => new Flatten(c as never)],
  ['Reshape', (c) => new Reshape(c as never)],
  [
    'Residual',
    (c, depth, count) => {
      if (!Array.isArray(c.layers)) throw new ModelFormatError('backprop: a saved Residual layer has no layers list');
      return new Residual({ ...c, layers: c.layers.map((l: unknown) => layerFromSaved(l, depth + 1, count)) } as never);
    },
  ],
]);

export function layerToSaved(layer: Layer): SavedLayer {
  return { className: layer.className, config: layer.getConfig() };
}

export function layerFromSaved(saved: unknown, depth = 0, count = { n: 0 }): Layer {
  if (depth > MAX_DEPTH)
    throw new ModelFormatError(`backprop: the saved model nests layers deeper than ${MAX_DEPTH} levels`);
  if (++count.n > MAX_LAYERS)
    throw new ModelFormatError(`backprop: the saved model has more than ${MAX_LAYERS} layers`);
  if (typeof saved !== 'object' || saved === null)
    throw new ModelFormatError(
      `backprop: a saved layer must be an object { className, config }; got ${describeValue(saved)}`,
    );
  const { className, config } = saved as Partial<SavedLayer>;
  const make = typeof className === 'string' ? FACTORIES.get(className) : undefined;
  if (!make)
    throw new ModelFormatError(
      `backprop: unknown layer class ${describeValue(className)} in the saved model; known: ${[...FACTORIES.keys()].join(', ')}`,
    );
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new ModelFormatError(`backprop: saved ${className} layer has no config object`);
  try {
    // No prototype: a key '__proto__' in the file stays a plain (ignored) field instead of replacing
    // the prototype of the options object the factory reads.
    const resolved: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(config)) {
      resolved[key] =
        key.endsWith('Initializer') && typeof value === 'object' && value !== null
          ? initializerFromConfig(value)
          : value;
    }
    return make(resolved, depth, count);
  } catch (error) {
    if (error instanceof ModelFormatError) throw error;
    throw new ModelFormatError(
      `backprop: saved ${className} layer ${describeValue(config.name)} is invalid: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
