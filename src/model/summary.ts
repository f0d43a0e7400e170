import type { Sequential } from './sequential.js';

/** The Keras-style summary table: layer (type), output shape, parameter count, then the totals. */
export function formatSummary(model: Sequential, lineLength = 90, positions = [0.5, 0.8, 1]): string {
  const cols = positions.map((p) => (p <= 1 ? Math.floor(p * lineLength) : p));
  const row = (fields: string[]): string => {
    let line = '';
    for (const [i, f] of fields.entries()) {
      line = (line + f).slice(0, cols[i] - 1).padEnd(cols[i]);
    }
    return line.trimEnd();
  };
  const lines = [`Model: "${model.name}"`, '_'.repeat(lineLength), row(['Layer (type)', 'Output Shape', 'Param #']), '='.repeat(lineLength)];
  const describe = (layers: typeof model.layers, indent: string): void => {
    for (const layer of layers) {
      const own = [...layer.weights, ...layer.stateWeights].reduce((s, w) => s + w.size, 0);
      const nested = layer.sublayers();
      const total = own + nestedCount(nested);
      lines.push(row([`${indent}${layer.name} (${layer.className})`, `[null,${layer.units}]`, String(total)]));
      if (nested.length > 0) describe(nested, `${indent}  `);
    }
  };
  describe(model.layers, '');
  const { trainable, nonTrainable } = model.countParams();
  lines.push('='.repeat(lineLength));
  lines.push(`Total params: ${trainable + nonTrainable}`, `Trainable params: ${trainable}`, `Non-trainable params: ${nonTrainable}`);
  lines.push('_'.repeat(lineLength));
  return lines.join('\n');
}

function nestedCount(layers: Sequential['layers']): number {
  return layers.reduce((s, l) => s + [...l.weights, ...l.stateWeights].reduce((a, w) => a + w.size, 0) + nestedCount(l.sublayers()), 0);
}
