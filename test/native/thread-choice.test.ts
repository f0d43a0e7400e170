// The default thread count: without BACKPROP_THREADS or setThreads, the addon times one GEMM alternately
// on one thread and on all of the pool's the first time a kernel has enough work to split or backendInfo()
// asks (not when it loads), and keeps all only when they are clearly faster
// (native/thread_choice.h, native/thread_auto.cc). The rule is tested on given times (no timing here);
// the addon is tested for what it reports and for honouring the overrides.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './build-addon.js';
import { loadNative } from './load.js';

const { native, reason } = await loadNative();
const compiler = process.env.CXX ?? 'g++';
const outDir = join(repoRoot, 'build', 'test-addons', 'thread-choice');

describe('the default thread count rule', () => {
  const binary = (async () => {
    mkdirSync(outDir, { recursive: true });
    const out = join(outDir, 'choice');
    const source = join(repoRoot, 'test/native/thread-pool/choice.cc');
    await promisify(execFile)(compiler, ['-std=c++17', '-O1', '-Wall', '-Wextra', '-Werror', source, '-o', out], {
      timeout: 120_000,
    });
    return out;
  })();
  const choose = async (pool: number, one: number[], many: number[]) => {
    const list = (times: number[]) => (times.length === 0 ? '-' : times.join(','));
    const r = spawnSync(await binary, [String(pool), list(one), list(many)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const [threads, oneMedian, manyMedian] = r.stdout.trim().split(' ').map(Number);
    return { threads, oneMedian, manyMedian };
  };

  it.each([
    ['all threads when they take at most 0.9 of one thread (medians)', 2, [10, 10, 10], [5, 6, 9], 2],
    ['exactly 0.9 is enough', 4, [10], [9], 4],
    ['one thread when all threads gain less than 10 %', 2, [10, 10, 10], [9.5, 9.2, 9.6], 1],
    ['one thread when all threads are slower (another process on the other core)', 2, [10, 11, 10], [12, 14, 11], 1],
    ['the median ignores one preempted round of each kind', 2, [10, 100, 10, 10, 10], [5, 5, 5, 80, 5], 2],
    ['a preempted round cannot make slower threads look faster', 2, [10, 100, 100, 10, 10], [12, 12, 12, 12, 12], 1],
    ['an even number of rounds takes the mean of the middle two', 2, [8, 10, 12, 14], [5, 5, 6, 6], 2],
    ['a pool of one thread stays at one', 1, [10], [1], 1],
    ['no rounds measured: one thread', 2, [], [], 1],
  ])('%s', async (_what, pool, one, many, expected) => {
    expect((await choose(pool, one, many)).threads).toBe(expected);
  });

  it('reports the medians it judged', async () => {
    expect(await choose(2, [8, 10, 12, 14], [3, 5, 6, 7])).toEqual({ threads: 2, oneMedian: 11, manyMedian: 5.5 });
  });
});

const entry = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));
// Loading, then a GEMM too small to split, make no choice yet; then what the script's argument names makes
// it: reading the details, or a GEMM large enough to split (256 x 256 x 256, 16.8 M multiply-adds).
const script = `
const { loadBackend } = await import(${JSON.stringify(entry)});
const k = await loadBackend('native');
const madeAtLoad = k.addon.threadChoiceMade();
const gemm = (s, z = () => new Float32Array(s * s)) => k.gemm(false, false, s, s, s, 1, z(), z(), 0, z());
gemm(4);
const madeBySmallGemm = k.addon.threadChoiceMade();
if (process.argv[1] === 'gemm') gemm(256);
const made = k.addon.threadChoiceMade();
const before = { threads: k.details.threads, choice: k.details.threadChoice };
k.setThreads(1);
const after = { threads: k.details.threads, choice: k.details.threadChoice };
console.log(JSON.stringify({ madeAtLoad, madeBySmallGemm, made, before, after }));
`;

function child(env: Record<string, string | undefined>, prefix: string[] = [], first: 'details' | 'gemm' = 'details') {
  const { BACKPROP_THREADS: _unset, ...rest } = process.env;
  const command = [...prefix, process.execPath, '--input-type=module', '-e', script, first];
  const r = spawnSync(command[0], command.slice(1), { env: { ...rest, ...env }, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    madeAtLoad: boolean;
    madeBySmallGemm: boolean;
    made: boolean;
    before: { threads: number; choice: string };
    after: { threads: number; choice: string };
  };
}

const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

describe.skipIf(!native)(`the native addon's thread count${native ? '' : `: ${reason}`}`, () => {
  it.each(['details', 'gemm'] as const)(
    'without BACKPROP_THREADS: measured when first needed (%s), one thread or all, as the rule says of its medians',
    (first) => {
      const { madeAtLoad, madeBySmallGemm, made, before, after } = child({}, [], first);
      // Reading the details makes the choice; a large GEMM must have made it before they are read.
      expect({ madeAtLoad, madeBySmallGemm, made }).toEqual({
        madeAtLoad: false,
        madeBySmallGemm: false,
        made: first === 'gemm',
      });
      const measured = /^automatic: (\d+) of (\d+) \(a 128x784x256 GEMM, median of 7 rounds: /.source;
      const found = new RegExp(`${measured}1 thread ([\\d.]+) ms, \\d+ threads ([\\d.]+) ms\\)$`).exec(before.choice);
      if (availableParallelism() === 1) {
        expect(before).toEqual({ threads: 1, choice: 'automatic: the process may run on one CPU' });
      } else {
        expect(found, before.choice).not.toBeNull();
        const [, chosen, pool, one, many] = found!.map(Number);
        expect(pool).toBe(availableParallelism());
        expect(before.threads).toBe(chosen);
        // The printed medians are rounded to microseconds; the rule's margin is far wider than that.
        expect(chosen).toBe(many <= one * 0.9 ? pool : 1);
      }
      expect(after).toEqual({ threads: 1, choice: 'explicit: setThreads' });
    },
  );

  it('BACKPROP_THREADS is used as given, without measuring', () => {
    const { before } = child({ BACKPROP_THREADS: '3' });
    expect(before).toEqual({ threads: 3, choice: 'explicit: BACKPROP_THREADS' });
  });

  it.skipIf(!taskset)('a process pinned to one CPU uses one thread', () => {
    const { before } = child({}, ['taskset', '-c', '0']);
    expect(before).toEqual({ threads: 1, choice: 'automatic: the process may run on one CPU' });
  });
});
