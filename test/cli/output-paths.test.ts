import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputPathError, checkOutputDirectory, checkOutputFile } from '../../src/cli/output-paths.js';

describe('output paths checked before training', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-out-'));
  writeFileSync(join(dir, 'file'), '');
  mkdirSync(join(dir, 'folder'));

  it('accepts existing folders and files, and paths whose folders can be created', () => {
    expect(() => checkOutputFile(join(dir, 'file'), '--plot')).not.toThrow();
    expect(() => checkOutputFile(join(dir, 'new/deeper/c.svg'), '--plot')).not.toThrow();
    expect(() => checkOutputFile('relative.svg', '--plot')).not.toThrow();
    expect(() => checkOutputDirectory(join(dir, 'folder'), '--save')).not.toThrow();
    expect(() => checkOutputDirectory(join(dir, 'new/model'), '--save')).not.toThrow();
  });

  it('refuses a file where a folder must be, and a folder where a file must be', () => {
    expect(() => checkOutputDirectory(join(dir, 'file'), '--save')).toThrow(OutputPathError);
    expect(() => checkOutputDirectory(join(dir, 'file'), '--save')).toThrow(
      `--save ${join(dir, 'file')} exists and is not a directory`,
    );
    expect(() => checkOutputDirectory(join(dir, 'file/model'), '--save')).toThrow(
      `cannot be created: ${join(dir, 'file')} is not a directory`,
    );
    expect(() => checkOutputFile(join(dir, 'file/x/c.svg'), '--plot')).toThrow(
      `--plot ${join(dir, 'file/x/c.svg')} cannot be created: ${join(dir, 'file')} is not a directory`,
    );
    expect(() => checkOutputFile(join(dir, 'folder'), '--plot')).toThrow(
      `--plot ${join(dir, 'folder')} is a directory; expected a file name`,
    );
  });
});
