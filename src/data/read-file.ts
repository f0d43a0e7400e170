// Node only: reads a data file into bytes or text, un-gzipping it when it starts with the gzip magic
// bytes (1f 8b), so `.gz` and plain files load the same way whatever their names say.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type CsvDataset, type CsvOptions, parseCsv } from './csv.js';
import { type IdxArray, parseIdx } from './idx.js';

/** The bytes of a file, un-gzipped when gzipped. */
export function readDataFile(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`backprop: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (error) {
      throw new Error(`backprop: ${path} looks gzipped but does not un-gzip: ${(error as Error).message}`);
    }
  }
  return bytes;
}

/** Loads a CSV file (gzipped or not) into a Dataset; errors name the file, line and column. */
export function loadCsv(path: string, options: CsvOptions = {}): CsvDataset {
  const text = new TextDecoder('utf-8').decode(readDataFile(path));
  return parseCsv(text, { source: path, ...options });
}

/** Loads an IDX file (gzipped or not). */
export function loadIdx(path: string): IdxArray {
  return parseIdx(readDataFile(path), path);
}
