// Node only: one single-file container as a file, `model.save('my-model.bpmodel')` and
// `loadModel('my-model.bpmodel')` (the file a browser download gives). The file is written as a folder's
// files are: to a temporary file, flushed, renamed over the old one, and the folder flushed. It is read
// header first, so that its sizes are checked against the topology before the weights are read.
import { open } from 'node:fs/promises';
import { ModelFormatError } from '../../errors.js';
import type { LoadOptions } from '../format.js';
import { completeLoad, planLoad } from '../load-plan.js';
import type { Sequential } from '../sequential.js';
import { CONTAINER_EXTENSION, CONTAINER_HEADER_BYTES, parseContainerJson, readContainerHeader } from './container.js';

/** Whether a save path names a single-file container rather than a folder. */
export function isContainerPath(path: string): boolean {
  return path.endsWith(CONTAINER_EXTENSION);
}

function fail(message: string): never {
  throw new ModelFormatError(`backprop: cannot load the model: ${message}`);
}

/** Loads the container file at `path`. */
export async function loadContainerFile(path: string, options: LoadOptions): Promise<Sequential> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    fail(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const size = (await handle.stat()).size;
    const read = async (length: number, position: number): Promise<Uint8Array> => {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle.read(bytes, 0, length, position);
      return bytes.subarray(0, bytesRead);
    };
    const header = readContainerHeader(await read(CONTAINER_HEADER_BYTES, 0), path);
    const total = CONTAINER_HEADER_BYTES + header.jsonBytes + header.weightsBytes;
    if (size !== total)
      fail(
        `${path} is ${size} bytes; its header says ${total} (${size < total ? 'truncated' : 'extra data'}: wrong or damaged file)`,
      );
    const json = await read(header.jsonBytes, CONTAINER_HEADER_BYTES);
    const plan = planLoad(parseContainerJson(json, header, path), options);
    if (header.weightsBytes !== plan.expectedBytes)
      fail(
        `${path} says its weights are ${header.weightsBytes} bytes; the topology in its model.json needs ${plan.expectedBytes}`,
      );
    const weights = await read(plan.expectedBytes, CONTAINER_HEADER_BYTES + header.jsonBytes);
    return completeLoad(plan, weights, `${path} (its weights)`);
  } finally {
    await handle.close();
  }
}
