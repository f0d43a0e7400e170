/*
 * OpenBLAS SGEMM timing harness for bench/peers/openblas.ts. OpenBLAS is loaded at run time (dlopen of
 * libopenblas.so.0), so the runtime library that python3-torch already depends on is enough: no headers, no
 * libopenblas-dev. Exits with status 3 and a message when the library cannot be loaded.
 * Usage: sgemm THREADS M N K TRANSA TRANSB   (TRANSA/TRANSB: 0 or 1)
 * Prints one line: {"gflops":...,"seconds":...,"reps":...,"core":"...","config":"..."}.
 * Row-major C = A * B + 0 * C, the same problem the backends get; repeats until about 0.3 s have passed
 * after one warm-up call, and reports the best of three such runs.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void (*Sgemm)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                      const float* b, int ldb, float beta, float* c, int ldc);
enum { kRowMajor = 101, kNoTrans = 111, kTrans = 112 }; /* cblas.h's enumerators */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s THREADS M N K TRANSA TRANSB\n", argv[0]);
    return 2;
  }
  const int threads = atoi(argv[1]), m = atoi(argv[2]), n = atoi(argv[3]), k = atoi(argv[4]);
  const int ta = atoi(argv[5]), tb = atoi(argv[6]);
  void* blas = dlopen("libopenblas.so.0", RTLD_NOW);
  if (!blas) {
    fprintf(stderr, "sgemm: cannot load libopenblas.so.0: %s\n", dlerror());
    return 3;
  }
  const Sgemm sgemm = (Sgemm)dlsym(blas, "cblas_sgemm");
  void (*const set_threads)(int) = (void (*)(int))dlsym(blas, "openblas_set_num_threads");
  char* (*const corename)(void) = (char* (*)(void))dlsym(blas, "openblas_get_corename");
  char* (*const config)(void) = (char* (*)(void))dlsym(blas, "openblas_get_config");
  if (!sgemm || !set_threads || !corename || !config) {
    fprintf(stderr, "sgemm: libopenblas.so.0 lacks cblas_sgemm or the openblas_* functions\n");
    return 3;
  }
  set_threads(threads);
  float* a = malloc(sizeof(float) * (size_t)m * k);
  float* b = malloc(sizeof(float) * (size_t)k * n);
  float* c = malloc(sizeof(float) * (size_t)m * n);
  for (size_t i = 0; i < (size_t)m * k; ++i) a[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
  for (size_t i = 0; i < (size_t)k * n; ++i) b[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
  const int lda = ta ? m : k, ldb = tb ? k : n;
  const int opa = ta ? kTrans : kNoTrans, opb = tb ? kTrans : kNoTrans;
  sgemm(kRowMajor, opa, opb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
  double best = 1e30;
  long best_reps = 0;
  for (int run = 0; run < 3; ++run) {
    long reps = 0;
    const double t0 = now();
    double t = t0;
    do {
      sgemm(kRowMajor, opa, opb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
      ++reps;
      t = now();
    } while (t - t0 < 0.3);
    const double per = (t - t0) / reps;
    if (per < best) { best = per; best_reps = reps; }
  }
  printf("{\"gflops\":%.3f,\"seconds\":%.9f,\"reps\":%ld,\"core\":\"%s\",\"config\":\"%s\"}\n",
         2.0 * m * n * k / best / 1e9, best, best_reps, corename(), config());
  free(a); free(b); free(c);
  return 0;
}
