// Timing for the benchmarks: warm up once, repeat until a minimum time has passed, keep the best of a few
// such runs (the machine is shared, so the best run is the one least disturbed by other work).

export interface Timing {
  /** Seconds per call in the best run. */
  readonly seconds: number;
  readonly reps: number;
}

export function timeBest(fn: () => void, options: { minSeconds?: number; runs?: number } = {}): Timing {
  const minSeconds = options.minSeconds ?? 0.2;
  const runs = options.runs ?? 3;
  fn();
  let best = Infinity;
  let bestReps = 0;
  for (let run = 0; run < runs; run++) {
    let reps = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    do {
      fn();
      reps++;
      elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    } while (elapsed < minSeconds);
    if (elapsed / reps < best) {
      best = elapsed / reps;
      bestReps = reps;
    }
  }
  return { seconds: best, reps: bestReps };
}
