// Stress program for native/thread_pool.cc, built on its own with g++ by thread-pool-tasks.test.ts.
//
//   stress <pool threads> <calling threads> <milliseconds>
//
// Several calling threads (as several JavaScript threads would) run jobs of 2 to 40 tasks back to back,
// with uneven task lengths (now and then one task far longer than the others) and pauses that let the
// workers fall asleep, while another thread resizes the pool and attaches and detaches environments.
// Every task records which job it ran for; a job checks, when run_tasks returns, that each of its tasks
// ran exactly once, and a task that runs for a job that has already returned is counted as late. Prints
// one JSON line; exit code 1 on any fault.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "../../../native/thread_pool.h"

namespace {

struct Job {
  std::atomic<bool> open{true};
  std::atomic<int> runs[40];
  unsigned spin_mask;  // tasks whose index has these bits all clear take longer (uneven tasks)
  size_t slow_task;    // this one takes far longer than the caller spins before it sleeps
};

std::atomic<long> g_jobs{0}, g_tasks{0}, g_lost{0}, g_repeated{0}, g_late{0};

void busy(unsigned iterations) {
  for (volatile unsigned i = 0; i < iterations; i = i + 1) {
  }
}

void run_task(void* ctx, size_t task) {
  Job& job = *static_cast<Job*>(ctx);
  if (!job.open.load(std::memory_order_acquire)) g_late.fetch_add(1);
  job.runs[task].fetch_add(1, std::memory_order_relaxed);
  busy(task == job.slow_task ? 200000 : (task & job.spin_mask) == 0 ? 2000 : 50);
}

void caller(unsigned seed, std::chrono::steady_clock::time_point end) {
  unsigned state = seed * 2654435761u + 1;
  auto next = [&] { return state = state * 1664525u + 1013904223u, state >> 8; };
  while (std::chrono::steady_clock::now() < end) {
    Job job;
    const size_t tasks = 2 + next() % 39;
    for (size_t t = 0; t < 40; ++t) job.runs[t].store(0, std::memory_order_relaxed);
    job.spin_mask = next() % 4;
    job.slow_task = next() % 8 == 0 ? next() % tasks : tasks;
    bp::run_tasks(tasks, run_task, &job);
    job.open.store(false, std::memory_order_release);
    for (size_t t = 0; t < tasks; ++t) {
      const int r = job.runs[t].load(std::memory_order_relaxed);
      if (r == 0) g_lost.fetch_add(1);
      if (r > 1) g_repeated.fetch_add(1);
    }
    g_jobs.fetch_add(1);
    g_tasks.fetch_add(static_cast<long>(tasks));
    // Now and then a pause long enough for the workers to stop spinning and sleep.
    if (next() % 16 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: stress <pool threads> <calling threads> <milliseconds>\n");
    return 2;
  }
  const size_t pool_threads = std::strtoul(argv[1], nullptr, 10);
  const unsigned callers = static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10));
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::strtol(argv[3], nullptr, 10));

  bp::set_thread_count(pool_threads);
  bp::attach_environment();
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < callers; ++c) threads.emplace_back(caller, c + 1, end);
  long resizes = 0;
  threads.emplace_back([&] {
    while (std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      bp::set_thread_count(resizes % 3 == 2 ? 1 : pool_threads);
      bp::attach_environment();  // a second environment comes and goes
      bp::detach_environment();
      ++resizes;
    }
  });
  for (auto& t : threads) t.join();
  bp::detach_environment();

  std::printf("{\"jobs\":%ld,\"tasks\":%ld,\"lost\":%ld,\"repeated\":%ld,\"late\":%ld,\"resizes\":%ld}\n",
              g_jobs.load(), g_tasks.load(), g_lost.load(), g_repeated.load(), g_late.load(), resizes);
  return g_lost.load() == 0 && g_repeated.load() == 0 && g_late.load() == 0 ? 0 : 1;
}
