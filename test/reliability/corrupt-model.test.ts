// Corrupted model files (corrupt-model.child.ts, model-file-corruptions.ts) on every backend that loads
// here, each in its own child process: real saves of every layer kind and optimizer, with optimizer state,
// damaged in thousands of seeded ways and loaded from memory or from a directory. Each load must give a
// model (only when the damage is harmless) or a ModelFormatError with a message; never a crash, a raw
// TypeError or RangeError, or unbounded memory. Findings listed in known-bugs.ts are only counted.
import { describe, expect, it } from 'vitest';
import { loadAvailableBackends } from '../../src/backends/node.js';
import { describeExit, knownSummary, runChild } from './child-process.js';

const SEED = 20261126;
/** Growth of the resident set over the loads after the first model's (freed pages the allocator keeps count too). */
const MAX_RSS_GROWTH_MB = 100;
/** Growth of the live JavaScript heap after a full collection: what a leak of models or buffers would show. */
const MAX_HEAP_GROWTH_MB = 20;
const loaded = new Set((await loadAvailableBackends()).map((b) => b.name));

describe('corrupted model files', () => {
  for (const backend of ['js', 'wasm', 'native'] as const) {
    const available = loaded.has(backend) || (process.env.CI !== undefined && backend === 'native');
    it.skipIf(!available)(
      `${backend}: seeded corruptions (seed ${SEED}) load cleanly or throw ModelFormatError`,
      () => {
        const r = runChild(
          './corrupt-model.child.ts',
          { BACKPROP_BACKEND: backend, FUZZ_SEED: String(SEED) },
          110_000,
          ['--expose-gc'],
        );
        const done = r.events.find((e) => e.t === 'done');
        expect(done, `the fuzzer ${describeExit(r)}`).toBeDefined();
        expect(r.status, describeExit(r)).toBe(0);
        expect(done!.backend).toBe(backend);
        expect(done!.loads as number).toBeGreaterThanOrEqual(1000);
        // Both outcomes happen: the corruptions reach the checks and the harmless ones still load.
        expect(done!.rejected as number).toBeGreaterThan(0);
        expect(done!.loaded as number).toBeGreaterThan(0);
        const unknown = r.events.filter((e) => e.t === 'finding' && e.known === undefined);
        console.info(`${backend}: ${knownSummary(r.events)}`);
        const report = unknown
          .slice(0, 10)
          .map((f) => `${String(f.call)}\n    ${String(f.problem)}`)
          .join('\n');
        expect(unknown.length, `${unknown.length} findings:\n${report}`).toBe(0);
        expect((done!.rssAfterMB as number) - (done!.rssBeforeMB as number), 'RSS growth (MB)').toBeLessThan(
          MAX_RSS_GROWTH_MB,
        );
        expect((done!.heapAfterMB as number) - (done!.heapBeforeMB as number), 'heap growth (MB)').toBeLessThan(
          MAX_HEAP_GROWTH_MB,
        );
      },
    );
  }
});
