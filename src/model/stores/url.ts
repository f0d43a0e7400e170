// loadModel('https://host/model.json'): model.json and the weights file it names (resolved against the
// URL model.json came from, as TensorFlow.js resolves its weight paths), or one single-file container.
// What comes is checked as it arrives: sizes against the topology, then the checksums.
import { ModelFormatError } from '../../errors.js';
import { MAX_MODEL_JSON_BYTES, type LoadOptions } from '../format.js';
import { completeLoad, type LoadPlan, planLoad } from '../load-plan.js';
import type { Sequential } from '../sequential.js';
import { BodyReader } from './body-reader.js';
import { CONTAINER_HEADER_BYTES, parseContainerJson, readContainerHeader, startsAsContainer } from './container.js';
import { loadAlternatives, runtimeName } from './runtime.js';

function fail(message: string): never {
  throw new ModelFormatError(`backprop: cannot load the model: ${message}`);
}

async function get(url: URL): Promise<Response> {
  if (typeof globalThis.fetch !== 'function')
    throw new Error(
      `backprop: loading from a URL needs fetch, which ${runtimeName()} does not have; ${loadAlternatives()}`,
    );
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    fail(`${url.href} cannot be fetched (${cause})`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    fail(`${url.href} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  return response;
}

/** Reads exactly `count` bytes of `what` (the weights, the model.json of a container...). */
async function readExactly(body: BodyReader, count: number, what: string): Promise<Uint8Array> {
  const bytes = await body.read(count);
  if (bytes.length < count) fail(`${what} ended after ${bytes.length} of ${count} bytes (truncated)`);
  return bytes;
}

async function expectEnd(body: BodyReader, what: string, expected: number): Promise<void> {
  if (!(await body.atEnd()))
    fail(`${what} is longer than the ${expected} bytes the topology needs (extra data: wrong or damaged file)`);
}

function parseJson(bytes: Uint8Array, url: string): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    const html = /^\s*</.test(text) ? '; it looks like HTML: is the URL the model.json?' : '';
    fail(`${url} is not valid JSON (${error instanceof Error ? error.message : String(error)})${html}`);
  }
}

/** Loads the model at `url`: a model.json (and its weights file) or a single-file container. */
export async function loadFromUrl(url: URL, options: LoadOptions): Promise<Sequential> {
  const response = await get(url);
  const where = response.url || url.href;
  const body = new BodyReader(response);
  const head = await body.read(CONTAINER_HEADER_BYTES);
  if (startsAsContainer(head)) return loadContainer(body, head, where, options);
  const rest = await body.readRest(MAX_MODEL_JSON_BYTES - head.length);
  if (!rest) fail(`${where} is more than ${MAX_MODEL_JSON_BYTES} bytes; a model.json is at most that`);
  const json = new Uint8Array(head.length + rest.length);
  json.set(head);
  json.set(rest, head.length);
  const plan = planLoad(parseJson(json, where), options);
  const weightsUrl = new URL(plan.modelJson.weightsManifest.path, where);
  return completeLoad(plan, await fetchWeights(weightsUrl, plan), weightsUrl.href);
}

async function fetchWeights(url: URL, plan: LoadPlan): Promise<Uint8Array> {
  const response = await get(url);
  const body = new BodyReader(response);
  // Checked before reading, so a wrong file is refused without being downloaded.
  const length = response.headers.get('content-length');
  if (length !== null && Number(length) !== plan.expectedBytes && !response.headers.get('content-encoding')) {
    await body.cancel();
    fail(
      `${url.href} is ${length} bytes; the topology in model.json needs exactly ${plan.expectedBytes} (${Number(length) < plan.expectedBytes ? 'truncated' : 'extra data'}: wrong or damaged file)`,
    );
  }
  const bytes = await readExactly(body, plan.expectedBytes, url.href);
  await expectEnd(body, url.href, plan.expectedBytes);
  return bytes;
}

async function loadContainer(
  body: BodyReader,
  head: Uint8Array,
  where: string,
  options: LoadOptions,
): Promise<Sequential> {
  const header = readContainerHeader(head, where);
  const json = await readExactly(body, header.jsonBytes, `${where} (its model.json)`);
  const plan = planLoad(parseContainerJson(json, header, where), options);
  if (header.weightsBytes !== plan.expectedBytes)
    fail(
      `${where} says its weights are ${header.weightsBytes} bytes; the topology in its model.json needs ${plan.expectedBytes}`,
    );
  const weights = await readExactly(body, plan.expectedBytes, `${where} (its weights)`);
  await expectEnd(body, where, CONTAINER_HEADER_BYTES + header.jsonBytes + plan.expectedBytes);
  return completeLoad(plan, weights, `${where} (its weights)`);
}
