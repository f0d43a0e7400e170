/**
 * CSV text -> Dataset. Platform-neutral (a string in, typed arrays out); csv-file.ts reads files in Node.
 *
 * - Fields are separated by `delimiter` (default ','); double-quoted fields may hold the delimiter and
 *   doubled quotes, as RFC 4180. CRLF and LF line ends; blank lines are skipped.
 * - Header: detected when a feature field of the first line is not a number (`header: 'auto'`), or forced.
 * - Labels: one chosen column (`labelColumn`: index, negative from the end, header name, or 'last', the
 *   default; `null` for none). Non-negative integers are class indices; other numbers make a regression
 *   target; text labels become classes numbered in sorted order, their names kept.
 * - Every feature must be a finite decimal number: anything else throws a CsvError naming line and column.
 */
import type { Dataset } from './dataset.js';

export interface CsvOptions {
  /** true: the first line is a header; false: it is data; 'auto' (default): decide from its fields. */
  header?: boolean | 'auto';
  /** Which column holds the label: 0-based index (negative counts from the end), a header name, 'last' (default), or null for none. */
  labelColumn?: number | string | 'last' | null;
  delimiter?: string;
  /** Name used in error messages (usually the file name). */
  source?: string;
}

export interface CsvDataset extends Dataset {
  /** The header's names of the feature columns, when the file has a header. */
  readonly featureNames?: readonly string[];
}

/** A field that is not what its column needs, with its place in the file. */
export class CsvError extends Error {
  override name = 'CsvError';
  constructor(readonly source: string, readonly line: number, readonly column: number, detail: string) {
    super(`backprop: ${source} line ${line}, column ${column}: ${detail}`);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A strict decimal number, or undefined (no hex, no empty string, no NaN or Infinity). */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

interface CsvLine { readonly line: number; readonly fields: string[] }

/** Splits text into lines of fields, keeping the 1-based line number of each record. */
export function splitCsv(text: string, delimiter = ',', source = 'CSV'): CsvLine[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new TypeError(`backprop: a CSV delimiter must be one character other than a quote or line end; got ${JSON.stringify(delimiter)}`);
  }
  const records: CsvLine[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldWasQuoted = false;
  const endRecord = (): void => {
    fields.push(field);
    // A line holding nothing at all is blank, not a record with one empty field.
    if (!(fields.length === 1 && fields[0].trim() === '' && !fieldWasQuoted)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldWasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      fieldWasQuoted = true;
      field = '';
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
  }
  if (quoted) throw new CsvError(source, recordLine, fields.length + 1, 'a quoted field is not closed before the end of the file');
  if (field !== '' || fields.length > 0 || fieldWasQuoted) endRecord();
  return records;
}

/** Parses CSV text into a Dataset of float32 features and one label per row. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvDataset {
  const source = options.source ?? 'CSV';
  const records = splitCsv(text, options.delimiter ?? ',', source);
  if (records.length === 0) throw new RangeError(`backprop: ${source} holds no data (no non-blank line)`);
  const width = records[0].fields.length;
  const labelSpec = options.labelColumn === undefined ? 'last' : options.labelColumn;

  const resolveLabel = (names: readonly string[] | undefined): number | undefined => {
    if (labelSpec === null) return undefined;
    if (labelSpec === 'last') return width - 1;
    if (typeof labelSpec === 'number') {
      if (!Number.isInteger(labelSpec) || labelSpec >= width || labelSpec < -width) {
        throw new RangeError(`backprop: ${source}: labelColumn must be an integer in [${-width}, ${width - 1}]; got ${labelSpec}`);
      }
      return labelSpec < 0 ? width + labelSpec : labelSpec;
    }
    const index = names ? names.findIndex((n) => n.trim() === labelSpec) : -1;
    if (index < 0) {
      throw new RangeError(`backprop: ${source}: labelColumn ${JSON.stringify(labelSpec)} is not a column name` +
        (names ? `; the header has ${names.map((n) => JSON.stringify(n.trim())).join(', ')}` : ' (the file has no header)'));
    }
    return index;
  };

  // Header detection must not look at the label column: text labels ("setosa") are data, not a header.
  let hasHeader: boolean;
  if (options.header === undefined || options.header === 'auto') {
    const provisional = typeof labelSpec === 'string' && labelSpec !== 'last' ? undefined : resolveLabel(undefined);
    hasHeader = typeof labelSpec === 'string' && labelSpec !== 'last'
      ? true
      : records[0].fields.some((f, c) => c !== provisional && parseDecimal(f) === undefined);
  } else hasHeader = options.header;
  const names = hasHeader ? records[0].fields : undefined;
  const labelIndex = resolveLabel(names);
  const data = hasHeader ? records.slice(1) : records;
  if (data.length === 0) throw new RangeError(`backprop: ${source} has a header but no data rows`);

  const features = labelIndex === undefined ? width : width - 1;
  if (features === 0) throw new RangeError(`backprop: ${source} has only the label column; at least one feature is needed`);
  const x = new Float32Array(data.length * features);
  const rawLabels: string[] = [];
  data.forEach((record, r) => {
    if (record.fields.length !== width) {
      throw new CsvError(source, record.line, Math.min(record.fields.length, width) + 1,
        `expected ${width} fields as on the first line; got ${record.fields.length}`);
    }
    let f = 0;
    for (let c = 0; c < width; c++) {
      const text = record.fields[c];
      if (c === labelIndex) { rawLabels.push(text.trim()); continue; }
      const value = parseDecimal(text);
      if (value === undefined) {
        const name = names ? ` (${names[c].trim()})` : '';
        throw new CsvError(source, record.line, c + 1, `expected a number in feature column${name}; got ${JSON.stringify(text)}`);
      }
      x[r * features + f++] = value;
    }
  });

  const featureNames = names?.filter((_, c) => c !== labelIndex).map((n) => n.trim());
  if (labelIndex === undefined) {
    return { x, y: new Float32Array(data.length), rows: data.length, features, classes: 0, featureNames };
  }
  const { y, classes, classNames } = encodeLabels(rawLabels, data.map((d) => d.line), labelIndex + 1, source);
  return { x, y, rows: data.length, features, classes, classNames, featureNames };
}

function encodeLabels(raw: readonly string[], lines: readonly number[], column: number, source: string):
  { y: Float32Array; classes: number; classNames?: string[] } {
  const y = new Float32Array(raw.length);
  const numbers = raw.map(parseDecimal);
  if (numbers.every((v) => v !== undefined)) {
    const values = numbers as number[];
    values.forEach((v, i) => { y[i] = v; });
    const isClass = values.every((v) => Number.isInteger(v) && v >= 0);
    return { y, classes: isClass ? values.reduce((a, b) => Math.max(a, b), 0) + 1 : 0 };
  }
  raw.forEach((label, i) => {
    if (label === '') throw new CsvError(source, lines[i], column, 'the label is empty');
  });
  const classNames = [...new Set(raw)].sort();
  const index = new Map(classNames.map((name, i) => [name, i]));
  raw.forEach((label, i) => { y[i] = index.get(label)!; });
  return { y, classes: classNames.length, classNames };
}
