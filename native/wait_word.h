// Sleeping on a 32-bit atomic until another thread changes it, with the Linux futex: nothing is spent
// while nobody sleeps, and waking the sleepers is one system call. (The addon is built for Linux only:
// the pool also sizes itself with sched_getaffinity.)
#pragma once
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace bp {

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t), "a futex word is a plain 32-bit integer");

// Sleeps while word == expected; may also return spuriously (callers loop on their condition).
inline void wait_while_equal(std::atomic<uint32_t>& word, uint32_t expected) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

// Wakes every thread sleeping on word (call after changing it).
inline void wake_all(std::atomic<uint32_t>& word) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
}

}  // namespace bp
