// Building and loading scale linearly with the number of layers. add() used to rebuild the set of every
// layer name on each call (quadratic: 9,990 layers took 40 s to load). The work is counted, not timed:
// building a model of n layers visits each layer's name a constant number of times.
import { describe, expect, it, vi } from 'vitest';
import { layers, loadModel, sequential, type Layer } from '../../src/index.js';

function stack(n: number): Layer[] {
  const list: Layer[] = [layers.dense({ inputShape: [2], units: 2 })];
  for (let i = 1; i < n; i++) list.push(layers.dense({ units: 2 }));
  return list;
}

/** How many times sublayers() is called while building a model of n plain layers. */
function sublayerVisits(n: number): number {
  const list = stack(n);
  const spies = list.map((l) => vi.spyOn(l, 'sublayers'));
  sequential({ layers: list, seed: 1 });
  return spies.reduce((total, spy) => total + spy.mock.calls.length, 0);
}

describe('many layers', () => {
  it('building visits each layer a constant number of times (linear, not quadratic)', () => {
    const small = sublayerVisits(100);
    const large = sublayerVisits(1000);
    expect(large / small).toBeLessThanOrEqual(10);
  });

  it('a 5,000-layer model saves and loads (within the default test timeout)', async () => {
    const model = sequential({ layers: stack(5000), seed: 2 });
    const loaded = await loadModel(await model.save());
    expect(loaded.layers.length).toBe(5000);
    expect(Array.from(loaded.snapshotWeights())).toEqual(Array.from(model.snapshotWeights()));
  });
});
