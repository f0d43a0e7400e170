import { describeValue } from './describe-value.js';

/**
 * The options object of a factory (`layers.dense({ units: 8 })`, `initializers.randomNormal({ stddev })`):
 * a plain object, or undefined when every option has a default. Anything else (null, an array, a number)
 * is refused here, before a property of it is read.
 */
export function checkOptions<T extends object>(args: T | undefined, who: string, example: string, optional = false): T {
  if (args === undefined && optional) return {} as T;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new TypeError(`backprop: ${who}: options must be an object like ${example}; got ${describeValue(args)}`);
  }
  return args;
}
