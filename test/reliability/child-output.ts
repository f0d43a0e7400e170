// The JSON-lines channel of a fuzzer child process: one event per line on stdout, written synchronously so
// that the last line before a crash is not lost in a buffer. The parent reads through a non-blocking pipe,
// so a write may find it full (EAGAIN): then wait a millisecond and write the rest.
import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

export function emit(event: Record<string, unknown>): void {
  const bytes = Buffer.from(`${JSON.stringify(event)}\n`);
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
