// Timing helpers shared by the bench suites: run a function until enough wall time has passed (after a
// warm-up), and report the median of several rounds, which is steadier than the mean on a busy machine.

export interface Timing {
  /** Median milliseconds per call. */
  readonly msPerCall: number;
  readonly calls: number;
}

/** Times `fn`: `rounds` rounds of at least `minMs` each (calls per round grow until they do). */
export function timeIt(fn: () => void, options: { minMs?: number; rounds?: number } = {}): Timing {
  const minMs = options.minMs ?? 100;
  const rounds = options.rounds ?? 5;
  for (let i = 0; i < 3; i++) fn();
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const elapsed = performance.now() - start;
    if (elapsed >= minMs / 4 || calls >= 1 << 20) break;
    calls *= 2;
  }
  const perCall: number[] = [];
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    let n = 0;
    do { fn(); n++; } while (performance.now() - start < minMs);
    perCall.push((performance.now() - start) / n);
    total += n;
  }
  perCall.sort((a, b) => a - b);
  return { msPerCall: perCall[Math.floor(perCall.length / 2)], calls: total };
}
