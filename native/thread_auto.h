// The default thread count (without BACKPROP_THREADS or setThreads), chosen by measuring once per process.
#pragma once
#include <string>

namespace bp {

// Measures one GEMM on one thread and on all of the pool's, alternately, and keeps all threads only when
// they are clearly faster (thread_choice.h). Runs once per process, when the addon first loads; does
// nothing when the count is explicit or the process may use one CPU. The count never changes results:
// every kernel gives each thread a fixed piece of the output, or sums fixed blocks in a fixed order.
void choose_default_threads();

// How the count in use was chosen, in one line (backendInfo().details.threadChoice).
std::string thread_choice_text();

}  // namespace bp
