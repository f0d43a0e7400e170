/** The suites of `backprop bench`, in the order they run by default. */
export const SUITES = ['gemm', 'kernels', 'train'] as const;
export type SuiteName = (typeof SUITES)[number];
