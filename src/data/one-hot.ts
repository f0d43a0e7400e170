/**
 * Class indices <-> one-hot rows. labels: n class indices (any numeric array); one-hot: n x classes
 * Float32Array with a single 1 per row.
 */
import { describeValue } from '../describe-value.js';
import { checkInteger, checkNumbers } from './arguments.js';

/** One-hot rows for `labels`; every label must be an integer in [0, classes). */
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  checkNumbers('oneHot', 'labels', labels);
  checkInteger('oneHot', 'classes', classes, 1);
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(
        `backprop: oneHot: label ${i} must be an integer in [0, ${classes}); got ${describeValue(label)}`,
      );
    }
    out[i * classes + label] = 1;
  }
  return out;
}

/** The index of the largest value of each row of a rows x cols matrix (predicted classes). */
export function argMax(values: ArrayLike<number>, cols: number): Int32Array {
  checkNumbers('argMax', 'values', values);
  checkInteger('argMax', 'cols', cols, 1);
  if (values.length % cols !== 0) {
    throw new RangeError(`backprop: argMax: ${values.length} values are not whole rows of ${cols} columns`);
  }
  const rows = values.length / cols;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c] > values[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}
