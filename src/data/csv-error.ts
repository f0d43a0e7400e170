/** A field that is not what its column needs, with its place in the file. */
export class CsvError extends Error {
  override name = 'CsvError';
  constructor(readonly source: string, readonly line: number, readonly column: number, detail: string) {
    super(`backprop: ${source} line ${line}, column ${column}: ${detail}`);
  }
}
