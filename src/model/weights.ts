import { describeValue } from '../describe-value.js';
import { view } from '../layers/layer.js';
import type { Engine } from './engine.js';
import { InputError } from '../errors.js';

/** Trainable parameters then running statistics in one array (`into`, when it has the right length). */
export function snapshotWeightValues(engine: Engine, into?: Float32Array): Float32Array {
  const total = engine.paramCount + engine.stateCount;
  const out = into && into.length === total ? into : new Float32Array(total);
  out.set(engine.params.data.subarray(0, engine.paramCount));
  out.set(engine.state.data.subarray(0, engine.stateCount), engine.paramCount);
  return out;
}

/** Sets parameters and running statistics from a snapshotWeightValues array. */
export function restoreWeightValues(engine: Engine, modelName: string, snapshot: Float32Array): void {
  const total = engine.paramCount + engine.stateCount;
  if (snapshot.length !== total) {
    throw new InputError(`backprop: model ${modelName} has ${total} weights; the snapshot has ${snapshot.length}`);
  }
  engine.params.data.set(snapshot.subarray(0, engine.paramCount));
  engine.state.data.set(snapshot.subarray(engine.paramCount));
}

/** One weight of a model as Sequential.getWeights returns it. */
export interface WeightValues {
  /** layer/weight, e.g. dense/kernel. */
  name: string;
  /** The weight's shape. */
  shape: number[];
  /** A copy of its values. */
  values: Float32Array;
}

/** Keras get_weights: every weight as { name: 'layer/kernel', shape, values } (copies), trainable first. */
export function getWeightValues(engine: Engine): WeightValues[] {
  const copy =
    (buffer: Engine['params']) =>
    ({ layer, weight }: Engine['trainable'][number]) => ({
      name: `${layer.name}/${weight.name}`,
      shape: [...weight.shape],
      values: view(buffer, weight.slice).slice(),
    });
  return [...engine.trainable.map(copy(engine.params)), ...engine.nonTrainable.map(copy(engine.state))];
}

/** Keras set_weights, in getWeightValues order; each entry must have the right number of finite values. */
export function setWeightValues(
  engine: Engine,
  modelName: string,
  weights: { values: Float32Array | number[] }[] | (Float32Array | number[])[],
): void {
  const all = [
    ...engine.trainable.map((w) => ({ ...w, buffer: engine.params })),
    ...engine.nonTrainable.map((w) => ({ ...w, buffer: engine.state })),
  ];
  if (!Array.isArray(weights) || weights.length !== all.length) {
    throw new InputError(
      `backprop: model ${modelName} has ${all.length} weights; setWeights got ${Array.isArray(weights) ? weights.length : typeof weights}`,
    );
  }
  for (const [i, { layer, weight, buffer }] of all.entries()) {
    const given: unknown = weights[i];
    const values =
      given instanceof Float32Array || Array.isArray(given)
        ? given
        : typeof given === 'object' && given !== null
          ? (given as { values?: unknown }).values
          : undefined;
    if (!(values instanceof Float32Array) && !Array.isArray(values)) {
      throw new InputError(
        `backprop: setWeights entry ${i} (${layer.name}/${weight.name}) must be a Float32Array, an array of numbers or { values }; got ${describeValue(given)}`,
      );
    }
    if (values.length !== weight.size) {
      throw new InputError(
        `backprop: weight ${layer.name}/${weight.name} has shape [${weight.shape.join(', ')}] (${weight.size} values); got ${values.length}`,
      );
    }
    for (let k = 0; k < values.length; k++) {
      if (typeof values[k] !== 'number' || !Number.isFinite(values[k]))
        throw new InputError(
          `backprop: weight ${layer.name}/${weight.name} value ${k} must be a finite number; got ${describeValue(values[k])}`,
        );
    }
    view(buffer, weight.slice).set(values);
  }
}
