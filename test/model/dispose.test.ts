// Models own their memory: on wasm, a model dropped without dispose() gives its linear memory back once it
// is garbage collected (a child process with --expose-gc builds 10,000 models of ~115 KB each, which
// without reclaiming would hold 1.1 GB); dispose() frees it at once, and a disposed model refuses every
// use with ModelDisposedError instead of silently re-initialising its weights.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { layers, loadAvailableBackends, ModelDisposedError, sequential, type Backend } from '../../src/index.js';

const CHILD = fileURLToPath(new URL('./wasm-reclaim-child.mjs', import.meta.url));
const ENTRY = new URL('../../dist/src/index.js', import.meta.url).href;

describe('wasm memory of models dropped without dispose()', () => {
  it('is reclaimed: 10,000 models of ~115 KB each stay within 256 MB of linear memory', () => {
    const models = 10_000;
    const run = spawnSync(process.execPath, ['--expose-gc', CHILD, ENTRY, String(models), '500'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as {
      built: number;
      error: string | null;
      memoryBytes: number;
      bytesInUse: number;
      peakBytes: number;
    };
    console.log(`wasm reclaim: ${JSON.stringify(result)}`);
    expect(result.error).toBeNull();
    expect(result.built).toBe(models);
    // Each model holds ~115 KB while alive (params, grads, Adam's two slots, workspace): kept, they would
    // need 1.1 GB. Collected every 500 models, at most a few thousand are alive at once.
    expect(result.memoryBytes).toBeLessThanOrEqual(256 * 2 ** 20);
    // After the last collection only the backend's own scratch (the gemm workspace) is left.
    expect(result.bytesInUse).toBeLessThan(2 * 2 ** 20);
  }, 300_000);
});

const backends = await loadAvailableBackends();

describe.each(backends.map((b) => [b.name, b] as const))('dispose() on %s', (_name, backend: Backend) => {
  function model() {
    const m = sequential({
      backend,
      seed: 3,
      layers: [layers.dense({ inputShape: [2], units: 3, activation: 'softmax' })],
    });
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    return m;
  }

  it('frees the memory now (wasm: the allocator gets every block back)', async () => {
    const m = model();
    m.predict([[1, 2]]);
    const allocator = (backend as { allocator?: { bytesInUse: number } }).allocator;
    const before = allocator?.bytesInUse ?? 0;
    m.dispose();
    if (allocator) expect(allocator.bytesInUse).toBeLessThan(before);
    expect(m.isDisposed).toBe(true);
    m.dispose(); // a second dispose does nothing
  });

  it('a disposed model refuses every use with ModelDisposedError', async () => {
    const m = model();
    m.predict([[1, 2]]);
    m.dispose();
    const uses: [string, () => unknown][] = [
      ['predict', () => m.predict([[1, 2]])],
      ['fit', () => m.fit([[1, 2]], [[1, 0, 0]], { verbose: 0 })],
      ['evaluate', () => m.evaluate([[1, 2]], [[1, 0, 0]])],
      ['trainOnBatch', () => m.trainOnBatch([[1, 2]], [[1, 0, 0]])],
      ['compile', () => m.compile({ optimizer: 'sgd', loss: 'mse' })],
      ['save', () => m.save()],
      ['getWeights', () => m.getWeights()],
      ['setWeights', () => m.setWeights([new Float32Array(6), new Float32Array(3)])],
      ['snapshotWeights', () => m.snapshotWeights()],
      ['backend', () => m.backend],
      ['summary', () => m.summary(undefined, undefined, () => {})],
      ['add', () => m.add(layers.dense({ units: 2 }))],
      ['getLearningRate', () => m.getLearningRate()],
    ];
    for (const [what, use] of uses) {
      const error = await (async () => use())().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, what).toBeInstanceOf(ModelDisposedError);
      expect((error as Error).message, what).toMatch(/was disposed/);
    }
  });
});
