// valgrind's callgrind client requests for JavaScript, so a script can count only the part it wants
// (bench/ab/thread-profile.mjs: the training batches after its warm-up). Outside valgrind each call does
// nothing. Build (Debian: valgrind, nodejs headers in /usr/include/node):
//   gcc -O2 -shared -fPIC -I/usr/include/node bench/ab/callgrind-control.c -o /tmp/callgrind-control.node
#include <node_api.h>
#include <valgrind/callgrind.h>

// Instruments from now on (with valgrind --instr-atstart=no, start-up runs uninstrumented and faster).
static napi_value start_instrumentation(napi_env env, napi_callback_info info) {
  (void)env, (void)info;
  CALLGRIND_START_INSTRUMENTATION;
  return NULL;
}

// Sets every thread's counts to zero.
static napi_value zero_stats(napi_env env, napi_callback_info info) {
  (void)env, (void)info;
  CALLGRIND_ZERO_STATS;
  return NULL;
}

// Stops instrumenting: what runs from now on is not counted (the counts are written at exit, one file per
// thread with --separate-threads; a dump request here would write the calling thread's alone).
static napi_value stop_instrumentation(napi_env env, napi_callback_info info) {
  (void)env, (void)info;
  CALLGRIND_STOP_INSTRUMENTATION;
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor methods[] = {
      {"startInstrumentation", NULL, start_instrumentation, NULL, NULL, NULL, napi_enumerable, NULL},
      {"zeroStats", NULL, zero_stats, NULL, NULL, NULL, napi_enumerable, NULL},
      {"stopInstrumentation", NULL, stop_instrumentation, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}
