// A persistent pool of worker threads. run(tasks, fn) calls fn(task) once for every task in
// [0, tasks), on the workers and on the calling thread, and returns when all are done. Which thread runs
// a task does not matter for the result: callers give every task a fixed piece of the output.
#pragma once
#include <cstddef>

namespace bp {

// Threads the kernels split their work over now (the calling thread included).
size_t thread_count();
// Changes the number of threads (1 = everything on the calling thread). Joins and restarts workers. An
// explicit count: the automatic choice below no longer applies.
void set_thread_count(size_t n);

// Without BACKPROP_THREADS (an integer >= 1) the pool starts with a worker for every CPU this process may
// run on, and the count is automatic: thread_auto.cc measures whether the workers pay and sets how many
// of them the kernels use with use_automatic_threads. True until set_thread_count is called.
bool threads_automatic();
// The pool's size: the most threads the kernels can use without set_thread_count.
size_t pool_threads();
// Automatic mode only (ignored after set_thread_count): the kernels use min(n, pool_threads()) threads.
void use_automatic_threads(size_t n);

// Every JavaScript environment that loads the addon attaches once and detaches when it is torn down
// (instance.cc ties this to the environment's instance data). The workers run while one is attached.
void attach_environment();
void detach_environment();

// Runs fn(ctx, task) for every task; serially when tasks <= 1, when the pool has one thread, or when
// another JavaScript thread is using the pool at the same moment.
void run_tasks(size_t tasks, void (*fn)(void* ctx, size_t task), void* ctx);

template <class F>
void parallel_tasks(size_t tasks, F& f) {
  run_tasks(tasks, [](void* ctx, size_t task) { (*static_cast<F*>(ctx))(task); }, &f);
}

}  // namespace bp
