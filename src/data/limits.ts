/**
 * Upper bounds on what a data file may ask the loaders to allocate. A label column holding an ID
 * (1000000000) would otherwise ask for a billion classes, and an IDX header or a gzip stream can claim
 * gigabytes in a few bytes; the loaders check these bounds before they allocate, and the error says how
 * to raise a bound when the data really is that large.
 */

export interface DataLimits {
  /** Most classes a label column may define (labels 0..maxClasses-1, or that many distinct names). */
  maxClasses?: number;
  /** Most feature columns (values per row) a data set may have. */
  maxFeatures?: number;
  /** Most bytes one data file may hold once un-gzipped (IDX files and gzipped CSV files). */
  maxBytes?: number;
}

/**
 * The defaults: 10,000 classes (ImageNet-1k has 1,000; more is far likelier an ID column than classes),
 * 1,000,000 features (a 1000 x 1000 grey image), 2 GiB per un-gzipped file (EMNIST's largest training
 * file is 0.55 GB; Node's Buffers stop at 4 GiB).
 */
export const DEFAULT_LIMITS: Readonly<Required<DataLimits>> = {
  maxClasses: 10_000,
  maxFeatures: 1_000_000,
  maxBytes: 2 ** 31,
};

/** The options' limits with defaults filled in; each given limit must be a positive integer. */
export function resolveLimits(options: DataLimits = {}): Required<DataLimits> {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DataLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`backprop: ${key} must be a positive integer; got ${value}`);
    limits[key] = value;
  }
  return limits;
}
