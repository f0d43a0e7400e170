// The rule that picks the default thread count from measured times (thread_auto.cc measures them): the
// same GEMM timed alternately on one thread and on all of the pool's, several rounds, and all threads
// kept only when their median is clearly below one thread's. Alternating rounds see the same conditions
// (another process on the other core slows both kinds of round alike); the median ignores a round that
// a preemption spoiled. Pure, so its cases are tested without timing (test/native/thread-choice.test.ts).
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

namespace bp {

// All threads must take at most this share of one thread's time. The measured GEMM is the most
// parallel part of a training step (the rest runs on the calling thread at any count), so a gain below
// 10 % on it is a few percent on the step, within what another process's bursts take away.
constexpr double kManyThreadsMaxShare = 0.9;

struct ThreadChoice {
  size_t threads;  // 1 or the pool's size
  double one;      // median time of a round on one thread
  double many;     // median time of a round on all threads
};

inline double median_of(std::vector<double> times) {
  if (times.empty()) return 0.0;
  std::sort(times.begin(), times.end());
  const size_t mid = times.size() / 2;
  return times.size() % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2.0;
}

// one[i] and many[i]: the times of round i on one thread and on `pool` threads. No rounds, or a pool of
// one thread, choose one thread.
inline ThreadChoice choose_threads(const std::vector<double>& one, const std::vector<double>& many, size_t pool) {
  const double one_median = median_of(one), many_median = median_of(many);
  const bool measured = !one.empty() && !many.empty() && one_median > 0.0;
  const bool faster = measured && many_median <= one_median * kManyThreadsMaxShare;
  return {pool > 1 && faster ? pool : 1, one_median, many_median};
}

}  // namespace bp
