/**
 * Data sets by name (Node only): `iris` and `digits` ship in the package's data/ folder; `fashion-mnist`
 * (or any MNIST-style directory of IDX files) is read from disk; a path ending in .csv (or .csv.gz) is
 * loaded as CSV with the label in the last column.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataLimitError, DatasetNotFoundError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { Dataset, LoadedDataset } from './dataset.js';
import { checkDataset } from './dataset.js';
import { type DataLimits, resolveLimits } from './limits.js';
import type { IdxArray } from './idx.js';
import { loadCsv, loadIdx, loadIdxAsync } from './read-file.js';

/** The data sets loadDataset knows by name. */
export const DATASET_NAMES = ['iris', 'digits', 'fashion-mnist'] as const;
/** A data set loadDataset knows by name. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Where Debian's `dataset-fashion-mnist` package puts the gzipped IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export interface LoadDatasetOptions extends DataLimits {
  /** Directory of the Fashion-MNIST IDX files (default: BACKPROP_FASHION_MNIST_DIR, else FASHION_MNIST_DIR). */
  fashionMnistDir?: string;
  /** For CSV files: which column is the label (see CsvOptions.labelColumn). */
  labelColumn?: number | string | 'last' | null;
}

/** The package's own data/ folder. */
export function packageDataDir(): string {
  return join(packageRoot(), 'data');
}

/** Loads `iris`, `digits`, `fashion-mnist`, a CSV file or a directory of MNIST-style IDX files. */
export function loadDataset(spec: string, options: LoadDatasetOptions = {}): LoadedDataset {
  const idx = idxDirectoryOf(spec, options);
  if (!idx) return loadOther(spec, options);
  const part = (name: 'train' | 't10k'): Dataset => {
    const { images, labels } = idxFiles(idx.dir, name);
    return idxPart(loadIdx(images, options), loadIdx(labels, options), idx, name, options);
  };
  return { name: idx.name, train: part('train'), test: part('t10k'), source: idx.source };
}

/**
 * loadDataset, with IDX files un-gzipped as they stream from disk (see loadIdxAsync): the compressed files
 * are never held beside the values, so loading Fashion-MNIST peaks at its 55 MB of bytes, not 85 MB.
 * Other sources load as loadDataset loads them.
 */
export async function loadDatasetAsync(spec: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const idx = idxDirectoryOf(spec, options);
  if (!idx) return loadOther(spec, options);
  const part = async (name: 'train' | 't10k'): Promise<Dataset> => {
    const { images, labels } = idxFiles(idx.dir, name);
    return idxPart(await loadIdxAsync(images, options), await loadIdxAsync(labels, options), idx, name, options);
  };
  const train = await part('train');
  return { name: idx.name, train, test: await part('t10k'), source: idx.source };
}

/** A folder of MNIST-style IDX files: where, the data set's name, its class names and its source line. */
interface IdxDirectory {
  readonly dir: string;
  readonly name: string;
  readonly classNames: readonly string[] | undefined;
  readonly source: string;
}

/** The IDX folder `spec` names ('fashion-mnist', or a directory); undefined for every other source. */
function idxDirectoryOf(spec: string, options: LoadDatasetOptions): IdxDirectory | undefined {
  if (spec === 'fashion-mnist') {
    const dir = options.fashionMnistDir ?? process.env.BACKPROP_FASHION_MNIST_DIR ?? FASHION_MNIST_DIR;
    if (!existsSync(dir)) {
      throw new DatasetNotFoundError(
        `backprop: Fashion-MNIST is not installed: ${dir} does not exist. On Debian or Ubuntu run ` +
          '`sudo apt-get install dataset-fashion-mnist`; elsewhere download the four IDX files (train-images-idx3-ubyte.gz, ' +
          'train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) into a folder and pass ' +
          '--data <folder> (or set BACKPROP_FASHION_MNIST_DIR).',
      );
    }
    return {
      dir,
      name: 'fashion-mnist',
      classNames: FASHION_MNIST_CLASSES,
      source: 'Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research, 2017), MIT licence',
    };
  }
  if (existsSync(spec) && statSync(spec).isDirectory())
    return { dir: spec, name: spec, classNames: undefined, source: `IDX files in ${spec}` };
  return undefined;
}

/** The data sets that are not IDX folders: iris, digits and CSV files. */
function loadOther(spec: string, options: LoadDatasetOptions): LoadedDataset {
  if (spec === 'iris') return loadIris();
  if (spec === 'digits') return loadDigits();
  if (/\.csv(\.gz)?$/i.test(spec)) {
    if (!existsSync(spec)) throw new DatasetNotFoundError(`backprop: the CSV file ${spec} does not exist`);
    const { labelColumn, maxClasses, maxFeatures, maxBytes } = options;
    const train = loadCsv(spec, { labelColumn, maxClasses, maxFeatures, maxBytes });
    if (train.classes === 0)
      throw new TypeError(
        `backprop: ${spec}: the label column must hold classes (non-negative integers or names); it holds other numbers`,
      );
    return { name: spec, train, source: spec };
  }
  throw new RangeError(
    `backprop: unknown data set ${JSON.stringify(spec)}: expected ${DATASET_NAMES.join(', ')}, a .csv file or a directory of IDX files`,
  );
}

function loadIris(): LoadedDataset {
  // The first line is "150,4,setosa,versicolor,virginica" (scikit-learn's layout): rows, features, class names.
  const path = join(packageDataDir(), 'iris.csv');
  const header = readFileSync(path, 'utf8').split('\n', 1)[0].split(',');
  const csv = loadCsv(path, { header: true });
  const train: Dataset = {
    x: csv.x,
    y: csv.y,
    rows: csv.rows,
    features: csv.features,
    classes: 3,
    classNames: header.slice(2).map((s) => s.trim()),
  };
  checkDataset(train, 'iris');
  return {
    name: 'iris',
    train,
    source: "Fisher's iris data (UCI Machine Learning Repository), as shipped by scikit-learn",
  };
}

function loadDigits(): LoadedDataset {
  const csv = loadCsv(join(packageDataDir(), 'digits.csv.gz'), { header: false });
  const train: Dataset = {
    x: csv.x,
    y: csv.y,
    rows: csv.rows,
    features: 64,
    classes: 10,
    imageShape: [8, 8],
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
  };
  checkDataset(train, 'digits');
  return {
    name: 'digits',
    train,
    source: 'UCI optical recognition of handwritten digits (8x8, values 0-16), as shipped by scikit-learn; CC BY 4.0',
  };
}

/** Finds the one file in `dir` whose name starts with `prefix` (with or without .gz). */
function findFile(dir: string, prefix: string): string {
  const names = readdirSync(dir)
    .filter((n) => n.startsWith(prefix))
    .sort();
  if (names.length === 0) {
    throw new DatasetNotFoundError(
      `backprop: ${dir} has no ${prefix}* file; an MNIST-style folder holds train-images-idx3-ubyte, ` +
        'train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may be .gz)',
    );
  }
  return join(dir, names[0]);
}

/** The images and labels files of one part of an IDX folder. */
function idxFiles(dir: string, part: 'train' | 't10k'): { images: string; labels: string } {
  return { images: findFile(dir, `${part}-images`), labels: findFile(dir, `${part}-labels`) };
}

/** One part of an IDX folder as a Dataset, from its loaded images and labels, checked. */
function idxPart(
  images: IdxArray,
  labels: IdxArray,
  { dir, name, classNames }: IdxDirectory,
  part: 'train' | 't10k',
  options: DataLimits,
): Dataset {
  const limits = resolveLimits(options);
  const { images: imagesPath, labels: labelsPath } = idxFiles(dir, part);
  if (images.shape.length !== 3 || !(images.data instanceof Uint8Array)) {
    throw new TypeError(
      `backprop: ${imagesPath}: expected uint8 images [count, height, width]; got ${images.data.constructor.name} [${images.shape.join(', ')}]`,
    );
  }
  const [rows, height, width] = images.shape;
  if (height * width > limits.maxFeatures) {
    throw new DataLimitError(
      imagesPath,
      `images of ${height} x ${width} are ${height * width} features each`,
      'maxFeatures',
      limits.maxFeatures,
    );
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== rows) {
    throw new RangeError(
      `backprop: ${labelsPath}: expected ${rows} labels (one per image); got shape [${labels.shape.join(', ')}]`,
    );
  }
  // Labels are class indices: check them on the file's own values (a float64 or int32 label may not
  // survive float32), and the class count against the limit, before anything is sized by it.
  let largest = -1;
  for (let i = 0; i < rows; i++) {
    const label = labels.data[i];
    if (!Number.isInteger(label) || label < 0) {
      throw new RangeError(`backprop: ${labelsPath}: label ${i} must be a class index (an integer >= 0); got ${label}`);
    }
    if (label > largest) largest = label;
  }
  const classes = classNames?.length ?? largest + 1;
  if (classes > limits.maxClasses) {
    throw new DataLimitError(
      labelsPath,
      `the labels need ${classes} classes (classes are 0 to the largest label, ${largest})`,
      'maxClasses',
      limits.maxClasses,
    );
  }
  const data: Dataset = {
    x: images.data,
    y: Float32Array.from(labels.data),
    rows,
    features: height * width,
    classes,
    classNames,
    imageShape: [height, width],
  };
  checkDataset(data, `${name} (${part})`);
  return data;
}
