/**
 * The one timing module of the benchmarks. A call is timed by repeating it until a minimum time has passed
 * (a "run") and keeping the best run's seconds per call: the machine may be shared, and the best run is
 * the one least disturbed by other work. Contenders compared with each other are timed interleaved, run
 * after run, so a busy moment hits all of them alike. The clock is performance.now (Node and browsers).
 */

export interface TimingOptions {
  /** Runs per call; each call keeps its best run (default 3). */
  runs?: number;
  /** Each run repeats its call for at least this long (default 0.2 s) and at least twice. */
  minSeconds?: number;
  /** After the first round of runs, stop starting new rounds once this much time has passed (default: none). */
  budgetSeconds?: number;
  /** Call each function once before timing (default true; false when the caller has warmed them up). */
  warmUp?: boolean;
}

/** Seconds on a monotonic clock. */
/**
 * Samples per second as the bench reports it: whole numbers, except below 100, where three significant figures
 * keep a slow peer (tfjs-cpu trains the CNN at under one sample a second) from reading as 0.
 */
export function samplesPerSecond(samples: number, seconds: number): number {
  const rate = samples / seconds;
  return rate < 100 ? Number(rate.toPrecision(3)) : Math.round(rate);
}

export function nowSeconds(): number {
  return performance.now() / 1000;
}

/** Best seconds per call of each function, timed interleaved (see the module comment). */
export function bestSecondsPerCall(calls: readonly (() => void)[], options: TimingOptions = {}): number[] {
  const runs = options.runs ?? 3;
  const minSeconds = options.minSeconds ?? 0.2;
  const budgetSeconds = options.budgetSeconds ?? Infinity;
  if (options.warmUp ?? true) for (const call of calls) call();
  const best = calls.map(() => Infinity);
  const begin = nowSeconds();
  for (let run = 0; run < runs && (run === 0 || nowSeconds() - begin < budgetSeconds); run++) {
    calls.forEach((call, i) => {
      let count = 0;
      let elapsed = 0;
      const start = nowSeconds();
      while (count < 2 || elapsed < minSeconds) {
        call();
        count++;
        elapsed = nowSeconds() - start;
      }
      best[i] = Math.min(best[i], elapsed / count);
    });
  }
  return best;
}

/** Best seconds per call of one function. */
export function secondsPerCall(call: () => void, options: TimingOptions = {}): number {
  return bestSecondsPerCall([call], options)[0];
}

/**
 * Times a sequence of steps, as a training loop is timed: `warmUp` steps untimed, then `count` timed ones.
 * step(i) gets the step's index over both; returns the timed seconds and the last step's value.
 */
export async function timeSteps<T>(
  warmUp: number,
  count: number,
  step: (index: number) => Promise<T> | T,
): Promise<{ seconds: number; last: T | undefined }> {
  for (let i = 0; i < warmUp; i++) await step(i);
  let last: T | undefined;
  const start = nowSeconds();
  for (let i = 0; i < count; i++) last = await step(warmUp + i);
  return { seconds: nowSeconds() - start, last };
}
