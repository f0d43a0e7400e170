#include "thread_auto.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <vector>

#include "kernels.h"
#include "thread_choice.h"
#include "thread_pool.h"

namespace bp {
namespace {

// The measured GEMM: the first dense layer's forward pass of a 784-256 network at batch 128 (the
// Fashion-MNIST MLP of the train bench), 25.7 M multiply-adds: a few hundred microseconds on one core,
// long enough that waking a worker is a small part of it, short enough that the rounds take a few ms.
constexpr size_t kRows = 128, kInner = 784, kCols = 256;
// Rounds on each count after one unmeasured call of each (it pays for waking the workers and packing).
constexpr int kRounds = 7;

std::once_flag chosen;
// Set once the choice is made (or there was nothing to measure): the kernels' fast path.
std::atomic<bool> settled{false};
// True on the thread that measures, while it does: its own GEMMs ask for the count and must not wait for
// the choice they are making.
thread_local bool measuring = false;
std::mutex text_mutex;
std::string text = "automatic: not measured yet";

void set_text(const std::string& value) {
  std::lock_guard<std::mutex> lock(text_mutex);
  text = value;
}

double seconds_of(const std::vector<float>& a, const std::vector<float>& b, std::vector<float>& c) {
  const auto start = std::chrono::steady_clock::now();
  gemm(false, false, kRows, kCols, kInner, 1.0f, a.data(), b.data(), 0.0f, c.data());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Nothing to measure when the count is explicit (BACKPROP_THREADS, noted at load, or setThreads, which
// thread_choice_text reports) or the process may run on one CPU (noted at load).
void measure() {
  const size_t pool = pool_threads();
  if (!threads_automatic() || pool <= 1) return;
  struct Measuring {
    Measuring() { measuring = true; }
    ~Measuring() { measuring = false; }
  } during;
  std::vector<float> a(kRows * kInner), b(kInner * kCols), c(kRows * kCols);
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(i % 13) * 0.01f;
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(i % 7) * 0.01f;
  std::vector<double> one, many;
  for (int round = -1; round < kRounds; ++round) {
    use_automatic_threads(1);
    const double t1 = seconds_of(a, b, c);
    use_automatic_threads(pool);
    const double tn = seconds_of(a, b, c);
    if (round < 0) continue;
    one.push_back(t1);
    many.push_back(tn);
  }
  const ThreadChoice choice = choose_threads(one, many, pool);
  use_automatic_threads(choice.threads);
  char line[200];
  std::snprintf(line, sizeof line,
                "automatic: %zu of %zu (a %zux%zux%zu GEMM, median of %d rounds: "
                "1 thread %.3f ms, %zu threads %.3f ms)",
                choice.threads, pool, kRows, kInner, kCols, kRounds, choice.one * 1e3, pool, choice.many * 1e3);
  set_text(line);
}

}  // namespace

void note_thread_mode() {
  // Once per process, at the first load: a later load (another worker thread) may follow a setThreads.
  static const bool noted = [] {
    if (!threads_automatic()) {
      set_text("explicit: BACKPROP_THREADS");
    } else if (pool_threads() <= 1) {
      set_text("automatic: the process may run on one CPU");
    }
    return true;
  }();
  (void)noted;
}

size_t chosen_thread_count() {
  if (!settled.load(std::memory_order_acquire) && !measuring) {
    std::call_once(chosen, [] {
      measure();
      settled.store(true, std::memory_order_release);
    });
  }
  return thread_count();
}

bool thread_choice_made() { return settled.load(std::memory_order_acquire); }

std::string thread_choice_text() {
  chosen_thread_count();
  std::lock_guard<std::mutex> lock(text_mutex);
  if (!threads_automatic() && text.rfind("explicit", 0) != 0) return "explicit: setThreads";
  return text;
}

}  // namespace bp
