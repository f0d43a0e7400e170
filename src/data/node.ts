// The Node-only data tools: reading files (CSV, IDX, gzipped or not) and data sets by name.
export { loadCsv, loadIdx, loadIdxAsync, readDataFile } from './read-file.js';
export {
  DATASET_NAMES,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  loadDataset,
  loadDatasetAsync,
  packageDataDir,
  type DatasetName,
  type LoadDatasetOptions,
} from './datasets.js';
