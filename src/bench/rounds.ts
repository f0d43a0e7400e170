/**
 * Interleaved rounds: every run of a suite (our backends and the peers alike) is a job, and the jobs run
 * one after another in a round, round after round (every other round in reverse order), so a busy patch
 * of a shared machine hits every contender alike. Each result is the median over the rounds, with the
 * figure of every round and the machine's 1-minute load average (os.loadavg) taken right after each run,
 * so a reader sees how quiet it was.
 */
import { loadavg } from 'node:os';
import type { ChildOutcome } from './child.js';

export type BenchRow = Record<string, unknown>;

/** One contender of a suite: what it is, and how to run it once. */
export interface BenchJob {
  /** The fields that say what is measured (suite, backend, threads, ...), kept in an absent row. */
  what: BenchRow;
  /** One run: its measurements, or why there are none. */
  run(): Promise<ChildOutcome>;
}

/** The measured fields a row may have; each round gives one value of it and the row keeps their median. */
export const METRICS = ['samplesPerSec', 'usPerStep', 'latencyUs'] as const;

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const twoDecimals = (v: number): number => Math.round(v * 100) / 100;

interface Run {
  outcome: ChildOutcome;
  load: number;
}

/**
 * One row per measurement of a job over its rounds: the median of its metric, `roundValues` (each round's),
 * `load` (the load average after each round's run) and the highest peak RSS; or, when a run failed, the
 * job's `what` with `absent` saying why.
 */
export function combineRounds(what: BenchRow, runs: readonly Run[]): BenchRow[] {
  const failed = runs.find((r) => !r.outcome.ok);
  if (failed) return [{ ...what, absent: failed.outcome.error }];
  const count = Math.min(...runs.map((r) => r.outcome.lines.length));
  const rows: BenchRow[] = [];
  for (let i = 0; i < count; i++) {
    const lines = runs.map((r) => r.outcome.lines[i]);
    const row: BenchRow = { ...lines[0] };
    const metric = METRICS.find((m) => typeof row[m] === 'number');
    if (metric !== undefined) {
      const values = lines.map((l) => l[metric] as number);
      row[metric] = twoDecimals(median(values));
      row.roundValues = values;
    }
    // The step suite's fastest window: the lowest of the rounds (the fast level, beside the median).
    const fastest = lines.map((l) => l.fastUsPerStep).filter((f): f is number => typeof f === 'number');
    if (fastest.length > 0) row.fastUsPerStep = Math.min(...fastest);
    const peaks = lines.map((l) => l.peakRssMb).filter((p): p is number => typeof p === 'number');
    if (peaks.length > 0) row.peakRssMb = Math.max(...peaks);
    row.load = runs.map((r) => twoDecimals(r.load));
    rows.push(row);
  }
  return rows;
}

/** Runs every job once per round, round after round, and returns the combined rows in the jobs' order. */
export async function runRounds(
  jobs: readonly BenchJob[],
  rounds: number,
  log?: { write(text: string): unknown },
): Promise<BenchRow[]> {
  const runs: Run[][] = jobs.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    // Every other round in reverse (A B C, C B A, ...): a load that rises or falls over the rounds then
    // weighs on every contender alike instead of on those that come last.
    const order = [...jobs.keys()];
    if (round % 2 === 0) order.reverse();
    for (const j of order) {
      const job = jobs[j];
      // A contender that is absent stays absent: its later rounds are not tried.
      if (runs[j].some((r) => !r.outcome.ok)) continue;
      const label = Object.entries(job.what)
        .filter(([key]) => key !== 'suite')
        .map(([key, value]) => `${key} ${String(value)}`)
        .join(', ');
      log?.write(`${String(job.what.suite)}: round ${round}/${rounds}: ${label}...`);
      const outcome = await job.run();
      const load = loadavg()[0];
      runs[j].push({ outcome, load });
      const figures = outcome.lines.map((l) => METRICS.filter((m) => m in l).map((m) => `${m} ${String(l[m])}`));
      log?.write(` ${outcome.ok ? figures.flat().join(', ') : `absent: ${outcome.error}`} (load ${load.toFixed(2)})\n`);
    }
  }
  return jobs.flatMap((job, j) => combineRounds(job.what, runs[j]));
}
