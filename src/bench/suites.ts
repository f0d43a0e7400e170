/** The suites of `backprop bench`, in the order they run by default. */
export const SUITES = ['gemm', 'kernels', 'train', 'cnn', 'step', 'inference'] as const;
export type SuiteName = (typeof SUITES)[number];
/** The suites whose contenders run in child processes, interleaved over rounds (rounds.ts). */
export type RoundSuite = 'train' | 'cnn' | 'step' | 'inference';
