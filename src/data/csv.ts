/**
 * CSV text -> Dataset. Platform-neutral (text in, typed arrays out); read-file.ts streams files in Node.
 *
 * - Fields are separated by `delimiter` (default ','); double-quoted fields may hold the delimiter and
 *   doubled quotes, as RFC 4180. CRLF and LF line ends; blank lines are skipped.
 * - Header: detected when a feature field of the first line is not a number (`header: 'auto'`), or forced.
 * - Labels: one chosen column (`labelColumn`: index, negative from the end, header name, or 'last', the
 *   default; `null` for none). Non-negative integers are class indices; other numbers make a regression
 *   target; text labels become classes numbered in sorted order, their names kept.
 * - Every feature must be a finite decimal number: anything else throws a CsvError naming line and column.
 * - Limits (limits.ts): at most `maxClasses` classes and `maxFeatures` feature columns.
 *
 * The text may come in pieces (CsvReader.push): rows go straight into float32 storage, so a file is never
 * held as one string or as arrays of fields.
 */
import { CsvError, DataLimitError } from '../errors.js';
import { CsvTokenizer, type CsvSink } from './csv-tokenizer.js';
import type { Dataset } from './dataset.js';
import { Float32Builder } from './float32-builder.js';
import { type DataLimits, resolveLimits } from './limits.js';

/** The options of parseCsv, CsvReader and the CSV file loaders. */
export interface CsvOptions extends Pick<DataLimits, 'maxClasses' | 'maxFeatures'> {
  /** true: the first line is a header; false: it is data; 'auto' (default): decide from its fields. */
  header?: boolean | 'auto';
  /** Which column holds the label: 0-based index (negative counts from the end), a header name, 'last' (default), or null for none. */
  labelColumn?: number | string | 'last' | null;
  /** The field separator, one character. Default ','. */
  delimiter?: string;
  /** Name used in error messages (usually the file name). */
  source?: string;
}

/** A Dataset read from CSV, with the header's names when there is one. */
export interface CsvDataset extends Dataset {
  /** The header's names of the feature columns, when the file has a header. */
  readonly featureNames?: readonly string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A strict decimal number, or undefined (no hex, no empty string, no NaN or Infinity). */
function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

interface CsvLine {
  readonly line: number;
  readonly fields: string[];
}

/** Splits text into lines of fields, keeping the 1-based line number of each record. */
export function splitCsv(text: string, delimiter = ',', source = 'CSV'): CsvLine[] {
  const records: CsvLine[] = [];
  let fields: string[] = [];
  const tokenizer = new CsvTokenizer(
    {
      field: (value) => {
        fields.push(value);
      },
      record: (line) => {
        records.push({ line, fields });
        fields = [];
      },
    },
    delimiter,
    source,
  );
  tokenizer.push(text);
  tokenizer.end();
  return records;
}

/** Parses CSV text into a Dataset of float32 features and one label per row. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvDataset {
  const reader = new CsvReader(options);
  reader.push(text);
  return reader.end();
}

/** Builds a Dataset from CSV text pushed in pieces of any size; `end` returns it. */
export class CsvReader {
  private readonly tokenizer: CsvTokenizer;
  private readonly source: string;
  private readonly labelSpec: number | string | null;
  private readonly limits: Required<DataLimits>;
  /** The first record's fields, kept until it tells whether it is a header and how wide rows are. */
  private first: string[] | undefined = [];
  private width = 0;
  private labelIndex: number | undefined;
  private names: string[] | undefined;
  private rows = 0;
  private x = new Float32Builder();
  private labels: LabelColumn;

  /**
   * `lines`, when known (counted in a first pass over a file), sizes the storage up front so the rows
   * need no copy at the end; it may count blank lines and line ends inside quotes too.
   */
  constructor(
    private readonly options: CsvOptions = {},
    private readonly lines = 0,
  ) {
    this.source = options.source ?? 'CSV';
    this.labelSpec = options.labelColumn === undefined ? 'last' : options.labelColumn;
    this.limits = resolveLimits(options);
    this.labels = new LabelColumn(this.source, this.limits.maxClasses, 0);
    const sink: CsvSink = {
      field: (text, column, line) => this.field(text, column, line),
      record: (line, fields) => this.record(line, fields),
    };
    this.tokenizer = new CsvTokenizer(sink, options.delimiter ?? ',', this.source);
  }

  /** Reads the next piece of the text (a piece may end anywhere, even inside a field). */
  push(text: string): void {
    this.tokenizer.push(text);
  }

  /** Ends the text and returns the data set (a CsvError if the text ends inside a quoted field). */
  end(): CsvDataset {
    this.tokenizer.end();
    const { source } = this;
    // The tokenizer's end closes the last record, so the first is still open only when there was none.
    if (this.first) throw new RangeError(`backprop: ${source} holds no data (no non-blank line)`);
    if (this.rows === 0) throw new RangeError(`backprop: ${source} has a header but no data rows`);
    const features = this.labelIndex === undefined ? this.width : this.width - 1;
    const x = this.x.finish();
    const featureNames = this.names?.filter((_, c) => c !== this.labelIndex).map((n) => n.trim());
    if (this.labelIndex === undefined) {
      return { x, y: new Float32Array(this.rows), rows: this.rows, features, classes: 0, featureNames };
    }
    const { y, classes, classNames } = this.labels.finish();
    return { x, y, rows: this.rows, features, classes, classNames, featureNames };
  }

  private field(text: string, column: number, line: number): void {
    if (this.first) {
      this.first.push(text);
      if (this.first.length > this.limits.maxFeatures + 1) {
        throw new DataLimitError(
          this.source,
          `line ${line} has more than ${this.limits.maxFeatures + 1} columns`,
          'maxFeatures',
          this.limits.maxFeatures,
        );
      }
      return;
    }
    if (column >= this.width) return; // a ragged record: record() names it
    if (column === this.labelIndex) {
      this.labels.push(text, line, column + 1);
      return;
    }
    const value = parseDecimal(text);
    if (value === undefined) {
      const name = this.names ? ` (${this.names[column].trim()})` : '';
      throw new CsvError(
        this.source,
        line,
        column + 1,
        `expected a number in feature column${name}; got ${JSON.stringify(text)}`,
      );
    }
    this.x.push(value);
  }

  private record(line: number, fields: number): void {
    if (this.first) {
      const first = this.first;
      this.first = undefined;
      this.start(first, line);
      return;
    }
    if (fields !== this.width) {
      throw new CsvError(
        this.source,
        line,
        Math.min(fields, this.width) + 1,
        `expected ${this.width} fields as on the first line; got ${fields}`,
      );
    }
    this.rows++;
  }

  /** The first record decides the width, the label column and whether it is a header; data, it is read as a row. */
  private start(first: string[], line: number): void {
    this.first = undefined;
    const { source, labelSpec } = this;
    const width = first.length;
    this.width = width;
    const resolveLabel = (names: readonly string[] | undefined): number | undefined => {
      if (labelSpec === null) return undefined;
      if (labelSpec === 'last') return width - 1;
      if (typeof labelSpec === 'number') {
        if (!Number.isInteger(labelSpec) || labelSpec >= width || labelSpec < -width) {
          throw new RangeError(
            `backprop: ${source}: labelColumn must be an integer in [${-width}, ${width - 1}]; got ${labelSpec}`,
          );
        }
        return labelSpec < 0 ? width + labelSpec : labelSpec;
      }
      const index = names ? names.findIndex((n) => n.trim() === labelSpec) : -1;
      if (index < 0) {
        throw new RangeError(
          `backprop: ${source}: labelColumn ${JSON.stringify(labelSpec)} is not a column name` +
            (names
              ? `; the header has ${names.map((n) => JSON.stringify(n.trim())).join(', ')}`
              : ' (the file has no header)'),
        );
      }
      return index;
    };
    // Header detection must not look at the label column: text labels ("setosa") are data, not a header.
    const byName = typeof labelSpec === 'string' && labelSpec !== 'last';
    let hasHeader: boolean;
    if (this.options.header === undefined || this.options.header === 'auto') {
      const provisional = byName ? undefined : resolveLabel(undefined);
      hasHeader = byName || first.some((f, c) => c !== provisional && parseDecimal(f) === undefined);
    } else hasHeader = this.options.header;
    this.names = hasHeader ? first : undefined;
    this.labelIndex = resolveLabel(this.names);
    const features = this.labelIndex === undefined ? width : width - 1;
    if (features === 0)
      throw new RangeError(`backprop: ${source} has only the label column; at least one feature is needed`);
    if (features > this.limits.maxFeatures) {
      throw new DataLimitError(
        source,
        `line ${line} has ${features} feature columns`,
        'maxFeatures',
        this.limits.maxFeatures,
      );
    }
    const rows = Math.max(0, this.lines - (hasHeader ? 1 : 0));
    try {
      this.x = new Float32Builder(rows * features);
    } catch {
      throw new RangeError(
        `backprop: ${source}: ${rows} rows of ${features} features need ${rows * features * 4} bytes as float32; ` +
          'this process cannot allocate that much',
      );
    }
    if (this.labelIndex !== undefined) this.labels = new LabelColumn(source, this.limits.maxClasses, rows);
    if (!hasHeader) {
      first.forEach((text, c) => this.field(text, c, line));
      this.record(line, width);
    }
  }
}

/**
 * The label column, one value per row: numbers while every label is a number, and the distinct label
 * texts (up to maxClasses of them) in case a name turns up later and the labels turn out to be classes.
 */
class LabelColumn {
  /** The labels as numbers; dropped once a name shows they are not numbers. */
  private values: Float32Builder | undefined;
  /** Per row, the index of its text in `texts` (first-seen order); dropped when the texts overflow. */
  private ids: Float32Builder | undefined;
  private readonly texts = new Map<string, number>();
  private allNumbers = true;
  private allClasses = true;
  private largest = -1;
  private largestLine = 0;

  constructor(
    private readonly source: string,
    private readonly maxClasses: number,
    expectedRows: number,
  ) {
    this.values = new Float32Builder(expectedRows);
    this.ids = new Float32Builder(expectedRows);
  }

  push(raw: string, line: number, column: number): void {
    const text = raw.trim();
    const value = parseDecimal(text);
    if (value === undefined) {
      if (text === '') throw new CsvError(this.source, line, column, 'the label is empty');
      if (this.allNumbers && !this.ids) this.tooManyNames(line, column);
      this.allNumbers = false;
      this.values = undefined;
    } else if (this.allClasses && !(Number.isInteger(value) && value >= 0)) {
      this.allClasses = false;
    } else if (value > this.largest) {
      this.largest = value;
      this.largestLine = line;
    }
    this.values?.push(value!);
    if (this.ids) {
      let id = this.texts.get(text);
      if (id === undefined) {
        if (this.texts.size === this.maxClasses) {
          if (!this.allNumbers) this.tooManyNames(line, column);
          // Only numbers so far: they may be a regression target, so stop keeping texts instead of failing.
          this.ids = undefined;
          this.texts.clear();
          return;
        }
        id = this.texts.size;
        this.texts.set(text, id);
      }
      this.ids.push(id);
    }
  }

  finish(): { y: Float32Array; classes: number; classNames?: string[] } {
    if (this.allNumbers) {
      const y = this.values!.finish();
      if (!this.allClasses) return { y, classes: 0 };
      const classes = this.largest + 1;
      if (classes > this.maxClasses) {
        throw new DataLimitError(
          this.source,
          `the labels need ${classes} classes (classes are 0 to the largest label, ` +
            `${this.largest} on line ${this.largestLine})`,
          'maxClasses',
          this.maxClasses,
        );
      }
      return { y, classes };
    }
    // Names are classes numbered in sorted order.
    const names = [...this.texts.keys()].sort();
    const rank = new Float32Array(names.length);
    names.forEach((name, i) => {
      rank[this.texts.get(name)!] = i;
    });
    const y = this.ids!.finish();
    for (let i = 0; i < y.length; i++) y[i] = rank[y[i]];
    return { y, classes: names.length, classNames: names };
  }

  private tooManyNames(line: number, column: number): never {
    throw new DataLimitError(
      `${this.source} line ${line}, column ${column}`,
      `the label column holds more than ${this.maxClasses} distinct labels`,
      'maxClasses',
      this.maxClasses,
    );
  }
}
