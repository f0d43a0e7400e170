import { describeValue } from '../describe-value.js';
import { view } from '../layers/layer.js';
import type { Engine } from './engine.js';
import { InputError } from './errors.js';

/** Keras get_weights: every weight as { name: 'layer/kernel', shape, values } (copies), trainable first. */
export function getWeightValues(engine: Engine): { name: string; shape: number[]; values: Float32Array }[] {
  const copy = (buffer: Engine['params']) => ({ layer, weight }: Engine['trainable'][number]) =>
    ({ name: `${layer.name}/${weight.name}`, shape: [...weight.shape], values: view(buffer, weight.slice).slice() });
  return [...engine.trainable.map(copy(engine.params)), ...engine.nonTrainable.map(copy(engine.state))];
}

/** Keras set_weights, in getWeightValues order; each entry must have the right number of finite values. */
export function setWeightValues(engine: Engine, modelName: string,
  weights: { values: Float32Array | number[] }[] | (Float32Array | number[])[]): void {
  const all = [
    ...engine.trainable.map((w) => ({ ...w, buffer: engine.params })),
    ...engine.nonTrainable.map((w) => ({ ...w, buffer: engine.state })),
  ];
  if (!Array.isArray(weights) || weights.length !== all.length) {
    throw new InputError(`backprop: model ${modelName} has ${all.length} weights; setWeights got ${Array.isArray(weights) ? weights.length : typeof weights}`);
  }
  for (const [i, { layer, weight, buffer }] of all.entries()) {
    const given: unknown = weights[i];
    const values = given instanceof Float32Array || Array.isArray(given) ? given
      : typeof given === 'object' && given !== null ? (given as { values?: unknown }).values : undefined;
    if (!(values instanceof Float32Array) && !Array.isArray(values)) {
      throw new InputError(`backprop: setWeights entry ${i} (${layer.name}/${weight.name}) must be a Float32Array, an array of numbers or { values }; got ${describeValue(given)}`);
    }
    if (values.length !== weight.size) {
      throw new InputError(`backprop: weight ${layer.name}/${weight.name} has shape [${weight.shape.join(', ')}] (${weight.size} values); got ${values.length}`);
    }
    for (let k = 0; k < values.length; k++) {
      if (typeof values[k] !== 'number' || !Number.isFinite(values[k])) throw new InputError(`backprop: weight ${layer.name}/${weight.name} value ${k} must be a finite number; got ${describeValue(values[k])}`);
    }
    view(buffer, weight.slice).set(values);
  }
}
