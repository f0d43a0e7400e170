/**
 * IDX files (the MNIST family's format), parsed from bytes. Platform-neutral; read-file.ts reads and
 * un-gzips files in Node.
 *
 * Layout (big-endian): two zero bytes, a type code, the number of dimensions d, then d uint32 sizes, then
 * the values row-major. Types: 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32, 0x0e float64.
 */

/** The values of an IDX file, in the typed array of its type code. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An IDX file parsed: its shape and its values. */
export interface IdxArray {
  /** The size of each dimension: [count] for labels, [count, rows, cols] for images. */
  readonly shape: readonly number[];
  /** The values, row-major, in the file's own type (uint8 stays uint8: no copy for MNIST images). */
  readonly data: IdxData;
}

const TYPES: Record<number, { name: string; bytes: number }> = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
};

/** An IDX file's header, read before its values. */
export interface IdxHeader {
  /** The type code (08, 09, 0b, 0c, 0d, 0e) and its name and size. */
  readonly code: number;
  /** The type's name: uint8, int8, int16, int32, float32 or float64. */
  readonly type: string;
  /** The size of one value in bytes. */
  readonly bytesPerValue: number;
  /** The size of each dimension. */
  readonly shape: readonly number[];
  /** The header's size in bytes: where the values start. */
  readonly headerBytes: number;
  /** The whole file's size as the header declares it: header plus every value. */
  readonly totalBytes: number;
}

/** The most bytes an IDX header can take: 4, then four per dimension, at most 255 dimensions. */
export const IDX_MAX_HEADER_BYTES = 4 + 4 * 255;

/**
 * Reads the header at the start of `bytes` (the rest of the file may be absent), so the sizes it declares
 * can be checked before the values are read or un-gzipped.
 */
export function parseIdxHeader(bytes: Uint8Array, source = 'IDX data'): IdxHeader {
  if (bytes.length < 4)
    throw new RangeError(`backprop: ${source} is not an IDX file: ${bytes.length} bytes, the header alone needs 4`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gz =
      bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (it is gzipped: read it with readDataFile, which un-gzips)' : '';
    throw new RangeError(
      `backprop: ${source} is not an IDX file: it must start with two zero bytes; got 0x${hex(bytes[0])} 0x${hex(bytes[1])}${gz}`,
    );
  }
  const type = TYPES[bytes[2]];
  if (!type)
    throw new RangeError(
      `backprop: ${source}: unknown IDX type code 0x${hex(bytes[2])}; expected one of 08, 09, 0b, 0c, 0d, 0e`,
    );
  const dims = bytes[3];
  if (dims === 0) throw new RangeError(`backprop: ${source}: an IDX file needs at least one dimension; got 0`);
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < headerBytes)
    throw new RangeError(
      `backprop: ${source} is truncated: its header needs ${headerBytes} bytes; got ${bytes.length}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < dims; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    shape.push(size);
    count *= size;
  }
  return {
    code: bytes[2],
    type: type.name,
    bytesPerValue: type.bytes,
    shape,
    headerBytes,
    totalBytes: headerBytes + count * type.bytes,
  };
}

/** Parses one IDX file's bytes; throws naming `source` when the bytes are not a whole IDX file. */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxArray {
  const header = parseIdxHeader(bytes, source);
  const { shape, headerBytes, totalBytes } = header;
  // Check the size against the bytes present before allocating anything: a hostile header cannot make us
  // allocate more than the file holds.
  if (bytes.length !== totalBytes) {
    throw new RangeError(
      `backprop: ${source}: shape [${shape.join(', ')}] of ${header.type} needs ${totalBytes} bytes; the file has ${bytes.length}` +
        (bytes.length < totalBytes ? ' (truncated?)' : ''),
    );
  }
  const count = (totalBytes - headerBytes) / header.bytesPerValue;
  return { shape, data: decode(header.code, bytes.subarray(headerBytes), count) };
}

function decode(code: number, body: Uint8Array, count: number): IdxData {
  if (code === 0x08) return body;
  if (code === 0x09) return new Int8Array(body.buffer, body.byteOffset, count);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  switch (code) {
    case 0x0b: {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, false);
      return out;
    }
    case 0x0c: {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, false);
      return out;
    }
    case 0x0d: {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, false);
      return out;
    }
    default: {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, false);
      return out;
    }
  }
}

/** Writes an IDX file's bytes (uint8 or float32 values); used by tests and by tools that export data. */
export function encodeIdx(shape: readonly number[], data: Uint8Array | Float32Array): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new RangeError(`backprop: encodeIdx: shape [${shape.join(', ')}] needs ${count} values; got ${data.length}`);
  const float = data instanceof Float32Array;
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + data.length * (float ? 4 : 1));
  const view = new DataView(out.buffer);
  out[2] = float ? 0x0d : 0x08;
  out[3] = shape.length;
  shape.forEach((size, d) => view.setUint32(4 + 4 * d, size, false));
  if (float) data.forEach((v, i) => view.setFloat32(headerBytes + 4 * i, v, false));
  else out.set(data, headerBytes);
  return out;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
