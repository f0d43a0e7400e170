// Wake-up cost of the native thread pool (native/thread_pool.cc), on its own, without Node:
//
//   g++ -std=c++17 -O2 -pthread bench/kernels/pool-wakeup.cc native/thread_pool.cc -o /tmp/pool-wakeup
//   BACKPROP_THREADS=2 /tmp/pool-wakeup
//
// empty job   run_tasks of 2 empty tasks, back to back: the whole cost of a parallel call that has no work
//             (publishing the job, claiming tasks, waiting for the last one).
// wake, hot   a job of 2 tasks whose first (taken by the calling thread) waits until another thread has
//             started the second: the time a worker takes to join a job right after the previous one,
//             while it is still spinning.
// wake, cold  the same after 2 ms of idleness, when the worker has gone to sleep in the kernel.
// Prints the median and the 90th percentile of each, in microseconds.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "../../native/thread_pool.h"

namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

void report(const char* what, std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  std::printf("%-12s median %8.2f us   p90 %8.2f us   (%zu samples)\n", what, samples[samples.size() / 2],
              samples[samples.size() * 9 / 10], samples.size());
}

// Task 0 waits (at most 20 ms) for task 1 to start on another thread; it counts how often that happened.
struct WakeJob {
  std::atomic<bool> second_started{false};
  bool joined = false;
};

void wake_task(void* ctx, size_t task) {
  WakeJob& job = *static_cast<WakeJob*>(ctx);
  if (task == 1) {
    job.second_started.store(true, std::memory_order_release);
    return;
  }
  const auto give_up = Clock::now() + std::chrono::milliseconds(20);
  while (!job.second_started.load(std::memory_order_acquire)) {
    if (Clock::now() > give_up) return;
  }
  job.joined = true;
}

std::vector<double> wake_samples(int rounds, std::chrono::microseconds idle, int* joined) {
  std::vector<double> samples;
  for (int r = 0; r < rounds; ++r) {
    if (idle.count() > 0) std::this_thread::sleep_for(idle);
    WakeJob job;
    const auto start = Clock::now();
    bp::run_tasks(2, wake_task, &job);
    samples.push_back(micros(Clock::now() - start));
    *joined += job.joined ? 1 : 0;
  }
  return samples;
}

}  // namespace

int main() {
  bp::attach_environment();
  std::printf("threads %zu\n", bp::thread_count());

  std::vector<double> empty;
  for (int batch = 0; batch < 200; ++batch) {
    const auto start = Clock::now();
    for (int i = 0; i < 100; ++i) bp::run_tasks(2, [](void*, size_t) {}, nullptr);
    empty.push_back(micros(Clock::now() - start) / 100);
  }
  report("empty job", empty);

  int hot_joined = 0, cold_joined = 0;
  report("wake, hot", wake_samples(2000, std::chrono::microseconds(0), &hot_joined));
  report("wake, cold", wake_samples(300, std::chrono::microseconds(2000), &cold_joined));
  std::printf("a worker joined the job in %d of 2000 hot and %d of 300 cold rounds\n", hot_joined, cold_joined);
  bp::detach_environment();
}
