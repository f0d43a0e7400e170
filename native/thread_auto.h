// The default thread count (without BACKPROP_THREADS or setThreads), chosen by measuring once per process.
#pragma once
#include <cstddef>
#include <string>

namespace bp {

// When the addon loads: notes whether the count is explicit (BACKPROP_THREADS) or the process may use one
// CPU, the cases with nothing to measure. Costs no measurement.
void note_thread_mode();

// The number of threads the kernels split their work over. In automatic mode the first call measures one
// GEMM on one thread and on all of the pool's, alternately, and keeps all threads only when they are
// clearly faster (thread_choice.h); every thread asking meanwhile waits for the choice. So loading the
// addon measures nothing: the first kernel with enough work to split, or backendInfo(), pays the few
// milliseconds. The count never changes results: every kernel gives each thread a fixed piece of the
// output, or sums fixed blocks in a fixed order.
size_t chosen_thread_count();

// Whether the choice above has been made yet (tests: loading the addon and running kernels too small to
// split must not make it).
bool thread_choice_made();

// How the count in use was chosen, in one line (backendInfo().details.threadChoice); measures first, as
// chosen_thread_count does.
std::string thread_choice_text();

}  // namespace bp
