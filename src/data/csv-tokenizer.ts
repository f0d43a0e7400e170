/**
 * Splits CSV text into fields and records as it arrives, a chunk at a time, so a file never has to be one
 * string. RFC 4180 quoting: a field that starts with a double quote (after blanks) may hold the delimiter,
 * line ends and doubled quotes. CRLF, LF and lone CR end a line, also when a chunk ends between CR and LF.
 * A line holding nothing (or only blanks) is not a record.
 */
import { CsvError } from '../errors.js';

/** Receives the fields of each record in order, then the end of the record. */
export interface CsvSink {
  /** Field `column` (0-based) of the record that starts on line `line` (1-based). */
  field(text: string, column: number, line: number): void;
  /** The record that starts on `line` ended after `fields` fields. */
  record(line: number, fields: number): void;
}

/** Longer fields mean the input is not CSV (or has an unclosed quote); bounding them bounds memory. */
const MAX_FIELD_CHARS = 1 << 20;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class CsvTokenizer {
  private readonly delimiter: number;
  private field = '';
  private column = 0;
  /** The first field of a record waits until a delimiter shows the record is not a blank line. */
  private firstField = '';
  private fieldWasQuoted = false;
  private quoted = false;
  /** A quote inside a quoted field was the chunk's last character: the next decides if it is doubled. */
  private quoteAtChunkEnd = false;
  /** A CR was the chunk's last character: a LF starting the next chunk belongs to it. */
  private crAtChunkEnd = false;
  private line = 1;
  private recordLine = 1;

  constructor(
    private readonly sink: CsvSink,
    delimiter = ',',
    private readonly source = 'CSV',
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new TypeError(
        `backprop: a CSV delimiter must be one character other than a quote or line end; got ${JSON.stringify(delimiter)}`,
      );
    }
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Tokenizes the next piece of text. */
  push(text: string): void {
    const n = text.length;
    let i = 0;
    if (this.crAtChunkEnd) {
      this.crAtChunkEnd = false;
      if (n > 0 && text.charCodeAt(0) === LF) i = 1;
    }
    while (i < n) {
      if (this.quoteAtChunkEnd) {
        this.quoteAtChunkEnd = false;
        if (text.charCodeAt(i) === QUOTE) {
          this.append('"');
          i++;
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        const q = text.indexOf('"', i);
        const end = q < 0 ? n : q;
        this.appendQuoted(text, i, end);
        if (q < 0) return;
        if (q + 1 === n) {
          this.quoteAtChunkEnd = true;
          return;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          this.append('"');
          i = q + 2;
        } else {
          this.quoted = false;
          i = q + 1;
        }
        continue;
      }
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === this.delimiter || c === LF || c === CR || c === QUOTE) break;
        j++;
      }
      if (j > i) this.append(text.slice(i, j));
      if (j === n) return;
      const c = text.charCodeAt(j);
      i = j + 1;
      if (c === QUOTE) {
        if (this.field.trim() === '' && !this.fieldWasQuoted) {
          this.quoted = true;
          this.fieldWasQuoted = true;
          this.field = '';
        } else this.append('"');
      } else if (c === this.delimiter) {
        this.endField();
      } else {
        if (c === CR) {
          if (i === n) this.crAtChunkEnd = true;
          else if (text.charCodeAt(i) === LF) i++;
        }
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
      }
    }
  }

  /** Ends the text: the last record needs no line end; an open quote is an error. */
  end(): void {
    if (this.quoteAtChunkEnd) {
      this.quoteAtChunkEnd = false;
      this.quoted = false;
    }
    if (this.quoted)
      throw new CsvError(
        this.source,
        this.recordLine,
        this.column + 1,
        'a quoted field is not closed before the end of the file',
      );
    if (this.field !== '' || this.column > 0 || this.fieldWasQuoted) this.endRecord();
  }

  private append(text: string): void {
    this.field += text;
    if (this.field.length > MAX_FIELD_CHARS) {
      throw new CsvError(
        this.source,
        this.recordLine,
        this.column + 1,
        `a field is longer than ${MAX_FIELD_CHARS} characters (is this a CSV file, or is a quote not closed?)`,
      );
    }
  }

  private appendQuoted(text: string, from: number, to: number): void {
    if (to === from) return;
    const piece = text.slice(from, to);
    for (let k = piece.indexOf('\n'); k >= 0; k = piece.indexOf('\n', k + 1)) this.line++;
    this.append(piece);
  }

  private endField(): void {
    if (this.column === 0) {
      this.firstField = this.field;
    } else {
      if (this.column === 1) this.sink.field(this.firstField, 0, this.recordLine);
      this.sink.field(this.field, this.column, this.recordLine);
    }
    this.column++;
    this.field = '';
    this.fieldWasQuoted = false;
  }

  private endRecord(): void {
    if (this.column === 0) {
      const blank = this.field.trim() === '' && !this.fieldWasQuoted;
      if (!blank) {
        this.sink.field(this.field, 0, this.recordLine);
        this.sink.record(this.recordLine, 1);
      }
    } else {
      this.endField();
      this.sink.record(this.recordLine, this.column);
    }
    this.field = '';
    this.firstField = '';
    this.column = 0;
    this.fieldWasQuoted = false;
  }
}
