import { describe, expect, it } from 'vitest';
import { steadyStepSeconds, steadyStepTimes } from '../../src/bench/timing.js';

/** A clock that only the step moves: each call of the returned step costs costOf(its index) seconds. */
function simulated(costOf: (call: number) => number): { step: () => void; clock: () => number; calls: () => number } {
  let now = 0;
  let calls = 0;
  return {
    step: () => {
      now += costOf(calls++);
    },
    clock: () => now,
    calls: () => calls,
  };
}

describe('steadyStepSeconds (the step suite timing)', () => {
  it('times only after the warm-up: slow first steps (a JIT compiling) do not count', () => {
    // 2,000 steps of 100 us, then 10 us a step: the warm-up of 1 s covers the slow ones.
    const run = simulated((call) => (call < 2000 ? 100e-6 : 10e-6));
    const seconds = steadyStepSeconds(run.step, {
      warmUpSeconds: 1,
      windows: 5,
      windowSeconds: 0.05,
      clock: run.clock,
    });
    expect(seconds).toBeCloseTo(10e-6, 12);
  });

  it('is the median of the windows: a window slowed by other work moves it by one place only', () => {
    // Steps of 10 us, except one burst of 1,000 steps at 1 ms inside the third timed window.
    const warmUpSteps = 1.5 / 10e-6;
    const run = simulated((call) => (call > warmUpSteps + 10_000 && call <= warmUpSteps + 11_000 ? 1e-3 : 10e-6));
    const seconds = steadyStepSeconds(run.step, {
      warmUpSeconds: 1,
      windows: 5,
      windowSeconds: 0.05,
      clock: run.clock,
    });
    expect(seconds).toBeCloseTo(10e-6, 12);
  });

  it('fills every window: at least windowSeconds of steps per window, the clock read once per batch', () => {
    const run = simulated(() => 1e-3);
    const seconds = steadyStepSeconds(run.step, {
      warmUpSeconds: 0.1,
      windows: 3,
      windowSeconds: 0.5,
      clock: run.clock,
    });
    expect(seconds).toBeCloseTo(1e-3, 12);
    // Warm-up: batches of 1, 2, 4, ..., 64 (127 steps pass 0.1 s). Each window: 511 steps (batches 1 .. 256).
    expect(run.calls()).toBe(127 + 3 * 511);
  });

  it('reports the fastest window beside the median: a step that switches between two speeds shows both', () => {
    // 10 us a step, except from 2.0 s to 2.25 s of simulated time, when it runs at 6 us (a fast phase).
    let now = 0;
    const step = (): void => {
      now += now >= 2 && now < 2.25 ? 6e-6 : 10e-6;
    };
    const times = steadyStepTimes(step, { warmUpSeconds: 1, windows: 9, windowSeconds: 0.2, clock: () => now });
    expect(times.median).toBeCloseTo(10e-6, 12);
    expect(times.fastest).toBeLessThan(9e-6);
    expect(times.fastest).toBeGreaterThanOrEqual(6e-6);
  });
});
