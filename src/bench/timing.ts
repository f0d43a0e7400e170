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

/** How steadyStepSeconds times a training step. */
export interface SteadyStepOptions {
  /** Untimed steps for at least this long first, so that the JIT has compiled the whole step (default 1 s). */
  warmUpSeconds?: number;
  /** Timed windows; the result is their median (default 9). */
  windows?: number;
  /** Each window repeats the step for at least this long (default 0.2 s). */
  windowSeconds?: number;
  /** The clock in seconds (default nowSeconds; a test passes its own). */
  clock?: () => number;
}

/**
 * The steady-state seconds of one step of a training loop: the median over `windows` windows of the
 * seconds per step in each, after a warm-up measured in time. A JIT compiles a step of many small functions
 * only after thousands of calls (the first 5,000 iris steps on js take about four times the later ones), and
 * a window hit by other work on a shared machine moves a median by one place, not the result. The clock is
 * read once per window, not per step.
 */
export function steadyStepSeconds(step: () => void, options: SteadyStepOptions = {}): number {
  return steadyStepTimes(step, options).median;
}

/** What steadyStepTimes measured: the median window and the fastest, in seconds per step. */
export interface SteadyStepTimes {
  readonly median: number;
  /**
   * The fastest window. A small step's speed can switch between two levels within one process (a virtual
   * CPU whose core is shared with other work the guest cannot see), and a median lands on either level; the
   * fastest window shows the faster level beside it.
   */
  readonly fastest: number;
}

/** steadyStepSeconds with the fastest window beside the median. */
export function steadyStepTimes(step: () => void, options: SteadyStepOptions = {}): SteadyStepTimes {
  const warmUpSeconds = options.warmUpSeconds ?? 1;
  const windows = options.windows ?? 9;
  const windowSeconds = options.windowSeconds ?? 0.2;
  const clock = options.clock ?? nowSeconds;
  const warmUpStart = clock();
  for (let batch = 1; clock() - warmUpStart < warmUpSeconds; batch *= 2) {
    for (let i = 0; i < batch; i++) step();
  }
  const perStep: number[] = [];
  for (let w = 0; w < windows; w++) {
    const start = clock();
    let count = 0;
    let elapsed = 0;
    // Batches of steps doubling in size until the window is full: the clock is read a few dozen times.
    for (let batch = 1; elapsed < windowSeconds; batch *= 2) {
      for (let i = 0; i < batch; i++) step();
      count += batch;
      elapsed = clock() - start;
    }
    perStep.push(elapsed / count);
  }
  perStep.sort((a, b) => a - b);
  const mid = perStep.length >> 1;
  const median = perStep.length % 2 === 1 ? perStep[mid] : (perStep[mid - 1] + perStep[mid]) / 2;
  return { median, fastest: perStep[0] };
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
