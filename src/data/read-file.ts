// Node only: reads data files, un-gzipping those that start with the gzip magic bytes (1f 8b), so `.gz`
// and plain files load the same way whatever their names say. Sizes are checked before memory is taken:
// a CSV file streams through the parser a chunk at a time, an IDX header is read and its sizes checked
// before the values, and un-gzipping stops as soon as the output passes the size allowed.
import { kMaxLength } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { DataLimitError } from '../errors.js';
import { type CsvDataset, type CsvOptions, CsvReader } from './csv.js';
import { IDX_MAX_HEADER_BYTES, type IdxArray, type IdxHeader, parseIdx, parseIdxHeader } from './idx.js';
import { type DataLimits, resolveLimits } from './limits.js';

/**
 * Bytes read and decoded per step while streaming a file. Small on purpose: V8 keeps a decoded string
 * of a megabyte outside its heap, where it is not counted towards the next collection, and 60 of them
 * (60 MB) piled up while parsing; 64 KiB strings live and die in the young generation.
 */
const CHUNK_BYTES = 64 * 1024;

function openError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  return new Error(`backprop: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
}

/** The file opened for reading; an error naming the file when it cannot be. */
function openForReading(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw openError(path, error);
  }
}

/** Runs `use` on an open file descriptor, closing it afterwards; open errors name the file. */
function withFile<T>(path: string, use: (fd: number) => T): T {
  const fd = openForReading(path);
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** Up to `length` bytes from the start of the file. */
function readPrefix(fd: number, length: number): Uint8Array {
  const buffer = Buffer.alloc(length);
  let got = 0;
  for (let n; got < length && (n = readSync(fd, buffer, got, length - got, got)) > 0;) got += n;
  return buffer.subarray(0, got);
}

/** The whole file, refusing one larger than `maxBytes` before reading it. */
function readWhole(fd: number, path: string, maxBytes: number): Buffer {
  const size = fstatSync(fd).size;
  if (size > maxBytes) throw new DataLimitError(path, `the file holds ${size} bytes`, 'maxBytes', maxBytes);
  const buffer = Buffer.allocUnsafe(size);
  let got = 0;
  for (let n; got < size && (n = readSync(fd, buffer, got, size - got, got)) > 0;) got += n;
  return buffer.subarray(0, got);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Un-gzips `gz`, failing as soon as the output passes `maxBytes`. The output buffer is sized for the
 * `expected` size (by default the gzip trailer's, the uncompressed size mod 2^32), at most maxBytes + 1:
 * a stream of that size then needs neither zlib's chunk list nor the copy that joins it (60,000
 * Fashion-MNIST images peak at 47 MB of output instead of about twice that), and a longer one fails as
 * soon as its output passes maxBytes.
 */
function gunzipAtMost(
  gz: Uint8Array,
  path: string,
  maxBytes: number,
  tooLarge: () => Error,
  expected = gzipTrailerSize(gz),
): Buffer {
  try {
    const chunkSize = Math.max(64 * 1024, Math.min(expected, maxBytes) + 1);
    return gunzipSync(gz, { maxOutputLength: Math.min(maxBytes, kMaxLength), chunkSize });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new Error(`backprop: ${path} looks gzipped but does not un-gzip: ${(error as Error).message}`);
  }
}

/** The size a gzip stream's trailer (its last 4 bytes) gives for its last member, mod 2^32. */
function gzipTrailerSize(gz: Uint8Array): number {
  return gz.length < 4 ? 0 : new DataView(gz.buffer, gz.byteOffset + gz.length - 4, 4).getUint32(0, true);
}

function unGzipsTooLarge(path: string, maxBytes: number): Error {
  return new DataLimitError(path, `it un-gzips to more than ${maxBytes} bytes`, 'maxBytes', maxBytes);
}

/** The bytes of a file, un-gzipped when gzipped; at most `maxBytes` (default 2 GiB) either way. */
export function readDataFile(path: string, options: Pick<DataLimits, 'maxBytes'> = {}): Uint8Array {
  const { maxBytes } = resolveLimits(options);
  const bytes = withFile(path, (fd) => readWhole(fd, path, maxBytes));
  return isGzip(bytes) ? gunzipAtMost(bytes, path, maxBytes, () => unGzipsTooLarge(path, maxBytes)) : bytes;
}

/**
 * Loads a CSV file (gzipped or not) into a Dataset; errors name the file, line and column. A plain file
 * is read 64 KiB at a time, twice: once to count its lines, which sizes the float32 storage, then into
 * the parser, so the text is never held whole and the rows are never copied. A gzipped file is un-gzipped
 * into memory first (at most maxBytes), then parsed the same way.
 */
export function loadCsv(path: string, options: CsvOptions & Pick<DataLimits, 'maxBytes'> = {}): CsvDataset {
  const decoder = new TextDecoder('utf-8');
  return withFile(path, (fd) => {
    if (isGzip(readPrefix(fd, 2))) {
      const { maxBytes } = resolveLimits(options);
      const text = gunzipAtMost(readWhole(fd, path, maxBytes), path, maxBytes, () => unGzipsTooLarge(path, maxBytes));
      const lines = new LineCounter();
      lines.add(text);
      const reader = new CsvReader({ source: path, ...options }, lines.total());
      for (let at = 0; at < text.length; at += CHUNK_BYTES)
        reader.push(decoder.decode(text.subarray(at, at + CHUNK_BYTES), { stream: true }));
      reader.push(decoder.decode());
      return reader.end();
    }
    // Two passes over a plain file: counting its lines sizes the storage, so the rows are never copied.
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const eachChunk = (use: (bytes: Buffer) => void): void => {
      for (let position = 0, n; (n = readSync(fd, chunk, 0, CHUNK_BYTES, position)) > 0; position += n)
        use(chunk.subarray(0, n));
    };
    const lines = new LineCounter();
    eachChunk((bytes) => lines.add(bytes));
    const reader = new CsvReader({ source: path, ...options }, lines.total());
    eachChunk((bytes) => reader.push(decoder.decode(bytes, { stream: true })));
    reader.push(decoder.decode());
    return reader.end();
  });
}

/** Counts the lines of text seen in pieces: LF line ends (CR ones when there is no LF), plus an unended last line. */
class LineCounter {
  private lf = 0;
  private cr = 0;
  private last = -1;

  add(bytes: Buffer): void {
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) this.lf++;
    if (this.lf === 0) for (let i = bytes.indexOf(0x0d); i >= 0; i = bytes.indexOf(0x0d, i + 1)) this.cr++;
    if (bytes.length > 0) this.last = bytes[bytes.length - 1];
  }

  total(): number {
    const ends = this.lf > 0 ? this.lf : this.cr;
    return ends + (this.last === -1 || this.last === 0x0a || this.last === 0x0d ? 0 : 1);
  }
}

/**
 * Compressed bytes un-gzipped to find the header: ample for the gzip headers tools write (a file name at
 * most), and at most about 1,000 times as many come out (deflate's limit), so a bomb yields 4 MB at most.
 */
const HEADER_SEARCH_BYTES = 4 * 1024;

/** An IDX file's header, read and checked before its values: the size it declares, against the limit and the file. */
interface CheckedIdx {
  readonly header: IdxHeader;
  readonly gzipped: boolean;
  /** The error for a gzipped file that un-gzips to more than its header declares. */
  readonly tooLarge: () => Error;
}

function checkIdxHeader(fd: number, path: string, maxBytes: number): CheckedIdx {
  const prefix = readPrefix(fd, Math.max(IDX_MAX_HEADER_BYTES, HEADER_SEARCH_BYTES));
  const gzipped = isGzip(prefix);
  const header = parseIdxHeader(gzipped ? gunzipPrefix(prefix, path) : prefix, path);
  const declared = `shape [${header.shape.join(', ')}] of ${header.type}: ${header.totalBytes} bytes`;
  if (header.totalBytes > maxBytes)
    throw new DataLimitError(path, `its header declares ${declared}`, 'maxBytes', maxBytes);
  if (!gzipped) {
    const size = fstatSync(fd).size;
    if (size !== header.totalBytes) {
      throw new RangeError(
        `backprop: ${path}: its header declares ${declared} with the header; the file has ${size}${size < header.totalBytes ? ' (truncated?)' : ''}`,
      );
    }
  }
  const tooLarge = (): Error =>
    new RangeError(
      `backprop: ${path}: its header declares ${declared} with the header, but it un-gzips to more; the file is damaged or not an IDX file`,
    );
  return { header, gzipped, tooLarge };
}

/**
 * Loads one IDX file (gzipped or not). The header is read first and the size it declares checked against
 * `maxBytes` and against the file: a plain file must be exactly that size, and un-gzipping stops as soon
 * as more than that comes out, so a small gzip bomb cannot fill the memory.
 */
export function loadIdx(path: string, options: Pick<DataLimits, 'maxBytes'> = {}): IdxArray {
  const { maxBytes } = resolveLimits(options);
  return withFile(path, (fd) => {
    const { header, gzipped, tooLarge } = checkIdxHeader(fd, path, maxBytes);
    const whole = readWhole(fd, path, maxBytes);
    return parseIdx(gzipped ? gunzipAtMost(whole, path, header.totalBytes, tooLarge, header.totalBytes) : whole, path);
  });
}

/**
 * loadIdx, with a gzipped file un-gzipped as it streams from disk, so the compressed file is never held whole
 * beside its values (Fashion-MNIST's training images: 26 MB beside 47 MB). The same checks and errors as
 * loadIdx.
 */
export async function loadIdxAsync(path: string, options: Pick<DataLimits, 'maxBytes'> = {}): Promise<IdxArray> {
  const { maxBytes } = resolveLimits(options);
  const { header, gzipped, tooLarge } = withFile(path, (fd) => checkIdxHeader(fd, path, maxBytes));
  if (!gzipped) return loadIdx(path, options);
  // Kept here: the stream's own error is not the one to report when the output passed the declared size.
  let overflow: Error | undefined;
  const onOverflow = (): Error => (overflow = tooLarge());
  let bytes: Uint8Array;
  try {
    bytes = await withFileAsync(path, (fd) => gunzipInto(fd, header.totalBytes, onOverflow));
  } catch (error) {
    if (overflow) throw overflow;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') throw openError(path, error);
    throw new Error(`backprop: ${path} looks gzipped but does not un-gzip: ${(error as Error).message}`);
  }
  // A short stream fails in parseIdx, naming the sizes, as loadIdx's does.
  return parseIdx(bytes, path);
}

/** withFile for an asynchronous `use`: the file is closed once its promise settles. */
async function withFileAsync<T>(path: string, use: (fd: number) => Promise<T>): Promise<T> {
  const fd = openForReading(path);
  try {
    return await use(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Un-gzips the open file `fd`: at most `size` bytes (the error `tooLarge` makes is thrown as soon as more
 * come out), fewer when the stream is shorter.
 *
 * It makes no garbage the size of the file: the compressed bytes are read into one reused buffer (a read
 * stream makes a new 64 KiB buffer per read), and zlib writes into one output buffer of `outputChunk` bytes,
 * by default size + 1 (the extra byte shows an overlong stream), whose pieces are then views of it, so the
 * values are neither copied nor held twice. A smaller `outputChunk` (tests) makes zlib start new buffers,
 * whose pieces are copied into one of `size` bytes. Thousands of freed 16 and 64 KiB buffers, returned only
 * at a later garbage collection, had raised the peak memory of loading Fashion-MNIST by about 30 MB
 * beyond its 55 MB of bytes.
 */
export async function gunzipInto(
  fd: number,
  size: number,
  tooLarge: () => Error,
  outputChunk = size + 1,
): Promise<Uint8Array> {
  const gunzip = createGunzip({ chunkSize: Math.max(outputChunk, constants.Z_MIN_CHUNK) });
  // The bytes so far: a view of zlib's output buffer while its pieces follow each other there, else a copy.
  let base: Uint8Array | undefined;
  let copy: Uint8Array | undefined;
  let filled = 0;
  let failure: Error | undefined;
  gunzip.on('data', (piece: Buffer) => {
    if (failure) return;
    if (filled + piece.length > size) {
      failure = tooLarge();
      gunzip.destroy();
      return;
    }
    base ??= piece;
    if (copy === undefined && !(piece.buffer === base.buffer && piece.byteOffset === base.byteOffset + filled)) {
      copy = new Uint8Array(size);
      copy.set(new Uint8Array(base.buffer, base.byteOffset, filled));
    }
    copy?.set(piece, filled);
    filled += piece.length;
  });
  const done = new Promise<void>((resolve, reject) => {
    gunzip.on('end', resolve);
    gunzip.on('close', () => (failure ? reject(failure) : resolve()));
    gunzip.on('error', (error) => reject(failure ?? error));
  });
  // Awaited below; a damaged stream may reject it while a write is still waiting.
  done.catch(() => undefined);
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let position = 0, n; !gunzip.destroyed && (n = readSync(fd, chunk, 0, CHUNK_BYTES, position)) > 0;) {
    position += n;
    // zlib reads the chunk until the write's callback, so the next read waits for it (or for the stream's end:
    // a destroyed stream does not call back).
    await Promise.race([new Promise<void>((resolve) => gunzip.write(chunk.subarray(0, n), () => resolve())), done]);
  }
  if (!gunzip.destroyed) gunzip.end();
  await done;
  if (copy !== undefined) return copy.subarray(0, filled);
  return base === undefined ? new Uint8Array(0) : new Uint8Array(base.buffer, base.byteOffset, filled);
}

/** The un-gzipped start of a gzip stream (however far the compressed prefix reaches). */
function gunzipPrefix(prefix: Uint8Array, path: string): Uint8Array {
  try {
    return gunzipSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch (error) {
    throw new Error(`backprop: ${path} looks gzipped but does not un-gzip: ${(error as Error).message}`);
  }
}
