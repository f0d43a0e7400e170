// Included before every source file on Linux (binding.gyp, -include). A shared library binds each
// undefined symbol to the newest version the build machine's libraries define, so a build on glibc 2.36
// and GCC 12 would refuse to load on older systems for five symbols whose older versions are still
// exported and behave the same for this addon:
//   pthread_once, pthread_mutex_trylock  versioned anew in glibc 2.34, when libpthread moved into libc;
//   pow, log                             versioned anew in glibc 2.29 (no SVID error handling; the
//                                        values are the same);
//   condition_variable::wait             versioned anew in libstdc++ 12 (GLIBCXX_3.4.30) only to allow
//                                        thread cancellation inside it, which this addon never uses.
// Binding them to their first versions keeps the prebuilt addon loadable wherever Node 20 runs
// (`objdump -T prebuilds/linux-x64/*.node | grep GLIBC_` lists what it needs).
#pragma once

#if defined(__linux__)
#if defined(__x86_64__)
__asm__(".symver pthread_once,pthread_once@GLIBC_2.2.5");
__asm__(".symver pthread_mutex_trylock,pthread_mutex_trylock@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver pthread_once,pthread_once@GLIBC_2.17");
__asm__(".symver pthread_mutex_trylock,pthread_mutex_trylock@GLIBC_2.17");
__asm__(".symver pow,pow@GLIBC_2.17");
__asm__(".symver log,log@GLIBC_2.17");
#endif
#if defined(__x86_64__) || defined(__aarch64__)
__asm__(".symver _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE,"
        "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE@GLIBCXX_3.4.11");
#endif
#endif
