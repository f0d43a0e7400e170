#include "thread_pool.h"

#include <sched.h>

#include <atomic>
#include <cstdint>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

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

size_t threads_from_env() {
  const char* env = std::getenv("BACKPROP_THREADS");
  if (env != nullptr && *env != '\0') {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != nullptr && *end == '\0' && v >= 1 && v <= 1024) return static_cast<size_t>(v);
    // An unusable value is ignored rather than fatal: the backend still loads with the default.
  }
  return cpus_available();
}

// The workers run only while at least one JavaScript environment (the main thread or a worker thread)
// has the addon loaded: when the last one is torn down they are joined, so no thread is left running the
// addon's code (or waiting on its condition variable) when Node unloads the library.
class Pool {
 public:
  explicit Pool(size_t threads) : size_(threads) {}
  ~Pool() { stop(); }

  size_t size() const { return size_.load(std::memory_order_relaxed); }

  void resize(size_t threads) {
    std::lock_guard<std::mutex> busy(run_mutex_);
    stop();
    size_.store(threads, std::memory_order_relaxed);
    if (environments_ > 0) start(threads);
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
      job = static_cast<uint32_t>(generation_.fetch_add(1, std::memory_order_acq_rel) + 1);
      cursor_.store(static_cast<uint64_t>(job) << 32, std::memory_order_release);
    }
    wake_.notify_all();
    work(job, fn, ctx, tasks);
    // Every task has run when done_ reaches tasks. A worker that wakes late for this job finds the
    // cursor tagged with a newer job and claims nothing, so returning here cannot leave it holding ctx.
    while (done_.load(std::memory_order_acquire) < tasks) cpu_relax();
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
      done_.fetch_add(1, std::memory_order_release);
      cur = cursor_.load(std::memory_order_acquire);
    }
  }

  void worker_loop() {
    size_t seen = generation_.load(std::memory_order_acquire);
    for (;;) {
      // Spin briefly first: kernels often come in quick succession and a futex wake costs microseconds.
      for (int i = 0; i < 2000 && generation_.load(std::memory_order_acquire) == seen && !stopping_; ++i) cpu_relax();
      void (*fn)(void*, size_t);
      void* ctx;
      size_t tasks;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_.load(std::memory_order_acquire) != seen; });
        if (stopping_) return;
        seen = generation_.load(std::memory_order_acquire);
        fn = fn_;
        ctx = ctx_;
        tasks = tasks_;
      }
      work(static_cast<uint32_t>(seen), fn, ctx, tasks);
    }
  }

  void start(size_t threads) {
    stopping_ = false;
    try {
      for (size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
    } catch (const std::system_error&) {
      // The system would not give another thread: the pool works with the ones it has.
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
  }

  std::atomic<size_t> size_;  // threads in use while running, the calling thread included
  size_t environments_ = 0;   // JavaScript environments with the addon loaded (guarded by run_mutex_)
  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one job at a time; also guards starting and stopping the workers
  std::mutex mutex_;      // guards the job fields and stopping_
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  void (*fn_)(void*, size_t) = nullptr;
  void* ctx_ = nullptr;
  size_t tasks_ = 0;
  std::atomic<size_t> generation_{0};
  std::atomic<uint64_t> cursor_{0};  // (job << 32) | next task
  std::atomic<size_t> done_{0};
};

Pool& pool() {
  // Never destroyed: joining threads from a static destructor at process exit can deadlock.
  static Pool* p = new Pool(threads_from_env());
  return *p;
}

}  // namespace

size_t thread_count() { return pool().size(); }

void set_thread_count(size_t n) { pool().resize(n < 1 ? 1 : n); }

void attach_environment() { pool().attach_environment(); }

void detach_environment() { pool().detach_environment(); }

void run_tasks(size_t tasks, void (*fn)(void*, size_t), void* ctx) { pool().run(tasks, fn, ctx); }

}  // namespace bp
