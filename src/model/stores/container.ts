// The single-file form of a saved model (docs/model-format.md, "The single-file container"): a 24-byte
// header, model.json in UTF-8, then the weights file exactly as a folder holds it. model.toBytes() writes
// it, loadModel(bytes) reads it, and IndexedDB, downloads and URLs carry it unchanged.
import { describeValue } from '../../describe-value.js';
import { ModelFormatError } from '../../errors.js';
import { crc32 } from '../crc32.js';
import { MAX_MODEL_JSON_BYTES, type ModelArtifacts, WEIGHTS_MAGIC } from '../format.js';

export const CONTAINER_MAGIC = 'BPMF';
export const CONTAINER_VERSION = 1;
export const CONTAINER_HEADER_BYTES = 24;
/** The file name extension of a container, as a download names it. */
export const CONTAINER_EXTENSION = '.bpmodel';

function fail(source: string, message: string): never {
  throw new ModelFormatError(`backprop: cannot load the model: ${source} ${message}`);
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Whether these bytes start as a container does (the first 4 bytes are enough). */
export function startsAsContainer(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) === CONTAINER_MAGIC;
}

/** One container holding model.json and the weights file of these artifacts. */
export function artifactsToBytes(artifacts: ModelArtifacts): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(artifacts.modelJson));
  const weights = artifacts.weights;
  const bytes = new Uint8Array(CONTAINER_HEADER_BYTES + json.length + weights.length);
  for (let i = 0; i < 4; i++) bytes[i] = CONTAINER_MAGIC.charCodeAt(i);
  const header = new DataView(bytes.buffer);
  header.setUint32(4, CONTAINER_VERSION, true);
  header.setUint32(8, json.length, true);
  header.setUint32(12, crc32(json), true);
  header.setUint32(16, weights.length, true);
  header.setUint32(20, 0, true);
  bytes.set(json, CONTAINER_HEADER_BYTES);
  bytes.set(weights, CONTAINER_HEADER_BYTES + json.length);
  return bytes;
}

/** A container's header: where model.json and the weights are. */
export interface ContainerHeader {
  readonly jsonBytes: number;
  readonly jsonCrc32: number;
  readonly weightsBytes: number;
}

/** Reads and checks the header (the first 24 bytes); `source` names the container in errors. */
export function readContainerHeader(head: Uint8Array, source: string): ContainerHeader {
  if (head.length < CONTAINER_HEADER_BYTES)
    fail(source, `is ${head.length} bytes, shorter than the ${CONTAINER_HEADER_BYTES}-byte header of a saved model`);
  if (!startsAsContainer(head)) {
    const magic = String.fromCharCode(head[0], head[1], head[2], head[3]);
    const what =
      magic === WEIGHTS_MAGIC
        ? 'a weights file alone; load it with its model.json as { modelJson, weights }'
        : head[0] === 0x7b
          ? 'JSON, not a single-file model; load model.json with its weights as { modelJson, weights }, or by URL'
          : `not a saved model (it starts with ${describeValue(magic)}, expected "${CONTAINER_MAGIC}")`;
    fail(source, `is ${what}`);
  }
  const view = new DataView(head.buffer, head.byteOffset, CONTAINER_HEADER_BYTES);
  const version = view.getUint32(4, true);
  if (version !== CONTAINER_VERSION)
    fail(
      source,
      `has container version ${version}; this version of backprop reads version ${CONTAINER_VERSION}${version > CONTAINER_VERSION ? ' (it was written by a newer backprop: upgrade)' : ''}`,
    );
  const jsonBytes = view.getUint32(8, true);
  if (jsonBytes > MAX_MODEL_JSON_BYTES)
    fail(source, `says its model.json is ${jsonBytes} bytes; a model.json is at most ${MAX_MODEL_JSON_BYTES}`);
  const reserved = view.getUint32(20, true);
  if (reserved !== 0) fail(source, `has ${reserved} in the header's reserved field, which is always 0: it is corrupt`);
  return { jsonBytes, jsonCrc32: view.getUint32(12, true), weightsBytes: view.getUint32(16, true) };
}

/** Checks model.json's bytes against the header's CRC-32 and parses them. */
export function parseContainerJson(json: Uint8Array, header: ContainerHeader, source: string): unknown {
  const actual = crc32(json);
  if (actual !== header.jsonCrc32)
    fail(
      source,
      `model.json checksum is ${hex(actual)} but the header records ${hex(header.jsonCrc32)}: it is corrupt`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    fail(source, 'model.json is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(source, `model.json is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Splits a whole container into its parsed model.json and the weights file's bytes (not copied). */
export function readContainer(bytes: Uint8Array, source: string): { json: unknown; weights: Uint8Array } {
  const header = readContainerHeader(bytes, source);
  const expected = CONTAINER_HEADER_BYTES + header.jsonBytes + header.weightsBytes;
  if (bytes.length !== expected)
    fail(
      source,
      `is ${bytes.length} bytes; its header says ${expected} (${bytes.length < expected ? 'truncated' : 'extra data'}: wrong or damaged file)`,
    );
  const jsonEnd = CONTAINER_HEADER_BYTES + header.jsonBytes;
  const json = parseContainerJson(bytes.subarray(CONTAINER_HEADER_BYTES, jsonEnd), header, source);
  return { json, weights: bytes.subarray(jsonEnd) };
}
