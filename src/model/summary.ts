import { describeValue } from '../describe-value.js';
import type { Layer } from '../layers/layer.js';

/** The widest summary line accepted: wider than any terminal, small enough to print. */
const MAX_LINE_LENGTH = 10_000;

/** What the summary shows of a model. */
export interface SummarizedModel {
  readonly name: string;
  readonly layers: readonly Layer[];
  countParams(): { trainable: number; nonTrainable: number };
}

/** The Keras-style summary table: layer (type), output shape, parameter count, then the totals. */
export function formatSummary(
  model: SummarizedModel,
  lineLength: unknown = 90,
  positions: unknown = [0.5, 0.8, 1],
): string {
  if (
    typeof lineLength !== 'number' ||
    !Number.isInteger(lineLength) ||
    lineLength < 1 ||
    lineLength > MAX_LINE_LENGTH
  ) {
    throw new RangeError(
      `backprop: summary lineLength must be an integer in [1, ${MAX_LINE_LENGTH}] (characters); got ${describeValue(lineLength)}`,
    );
  }
  // Keras: the end of each column, as a fraction of lineLength (<= 1) or a character position.
  if (
    !Array.isArray(positions) ||
    positions.length !== 3 ||
    !positions.every((p) => typeof p === 'number' && p > 0 && p <= lineLength)
  ) {
    throw new RangeError(
      `backprop: summary positions must be 3 column ends, fractions of lineLength (<= 1) or positions in (1, ${lineLength}], like [0.5, 0.8, 1]; got ${describeValue(positions)}`,
    );
  }
  const cols = (positions as number[]).map((p) => Math.max(1, p <= 1 ? Math.floor(p * lineLength) : Math.floor(p)));
  const row = (fields: string[]): string => {
    let line = '';
    for (const [i, f] of fields.entries()) {
      line = (line + f).slice(0, cols[i] - 1).padEnd(cols[i]);
    }
    return line.trimEnd();
  };
  const lines = [
    `Model: "${model.name}"`,
    '_'.repeat(lineLength),
    row(['Layer (type)', 'Output Shape', 'Param #']),
    '='.repeat(lineLength),
  ];
  const describe = (layers: typeof model.layers, indent: string): void => {
    for (const layer of layers) {
      const own = [...layer.weights, ...layer.stateWeights].reduce((s, w) => s + w.size, 0);
      const nested = layer.sublayers();
      const total = own + nestedCount(nested);
      lines.push(
        row([`${indent}${layer.name} (${layer.className})`, `[null,${layer.outputShape.join(',')}]`, String(total)]),
      );
      if (nested.length > 0) describe(nested, `${indent}  `);
    }
  };
  describe(model.layers, '');
  const { trainable, nonTrainable } = model.countParams();
  lines.push('='.repeat(lineLength));
  lines.push(
    `Total params: ${trainable + nonTrainable}`,
    `Trainable params: ${trainable}`,
    `Non-trainable params: ${nonTrainable}`,
  );
  lines.push('_'.repeat(lineLength));
  return lines.join('\n');
}

/** Sends the summary table to `printFn` line by line and returns it. */
export function printSummary(
  model: SummarizedModel,
  lineLength: unknown,
  positions: unknown,
  printFn: unknown,
): string {
  if (typeof printFn !== 'function') {
    const expected = 'a function (line: string) => void';
    throw new TypeError(`backprop: summary printFn must be ${expected}; got ${describeValue(printFn)}`);
  }
  const text = formatSummary(model, lineLength, positions);
  for (const line of text.split('\n')) printFn(line);
  return text;
}

function nestedCount(layers: readonly Layer[]): number {
  return layers.reduce(
    (s, l) => s + [...l.weights, ...l.stateWeights].reduce((a, w) => a + w.size, 0) + nestedCount(l.sublayers()),
    0,
  );
}
