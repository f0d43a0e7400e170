"""The timing of src/bench/timing.ts for the PyTorch peers. bestSecondsPerCall: a call is repeated until a
minimum time has passed (a run, at least two calls), and the best of `runs` runs gives the seconds per call.
steadyStepSeconds: a warm-up measured in time, then the median of the seconds per step over timed windows.
"""
import time


def best_seconds_per_call(call, runs=3, min_seconds=0.2):
    best = float('inf')
    for _ in range(runs):
        count = 0
        elapsed = 0.0
        start = time.perf_counter()
        while count < 2 or elapsed < min_seconds:
            call()
            count += 1
            elapsed = time.perf_counter() - start
        best = min(best, elapsed / count)
    return best


def steady_step_seconds(step, warm_up_seconds=1.0, windows=9, window_seconds=0.2):
    start = time.perf_counter()
    batch = 1
    while time.perf_counter() - start < warm_up_seconds:
        for _ in range(batch):
            step()
        batch *= 2
    per_step = []
    for _ in range(windows):
        start = time.perf_counter()
        count = 0
        elapsed = 0.0
        batch = 1
        while elapsed < window_seconds:
            for _ in range(batch):
                step()
            count += batch
            elapsed = time.perf_counter() - start
            batch *= 2
        per_step.append(elapsed / count)
    per_step.sort()
    mid = len(per_step) // 2
    return per_step[mid] if len(per_step) % 2 == 1 else (per_step[mid - 1] + per_step[mid]) / 2
