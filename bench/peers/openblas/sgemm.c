/*
 * OpenBLAS SGEMM timing harness for bench/peers/openblas.ts (built there only when libopenblas-dev is installed).
 * Usage: sgemm THREADS M N K TRANSA TRANSB   (TRANSA/TRANSB: 0 or 1)
 * Prints one line: {"gflops":...,"seconds":...,"reps":...,"config":"..."}.
 * Row-major C = A * B + 0 * C, the same problem the backends get; repeats until about 0.3 s have passed
 * after one warm-up call, and reports the best of three such runs.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern void openblas_set_num_threads(int);
extern char* openblas_get_config(void);
extern char* openblas_get_corename(void);

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
  openblas_set_num_threads(threads);
  float* a = malloc(sizeof(float) * (size_t)m * k);
  float* b = malloc(sizeof(float) * (size_t)k * n);
  float* c = malloc(sizeof(float) * (size_t)m * n);
  for (size_t i = 0; i < (size_t)m * k; ++i) a[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
  for (size_t i = 0; i < (size_t)k * n; ++i) b[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
  const int lda = ta ? m : k, ldb = tb ? k : n;
  const enum CBLAS_TRANSPOSE opa = ta ? CblasTrans : CblasNoTrans, opb = tb ? CblasTrans : CblasNoTrans;
  cblas_sgemm(CblasRowMajor, opa, opb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
  double best = 1e30;
  long best_reps = 0;
  for (int run = 0; run < 3; ++run) {
    long reps = 0;
    const double t0 = now();
    double t = t0;
    do {
      cblas_sgemm(CblasRowMajor, opa, opb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
      ++reps;
      t = now();
    } while (t - t0 < 0.3);
    const double per = (t - t0) / reps;
    if (per < best) { best = per; best_reps = reps; }
  }
  printf("{\"gflops\":%.3f,\"seconds\":%.9f,\"reps\":%ld,\"core\":\"%s\",\"config\":\"%s\"}\n",
         2.0 * m * n * k / best / 1e9, best, best_reps, openblas_get_corename(), openblas_get_config());
  free(a); free(b); free(c);
  return 0;
}
