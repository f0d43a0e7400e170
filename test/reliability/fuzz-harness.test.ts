// The reliability fuzzers are only as good as their judge and their child-process runner: these tests
// show that an engine error, a non-Error or a foreign message is a finding, that a library error is not,
// and that a child that crashes or hangs is reported with its signal or as a timeout, with its last call.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layers, ModelFormatError } from '../../src/index.js';
import { describeExit, runChild } from './child-process.js';
import { judgeError } from './verdict.js';

const dir = mkdtempSync(join(tmpdir(), 'backprop-fuzz-harness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

describe('the fuzz verdict', () => {
  it("accepts the library's own errors", () => {
    let error: unknown;
    try {
      layers.dense({ units: -1 });
    } catch (e) {
      error = e;
    }
    expect(judgeError(error)).toBeUndefined();
    expect(judgeError(new ModelFormatError('backprop: cannot load the model: weights.bin is 3 bytes'))).toBeUndefined();
    expect(judgeError(new TypeError('backprop native: gemm: expected 10 arguments'))).toBeUndefined();
  });

  it('flags engine errors, wrapped or not, non-Errors, empty and foreign messages', () => {
    let engine: unknown;
    try {
      void (undefined as unknown as { x: number }).x;
    } catch (e) {
      engine = e;
    }
    expect(judgeError(engine)).toMatch(/raw engine error/);
    expect(
      judgeError(new ModelFormatError('backprop: saved Dense layer "d" is invalid: x.map is not a function')),
    ).toMatch(/raw engine error/);
    expect(judgeError('a string')).toMatch(/non-Error/);
    expect(judgeError(new Error(''))).toMatch(/empty message/);
    expect(judgeError(new RangeError('Invalid count value: -5'))).toBeDefined();
    expect(judgeError(new Error('something went wrong'))).toMatch(/not written by backprop/);
  });
});

describe('the child-process runner', () => {
  it('reports a crash with its signal and the last call', () => {
    const path = script(
      'crash.mjs',
      `import { writeSync } from 'node:fs';
writeSync(1, JSON.stringify({ t: 'call', i: 7, c: 'the call that crashes' }) + '\\n');
process.kill(process.pid, 'SIGSEGV');`,
    );
    const r = runChild(path, {}, 30_000);
    expect(r.signal).toBe('SIGSEGV');
    expect(describeExit(r)).toMatch(/crashed with SIGSEGV during case 7: the call that crashes/);
  });

  it('reports a hang as a timeout', () => {
    const path = script(
      'hang.mjs',
      `import { writeSync } from 'node:fs';
writeSync(1, JSON.stringify({ t: 'call', i: 3, c: 'the call that hangs' }) + '\\n');
for (;;) {}`,
    );
    const r = runChild(path, {}, 2_000);
    expect(r.timedOut).toBe(true);
    expect(describeExit(r)).toMatch(/hung \(killed after \d+ ms\) during case 3: the call that hangs/);
  });
});
