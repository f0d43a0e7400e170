// Shared data for the model tests: XOR, and iris from the repository's data/iris.csv with a seeded 80/20 split.
import { readFileSync } from 'node:fs';
import { Random } from '../../src/random.js';

export const XOR_X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const XOR_Y = [[0], [1], [1], [0]];

export interface Split {
  xTrain: number[][];
  yTrain: number[][];
  xTest: number[][];
  yTest: number[][];
  labelsTest: number[];
}

/** iris.csv: first line `rows,columns,class names...`, then 4 features and the class index per line. */
export function loadIris(seed: number): Split {
  const lines = readFileSync(new URL('../../data/iris.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const [rows, cols] = lines[0].split(',').map(Number);
  const x: number[][] = [];
  const labels: number[] = [];
  for (const line of lines.slice(1)) {
    const values = line.split(',').map(Number);
    x.push(values.slice(0, cols));
    labels.push(values[cols]);
  }
  if (x.length !== rows) throw new Error(`iris.csv: header says ${rows} rows, found ${x.length}`);
  const order = new Random(seed).permutation(rows);
  const cut = Math.round(rows * 0.8);
  const oneHot = (c: number): number[] => [0, 1, 2].map((k) => (k === c ? 1 : 0));
  const pick = (from: number, to: number) => Array.from(order.subarray(from, to));
  const train = pick(0, cut);
  const test = pick(cut, rows);
  return {
    xTrain: train.map((i) => x[i]),
    yTrain: train.map((i) => oneHot(labels[i])),
    xTest: test.map((i) => x[i]),
    yTest: test.map((i) => oneHot(labels[i])),
    labelsTest: test.map((i) => labels[i]),
  };
}
