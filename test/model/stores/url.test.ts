// loadModel(url) against a real HTTP server (node:http on a free port): a saved folder's model.json and the
// weights file it names, a single-file container, a redirect, and every way a server can answer wrongly,
// each refused with an error naming the URL, the HTTP status or the sizes.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layers, loadModel, ModelFormatError, sequential, type Sequential } from '../../../src/index.js';

interface Route {
  status?: number;
  body: Uint8Array | string;
  /** Sent without Content-Length (chunked), as a server streaming a file of unknown size does. */
  chunked?: boolean;
  location?: string;
}

const routes = new Map<string, Route>();
let server: Server;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'backprop-url-'));

function build(): Sequential {
  const model = sequential({
    seed: 8,
    layers: [
      layers.dense({ inputShape: [3], units: 5, activation: 'relu' }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  return model;
}

const x = [
  [0.1, -0.4, 2],
  [1, 0.5, -1],
];
const model = build();
let weightsName: string;
let modelJson: string;
let weights: Uint8Array;

beforeAll(async () => {
  await model.save(join(dir, 'saved'));
  modelJson = readFileSync(join(dir, 'saved', 'model.json'), 'utf8');
  weightsName = readdirSync(join(dir, 'saved')).find((f) => f.startsWith('weights-')) as string;
  weights = new Uint8Array(readFileSync(join(dir, 'saved', weightsName)));
  const serve = (folder: string, w: Route): void => {
    routes.set(`/${folder}/model.json`, { body: modelJson });
    routes.set(`/${folder}/${weightsName}`, w);
  };
  serve('plain', { body: weights });
  serve('chunked', { body: weights, chunked: true });
  serve('short', { body: weights.subarray(0, weights.length - 3) });
  serve('short-chunked', { body: weights.subarray(0, weights.length - 3), chunked: true });
  const longer = new Uint8Array(weights.length + 5);
  longer.set(weights);
  serve('long-chunked', { body: longer, chunked: true });
  const flipped = weights.slice();
  flipped[weights.length - 1] ^= 1;
  serve('corrupt', { body: flipped });
  serve('gone', { status: 404, body: 'not here' });
  routes.set('/moved/model.json', { status: 302, body: '', location: '/plain/model.json' });
  routes.set('/html/model.json', { body: '<!doctype html><title>Not found</title>' });
  routes.set('/huge/model.json', { body: ' '.repeat(17 * 1024 * 1024), chunked: true });
  routes.set('/broken', { status: 500, body: 'oops' });
  const container = model.toBytes();
  routes.set('/one.bpmodel', { body: container });
  routes.set('/one-chunked.bpmodel', { body: container, chunked: true });
  routes.set('/one-short.bpmodel', { body: container.subarray(0, container.length - 1), chunked: true });
  const extra = new Uint8Array(container.length + 1);
  extra.set(container);
  routes.set('/one-long.bpmodel', { body: extra, chunked: true });

  server = createServer((request, response) => {
    const route = routes.get(request.url ?? '');
    if (!route) {
      response.writeHead(404, 'Not Found').end();
      return;
    }
    response.on('error', () => undefined);
    const body = typeof route.body === 'string' ? Buffer.from(route.body) : Buffer.from(route.body);
    const headers: Record<string, string | number> = {};
    if (route.location) headers.location = route.location;
    if (!route.chunked) headers['content-length'] = body.length;
    response.writeHead(route.status ?? 200, headers);
    if (route.chunked) {
      // In several writes, so the body arrives in several chunks.
      for (let at = 0; at < body.length; at += 1000) response.write(body.subarray(at, at + 1000));
    } else response.write(body);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function expectSame(loaded: Sequential): Promise<void> {
  expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
}

async function loadError(url: string | URL): Promise<Error> {
  const error = await loadModel(url).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `loading ${String(url)} should fail`).toBeInstanceOf(ModelFormatError);
  return error as Error;
}

describe('loadModel(url)', () => {
  it('model.json and the weights file it names, relative to the JSON (string or URL, any body chunking)', async () => {
    await expectSame(await loadModel(`${base}/plain/model.json`));
    await expectSame(await loadModel(new URL('/plain/model.json', base)));
    await expectSame(await loadModel(`${base}/chunked/model.json`));
  });

  it('a redirect: the weights are resolved against where model.json came from', async () => {
    await expectSame(await loadModel(`${base}/moved/model.json`));
  });

  it('a single-file container, whole or in chunks', async () => {
    await expectSame(await loadModel(`${base}/one.bpmodel`));
    await expectSame(await loadModel(`${base}/one-chunked.bpmodel`));
  });

  it('an HTTP error names the URL and the status', async () => {
    expect((await loadError(`${base}/nothing/model.json`)).message).toBe(
      `backprop: cannot load the model: ${base}/nothing/model.json answered HTTP 404 Not Found`,
    );
    expect((await loadError(`${base}/broken`)).message).toMatch(/\/broken answered HTTP 500 Internal Server Error$/);
    expect((await loadError(`${base}/gone/model.json`)).message).toMatch(
      new RegExp(`/gone/${weightsName} answered HTTP 404`),
    );
  });

  it('a server that does not answer names the URL and the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await loadError(`http://127.0.0.1:${port}/model.json`)).message).toMatch(
      new RegExp(`http://127.0.0.1:${port}/model.json cannot be fetched \\(.*ECONNREFUSED`),
    );
  });

  it('wrong sizes: from Content-Length before reading, or as the body runs short or long', async () => {
    const n = weights.length;
    expect((await loadError(`${base}/short/model.json`)).message).toMatch(
      new RegExp(`/short/${weightsName} is ${n - 3} bytes; the topology in model.json needs exactly ${n} \\(truncated`),
    );
    expect((await loadError(`${base}/short-chunked/model.json`)).message).toMatch(
      new RegExp(`/short-chunked/${weightsName} ended after ${n - 3} of ${n} bytes \\(truncated\\)`),
    );
    expect((await loadError(`${base}/long-chunked/model.json`)).message).toMatch(
      new RegExp(`/long-chunked/${weightsName} is longer than the ${n} bytes the topology needs`),
    );
    expect((await loadError(`${base}/one-short.bpmodel`)).message).toMatch(
      /one-short.bpmodel \(its weights\) ended after/,
    );
    expect((await loadError(`${base}/one-long.bpmodel`)).message).toMatch(/one-long.bpmodel is longer than/);
  });

  it('a corrupt weights file fails its checksum; HTML or a huge body is not taken for model.json', async () => {
    expect((await loadError(`${base}/corrupt/model.json`)).message).toMatch(
      new RegExp(`/corrupt/${weightsName} checksum is [0-9a-f]{8} but model.json records`),
    );
    expect((await loadError(`${base}/html/model.json`)).message).toMatch(
      /html\/model.json is not valid JSON .*; it looks like HTML: is the URL the model.json\?/,
    );
    expect((await loadError(`${base}/huge/model.json`)).message).toMatch(
      /huge\/model.json is more than 16777216 bytes; a model.json is at most that/,
    );
  });
});
