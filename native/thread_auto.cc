#include "thread_auto.h"

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

void measure() {
  if (!threads_automatic()) {
    set_text("explicit: BACKPROP_THREADS");
    return;
  }
  const size_t pool = pool_threads();
  if (pool <= 1) {
    set_text("automatic: the process may run on one CPU");
    return;
  }
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

void choose_default_threads() { std::call_once(chosen, measure); }

std::string thread_choice_text() {
  std::lock_guard<std::mutex> lock(text_mutex);
  if (!threads_automatic() && text.rfind("explicit", 0) != 0) return "explicit: setThreads";
  return text;
}

}  // namespace bp
