/**
 * Seeded shuffling and train/test splitting of a Dataset, drawing from the library's one Random, so the
 * same seed gives the same split everywhere.
 */
import { Random } from '../random.js';
import { checkOptionalFinite, checkOptionalFlag, checkOptions } from './arguments.js';
import { checkDataset, type Dataset, datasetRows, reorderRows, selectRows } from './dataset.js';

/** The options of trainTestSplit. */
export interface SplitOptions {
  /** Fraction of rows for the test part, in (0, 1). Default 0.2. */
  testSize?: number;
  /** Seeds the shuffle. Default 0. */
  seed?: number;
  /** Keep each class's proportion in both parts (classification data only). Default false. */
  stratify?: boolean;
  /**
   * Reorder the rows of `data` itself (training rows first) and return the two parts as views of it,
   * instead of copies: a large data set is then never held twice. The parts hold the same rows in the
   * same order either way. Default false.
   */
  inPlace?: boolean;
}

/** A seeded random split into a training and a test part (rows are shuffled first). */
export function trainTestSplit(
  data: Dataset,
  options: SplitOptions = {},
): {
  /** The training rows. */
  train: Dataset;
  /** The test rows (with train, every row once). */
  test: Dataset;
} {
  checkDataset(data, 'trainTestSplit: data');
  const checked = checkOptions<SplitOptions>('trainTestSplit', options);
  const testSize = checkOptionalFinite('trainTestSplit', 'testSize', checked.testSize, 0.2);
  if (!(testSize > 0 && testSize < 1))
    throw new RangeError(`backprop: trainTestSplit: testSize must be in (0, 1); got ${testSize}`);
  const random = new Random(checkOptionalFinite('trainTestSplit', 'seed', checked.seed, 0));
  let trainRows: number[];
  let testRows: number[];
  if (checkOptionalFlag('trainTestSplit', 'stratify', checked.stratify)) {
    if (data.classes <= 0)
      throw new TypeError(
        'backprop: trainTestSplit stratify needs class labels; this data set has real-valued targets',
      );
    // Rows grouped by label, in ascending label order; only labels that occur get a group, so the work
    // is bounded by the rows whatever `classes` claims.
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < data.rows; i++) {
      const label = data.y[i];
      const rows = byClass.get(label);
      if (rows) rows.push(i);
      else byClass.set(label, [i]);
    }
    trainRows = [];
    testRows = [];
    for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
      const rows = byClass.get(label)!;
      random.shuffle(rows);
      const nTest = Math.round(rows.length * testSize);
      for (let i = 0; i < rows.length; i++) (i < nTest ? testRows : trainRows).push(rows[i]);
    }
    random.shuffle(trainRows);
    random.shuffle(testRows);
  } else {
    const order = random.permutation(data.rows);
    const nTest = Math.round(data.rows * testSize);
    testRows = Array.from(order.subarray(0, nTest));
    trainRows = Array.from(order.subarray(nTest));
  }
  if (trainRows.length === 0 || testRows.length === 0) {
    throw new RangeError(
      `backprop: trainTestSplit of ${data.rows} rows with testSize ${testSize} leaves an empty part`,
    );
  }
  if (checkOptionalFlag('trainTestSplit', 'inPlace', checked.inPlace)) {
    reorderRows(data, [...trainRows, ...testRows]);
    return { train: datasetRows(data, 0, trainRows.length), test: datasetRows(data, trainRows.length, data.rows) };
  }
  return { train: selectRows(data, trainRows), test: selectRows(data, testRows) };
}

/** The rows of a Dataset in a seeded random order (a new Dataset). */
export function shuffle(data: Dataset, seed = 0): Dataset {
  checkDataset(data, 'shuffle: data');
  return selectRows(data, new Random(checkOptionalFinite('shuffle', 'seed', seed, 0)).permutation(data.rows));
}
