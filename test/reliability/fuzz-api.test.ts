// The public-API fuzzer (fuzz-api.child.ts) on every backend that loads here, native also with 3 threads,
// each in its own child process: seeded random calls of the model, layer, optimizer, data and kernel APIs,
// many with wrong shapes, types and values. Every call must return or throw a backprop error that says
// what was expected; the process must neither crash nor hang. Findings listed in known-bugs.ts are being
// fixed elsewhere and are only counted.
import { describe, expect, it } from 'vitest';
import { loadAvailableBackends } from '../../src/backends/node.js';
import { describeExit, knownSummary, runChild } from './child-process.js';

const SEED = 20261126;
const CASES = 8000;
const loaded = new Set((await loadAvailableBackends()).map((b) => b.name));
const runs = [
  { backend: 'js', threads: undefined },
  { backend: 'wasm', threads: undefined },
  { backend: 'native', threads: undefined },
  { backend: 'native', threads: '3' },
] as const;

describe('public-API fuzz', () => {
  for (const { backend, threads } of runs) {
    const name = `${backend}${threads ? ` at ${threads} threads` : ''}: ${CASES} seeded cases (seed ${SEED})`;
    const available = loaded.has(backend) || (process.env.CI !== undefined && backend === 'native');
    it.skipIf(!available)(name, () => {
      const env: Record<string, string> = {
        BACKPROP_BACKEND: backend,
        FUZZ_SEED: String(SEED),
        FUZZ_CASES: String(CASES),
      };
      if (threads) env.FUZZ_THREADS = threads;
      const r = runChild('./fuzz-api.child.ts', env, 110_000);
      const done = r.events.find((e) => e.t === 'done');
      expect(done, `the fuzzer ${describeExit(r)}`).toBeDefined();
      expect(r.status, describeExit(r)).toBe(0);
      expect(done!.backend).toBe(backend);
      expect(done!.cases).toBe(CASES);
      const findings = r.events.filter((e) => e.t === 'finding');
      const unknown = findings.filter((f) => f.known === undefined);
      console.info(`${backend}: ${knownSummary(r.events)}`);
      const report = unknown
        .slice(0, 10)
        .map(
          (f) =>
            `case ${String(f.caseIndex)} (replay: FUZZ_SEED=${SEED} FUZZ_FIRST=${String(f.caseIndex)} FUZZ_CASES=1 BACKPROP_BACKEND=${backend}): ` +
            `${String(f.call)}\n    ${String(f.problem)}`,
        )
        .join('\n');
      expect(unknown.length, `${unknown.length} findings:\n${report}`).toBe(0);
    });
  }
});
