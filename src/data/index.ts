// The platform-neutral data tools (no file system): parsing, preprocessing, batching, augmentation.
export type { Dataset, LoadedDataset } from './dataset.js';
export { checkDataset, datasetFromArrays, datasetSampleShape, selectRows } from './dataset.js';
export { CsvReader, parseCsv, type CsvDataset, type CsvOptions } from './csv.js';
export { DEFAULT_LIMITS, type DataLimits } from './limits.js';
export { encodeIdx, parseIdx, parseIdxHeader, type IdxArray, type IdxHeader } from './idx.js';
export {
  MinMaxScaler,
  StandardScaler,
  minMaxScaler,
  scalerFromJSON,
  standardScaler,
  type Scaler,
  type ScalerJSON,
} from './scalers.js';
export { argMax, oneHot } from './one-hot.js';
export { shuffle, trainTestSplit, type SplitOptions } from './split.js';
export { gatherBatch, toFloat32 } from './batches.js';
export { augmentBatch, imageAugmenter, type AugmentOptions, type BatchAugmenter } from './augment.js';
