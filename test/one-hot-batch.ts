// A batch for the small 4-input, 3-class test networks: `rows` rows of 4 uniform features in [-1, 1) from
// a stream seeded by `seed`, and one-hot labels cycling through the three classes.
import { tensor2d } from '../src/index.js';
import { Random } from '../src/random.js';

export function oneHotBatch(rows: number, seed: number) {
  const random = new Random(seed);
  const x = tensor2d(random.fillUniform(new Float32Array(rows * 4), -1, 1), [rows, 4]);
  const y = new Float32Array(rows * 3);
  for (let r = 0; r < rows; r++) y[r * 3 + (r % 3)] = 1;
  return { x, y: tensor2d(y, [rows, 3]) };
}
