// The default thread count's rule (native/thread_choice.h) on given times:
//   choice <pool threads> <one-thread times, comma-separated> <all-threads times, comma-separated>
// prints `threads one many` (the choice and the two medians). An empty list is given as "-".
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../../../native/thread_choice.h"

static std::vector<double> times(const char* list) {
  std::vector<double> out;
  if (std::strcmp(list, "-") == 0) return out;
  for (const char* p = list; *p != '\0';) {
    char* end = nullptr;
    out.push_back(std::strtod(p, &end));
    p = *end == ',' ? end + 1 : end;
  }
  return out;
}

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  const bp::ThreadChoice c = bp::choose_threads(times(argv[2]), times(argv[3]), std::strtoul(argv[1], nullptr, 10));
  std::printf("%zu %g %g\n", c.threads, c.one, c.many);
  return 0;
}
