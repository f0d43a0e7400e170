// gunzipInto: un-gzipping an open file into one buffer of a known size, whether zlib's pieces are views of
// one output buffer (the default) or come in many buffers that must be copied (a small output chunk).
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipInto } from '../../src/data/read-file.js';

function withGzipFile<T>(bytes: Uint8Array, use: (fd: number) => Promise<T>): Promise<T> {
  const file = join(mkdtempSync(join(tmpdir(), 'backprop-gunzip-')), 'data.gz');
  writeFileSync(file, bytes);
  const fd = openSync(file, 'r');
  return use(fd).finally(() => closeSync(fd));
}

describe('gunzipInto', () => {
  // 300 KB in two gzip members (gzip allows several), over several 64 KiB reads of the compressed file.
  const values = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) % 251);
  const gz = Buffer.concat([gzipSync(values.subarray(0, 123_457), { level: 1 }), gzipSync(values.subarray(123_457))]);
  const tooLarge = () => new RangeError('too large');

  for (const outputChunk of [undefined, 64, 1000, 150_000]) {
    it(`gives the stream's bytes with zlib output chunks of ${outputChunk ?? 'the whole size + 1'}`, async () => {
      const got = await withGzipFile(gz, (fd) => gunzipInto(fd, values.length, tooLarge, outputChunk));
      expect(got.length).toBe(values.length);
      expect(Buffer.from(got).equals(values)).toBe(true);
      // Room for more than the stream holds: the bytes that came, no more.
      const roomy = await withGzipFile(gz, (fd) => gunzipInto(fd, values.length + 10, tooLarge, outputChunk));
      expect(Buffer.from(roomy).equals(values)).toBe(true);
    });

    it(`stops with the caller's error once more than the size comes out (output chunks ${outputChunk ?? 'whole'})`, async () => {
      await expect(withGzipFile(gz, (fd) => gunzipInto(fd, values.length - 1, tooLarge, outputChunk))).rejects.toThrow(
        'too large',
      );
    });
  }

  it('passes on zlib errors of a damaged stream', async () => {
    const damaged = Buffer.concat([gz.subarray(0, 40), Buffer.alloc(40, 0xff)]);
    await expect(withGzipFile(damaged, (fd) => gunzipInto(fd, values.length, tooLarge))).rejects.toThrow(
      /invalid|incorrect|unknown/i,
    );
  });

  it('gives no bytes for an empty gzip stream', async () => {
    const got = await withGzipFile(gzipSync(new Uint8Array(0)), (fd) => gunzipInto(fd, 10, tooLarge));
    expect(got.length).toBe(0);
  });
});
