#include "thread_pool.h"

#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "wait_word.h"

namespace bp {
namespace {

inline void cpu_relax() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

size_t cpus_available() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<size_t>(n);
  }
  const unsigned hc = std::thread::hardware_concurrency();
  return hc > 0 ? hc : 1;
}

// BACKPROP_THREADS as a count, or 0 when it is unset or unusable (then the count is automatic). An
// unusable value is ignored rather than fatal: the backend still loads with the default.
size_t threads_from_env() {
  const char* env = std::getenv("BACKPROP_THREADS");
  if (env != nullptr && *env != '\0') {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != nullptr && *end == '\0' && v >= 1 && v <= 1024) return static_cast<size_t>(v);
  }
  return 0;
}

// How long a thread spins on an atomic before it sleeps in the kernel. A training step calls kernels a
// few microseconds apart, so an idle worker that spins this long is usually awake for the next job
// (waking a sleeping thread costs a system call and several microseconds); longer would take a core from
// other processes for nothing when the machine is busy.
constexpr auto kWorkerSpin = std::chrono::microseconds(50);
// The calling thread waits for the last tasks of a job far more briefly: a worker that has not finished
// by then has most likely been descheduled, and the core the caller spins on may be the one it needs.
constexpr auto kCallerSpin = std::chrono::microseconds(20);

// Spins until done() or `limit` has passed; true when done() became true. The clock is read only every
// 64 pauses (a pause is tens of cycles, a clock read about as much). The spin never yields the core: on a
// machine busy with other processes, a thread that yields loses the core for a whole time slice of theirs
// (milliseconds), which cost more than it saved in the train bench.
template <class Done>
bool spin_until(Done done, std::chrono::steady_clock::duration limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() >= end) return done();
  }
}

// The workers run only while at least one JavaScript environment (the main thread or a worker thread)
// has the addon loaded: when the last one is torn down they are joined, so no thread is left running the
// addon's code (or sleeping on one of its words) when Node unloads the library.
//
// A job is published under mutex_ (its function, context and task count read as one) and announced by
// bumping generation_; idle workers spin on generation_, then sleep on it. Tasks are claimed one at a
// time from cursor_ by the workers and the calling thread alike, so when a worker wakes late (the other
// core busy with another process) the caller runs the remaining tasks itself instead of waiting for it.
class Pool {
 public:
  Pool(size_t threads, bool automatic) : size_(threads), in_use_(threads), automatic_(automatic) {}
  ~Pool() { stop(); }

  size_t size() const { return size_.load(std::memory_order_relaxed); }
  size_t in_use() const { return in_use_.load(std::memory_order_relaxed); }
  bool automatic() const { return automatic_.load(std::memory_order_relaxed); }

  void resize(size_t threads) {
    std::lock_guard<std::mutex> busy(run_mutex_);
    automatic_.store(false, std::memory_order_relaxed);
    stop();
    size_.store(threads, std::memory_order_relaxed);
    in_use_.store(threads, std::memory_order_relaxed);
    if (environments_ > 0) start(threads);
  }

  // The workers stay; the kernels split over fewer of them (they read in_use() before each job).
  void use_automatic(size_t threads) {
    std::lock_guard<std::mutex> busy(run_mutex_);
    if (!automatic()) return;
    const size_t most = size();
    in_use_.store(threads < 1 ? 1 : threads > most ? most : threads, std::memory_order_relaxed);
  }

  void attach_environment() {
    std::lock_guard<std::mutex> busy(run_mutex_);
    if (environments_++ == 0) start(size());
  }

  // Waits for a job of another environment to finish (it holds run_mutex_), so a job is never cut short.
  void detach_environment() {
    std::lock_guard<std::mutex> busy(run_mutex_);
    if (--environments_ == 0) stop();
  }

  void run(size_t tasks, void (*fn)(void*, size_t), void* ctx) {
    if (tasks <= 1) {
      for (size_t t = 0; t < tasks; ++t) fn(ctx, t);
      return;
    }
    // Another JS thread (worker_threads) using the pool right now, or an environment starting or
    // stopping it, holds run_mutex_: then this job runs on the calling thread alone.
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock() || workers_.empty()) {
      for (size_t t = 0; t < tasks; ++t) fn(ctx, t);
      return;
    }
    uint32_t job;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      fn_ = fn;
      ctx_ = ctx;
      tasks_ = tasks;
      done_.store(0, std::memory_order_relaxed);
      job = generation_.load(std::memory_order_relaxed) + 1;
      cursor_.store(static_cast<uint64_t>(job) << 32, std::memory_order_relaxed);
      // seq_cst with the load of sleepers_ below, against the worker's increment of sleepers_ and its
      // read of generation_: either the worker sees this job before sleeping or this thread sees it asleep.
      generation_.store(job, std::memory_order_seq_cst);
    }
    if (sleepers_.load(std::memory_order_seq_cst) > 0) wake_all(generation_);
    work(job, fn, ctx, tasks);
    wait_done(static_cast<uint32_t>(tasks));
  }

 private:
  // Claims tasks of job `job` only: the cursor holds the job number in its high half and the next task in
  // its low half, so a worker still holding an older job's fn and ctx can never claim a newer job's task
  // (that was a use-after-return of the caller's ctx when a worker woke late).
  void work(uint32_t job, void (*fn)(void*, size_t), void* ctx, size_t tasks) {
    uint64_t cur = cursor_.load(std::memory_order_acquire);
    for (;;) {
      if (static_cast<uint32_t>(cur >> 32) != job) return;
      const size_t t = static_cast<size_t>(cur & 0xffffffffu);
      if (t >= tasks) return;
      if (!cursor_.compare_exchange_weak(cur, cur + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
      fn(ctx, t);
      // The thread that completes the last task wakes the caller if it went to sleep (seq_cst, paired
      // with the caller's store of caller_asleep_ and its read of done_).
      if (done_.fetch_add(1, std::memory_order_seq_cst) + 1 == tasks &&
          caller_asleep_.load(std::memory_order_seq_cst)) {
        wake_all(done_);
      }
      cur = cursor_.load(std::memory_order_acquire);
    }
  }

  // Every task has run when done_ reaches tasks. A worker that wakes late for this job finds the cursor
  // tagged with a newer job and claims nothing, so returning here cannot leave it holding ctx.
  void wait_done(uint32_t tasks) {
    auto finished = [&] { return done_.load(std::memory_order_acquire) >= tasks; };
    if (spin_until(finished, kCallerSpin)) return;
    // A task is still running on a worker: sleep, so that if it shares this core it gets it.
    caller_asleep_.store(true, std::memory_order_seq_cst);
    for (;;) {
      const uint32_t seen = done_.load(std::memory_order_seq_cst);
      if (seen >= tasks) break;
      wait_while_equal(done_, seen);
    }
    caller_asleep_.store(false, std::memory_order_relaxed);
  }

  // `seen` is the job number when the worker was created, not when it first runs: a thread that starts
  // late would otherwise take a stop() issued in between for the state to wait on, and sleep through it.
  void worker_loop(uint32_t seen) {
    for (;;) {
      auto announced = [&] { return generation_.load(std::memory_order_acquire) != seen; };
      if (!spin_until(announced, kWorkerSpin)) {
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        // Returns at once if generation_ has already moved on: no announcement is missed.
        while (generation_.load(std::memory_order_seq_cst) == seen) wait_while_equal(generation_, seen);
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
      }
      void (*fn)(void*, size_t);
      void* ctx;
      size_t tasks;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
        seen = generation_.load(std::memory_order_relaxed);
        fn = fn_;
        ctx = ctx_;
        tasks = tasks_;
      }
      work(seen, fn, ctx, tasks);
    }
  }

  void start(size_t threads) {
    stopping_ = false;
    const uint32_t current = generation_.load(std::memory_order_relaxed);
    try {
      for (size_t i = 1; i < threads; ++i) workers_.emplace_back([this, current] { worker_loop(current); });
    } catch (const std::system_error&) {
      // The system would not give another thread: the pool works with the ones it has.
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      generation_.store(generation_.load(std::memory_order_relaxed) + 1, std::memory_order_seq_cst);
    }
    wake_all(generation_);
    for (auto& w : workers_) w.join();
    workers_.clear();
  }

  std::atomic<size_t> size_;    // threads while running, the calling thread included
  std::atomic<size_t> in_use_;  // threads the kernels split over (size_, or fewer by the automatic choice)
  std::atomic<bool> automatic_;  // no explicit count (BACKPROP_THREADS, set_thread_count) was given
  size_t environments_ = 0;   // JavaScript environments with the addon loaded (guarded by run_mutex_)
  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one job at a time; also guards starting and stopping the workers
  std::mutex mutex_;      // guards the job fields and stopping_
  bool stopping_ = false;
  void (*fn_)(void*, size_t) = nullptr;
  void* ctx_ = nullptr;
  size_t tasks_ = 0;
  std::atomic<uint32_t> generation_{0};  // the current job's number (a stop also bumps it)
  std::atomic<uint32_t> sleepers_{0};    // workers asleep on generation_ (or about to be)
  std::atomic<uint64_t> cursor_{0};      // (job << 32) | next task
  std::atomic<uint32_t> done_{0};        // tasks of the current job completed
  std::atomic<bool> caller_asleep_{false};
};

Pool& pool() {
  // Never destroyed: joining threads from a static destructor at process exit can deadlock.
  static Pool* p = [] {
    const size_t requested = threads_from_env();
    return new Pool(requested > 0 ? requested : cpus_available(), requested == 0);
  }();
  return *p;
}

}  // namespace

size_t thread_count() { return pool().in_use(); }

bool threads_automatic() { return pool().automatic(); }

size_t pool_threads() { return pool().size(); }

void use_automatic_threads(size_t n) { pool().use_automatic(n); }

void set_thread_count(size_t n) { pool().resize(n < 1 ? 1 : n); }

void attach_environment() { pool().attach_environment(); }

void detach_environment() { pool().detach_environment(); }

void run_tasks(size_t tasks, void (*fn)(void*, size_t), void* ctx) { pool().run(tasks, fn, ctx); }

}  // namespace bp
