"""The timing of src/bench/timing.ts (bestSecondsPerCall) for the PyTorch peers: a call is repeated until a
minimum time has passed (a run, at least two calls), and the best of `runs` runs gives the seconds per call.
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
