// Node only: reads a data file into bytes or text, un-gzipping it when it starts with the gzip magic
// bytes (1f 8b), so `.gz` and plain files load the same way whatever their names say.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type CsvDataset, type CsvOptions, parseCsv } from './csv.js';
import { type IdxArray, parseIdx } from './idx.js';

/** The bytes of a file, un-gzipped when gzipped. */
export function readDataFile(path: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`backprop: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // The gzip trailer's last 4 bytes hold the uncompressed size (mod 2^32). One output chunk of that
      // size avoids zlib's chunk list plus the copy that joins it: 60,000 Fashion-MNIST images then peak
      // at 47 MB of output instead of about twice that.
      const size = bytes.readUInt32LE(bytes.length - 4);
      return gunzipSync(bytes, { chunkSize: Math.max(64 * 1024, size + 1) });
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
