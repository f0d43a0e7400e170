// Proof that the sanitizer runtimes are live inside Node as test/native/sanitizers.test.ts runs them:
// loaded with process.dlopen, this library's constructor commits the error BACKPROP_CANARY names before
// Node finds that it is not an addon. Under ASan/UBSan (halt on error) the process must stop with the
// sanitizer's report; without them the bad read or overflow would pass silently.
#include <cstdlib>
#include <cstring>

__attribute__((constructor)) static void commit_the_named_error() {
  const char* which = std::getenv("BACKPROP_CANARY");
  if (which == nullptr) return;
  if (std::strcmp(which, "heap-overflow") == 0) {
    volatile size_t count = 4;  // a size the compiler cannot see, so the catch is ASan's and not UBSan's object-size
    volatile int* block = static_cast<int*>(std::malloc(count * sizeof(int)));
    volatile int past_the_end = block[4];  // one int past the block: ASan's heap-buffer-overflow
    (void)past_the_end;
    std::free(const_cast<int*>(block));
  } else if (std::strcmp(which, "signed-overflow") == 0) {
    volatile int big = 0x7fffffff;
    volatile int wrapped = big + 1;  // UBSan: signed integer overflow
    (void)wrapped;
  }
}
