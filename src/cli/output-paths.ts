/**
 * Checks, before any training, that `backprop train` will be able to write its outputs: an hour of
 * training must not end in "cannot write". A path may not exist yet (it is created, with its folders);
 * then its nearest existing ancestor must be a folder this process may write to.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** An output path that cannot be written; main.ts prints it and exits with 1. */
export class OutputPathError extends Error {
  override name = 'OutputPathError';
}

function kind(path: string): 'missing' | 'directory' | 'other' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    // ENOTDIR: a file is in the way, which the check of the nearest existing ancestor reports.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'other';
  }
}

function writable(path: string, mode = constants.W_OK): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** For a path that does not exist: the folder that would be created under, checked. */
function checkCreatable(path: string, option: string): void {
  let ancestor = dirname(resolve(path));
  while (kind(ancestor) === 'missing' && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  if (kind(ancestor) !== 'directory') {
    throw new OutputPathError(`backprop: ${option} ${path} cannot be created: ${ancestor} is not a directory`);
  }
  if (!writable(ancestor, constants.W_OK | constants.X_OK)) {
    throw new OutputPathError(
      `backprop: ${option} ${path} cannot be created: the directory ${ancestor} is not writable`,
    );
  }
}

/** A file to write (--plot): an existing file must be writable; a missing one creatable. */
export function checkOutputFile(path: string, option: string): void {
  const found = kind(path);
  if (found === 'directory')
    throw new OutputPathError(`backprop: ${option} ${path} is a directory; expected a file name`);
  if (found === 'missing') {
    checkCreatable(path, option);
    return;
  }
  if (!writable(path)) throw new OutputPathError(`backprop: ${option} ${path} is a file that is not writable`);
}

/** A folder to write into (--save): an existing one must be a writable folder; a missing one creatable. */
export function checkOutputDirectory(path: string, option: string): void {
  const found = kind(path);
  if (found === 'missing') {
    checkCreatable(path, option);
    return;
  }
  if (found === 'other') throw new OutputPathError(`backprop: ${option} ${path} exists and is not a directory`);
  if (!writable(path, constants.W_OK | constants.X_OK))
    throw new OutputPathError(`backprop: ${option} ${path} is a directory that is not writable`);
}
