// A kill at any moment of model.save(folder) leaves a folder that loads as the last complete save.
// Child processes (kill-save-child.mjs, on the built package in dist/) save a model into a folder over and
// over; each is SIGKILLed after a seeded random delay, and after every kill the folder must load, hold
// the save the child last reported complete (or the one it was committing), and hold no more than a few
// files (leftovers of the killed save are removed by the next one). Two lanes (folders) run side by side
// to use both cores; the delays span about two saves, so the kills land in every step of a save. A
// second test loads the folder over and over while a child saves into it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { loadModel } from '../../src/index.js';
import { Random } from '../../src/random.js';

const CHILD = fileURLToPath(new URL('./kill-save-child.mjs', import.meta.url));
const ENTRY = new URL('../../dist/src/index.js', import.meta.url).href;
const KILLS_PER_LANE = 50;
const LANES = 2;
/** Kill delays are uniform in [0, MAX_DELAY_MS) after the child is ready; a save takes 5 to 30 ms here. */
const MAX_DELAY_MS = 50;
/** model.json, the current weights file, and at most one weights file and one temporary file of a killed save. */
const MAX_FILES = 4;

const root = mkdtempSync(join(tmpdir(), 'backprop-kill-save-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs one child until it is killed; returns the last save number it reported complete (-1: none). */
async function killedChild(folder: string, index: number, delayMs: number, afterFirstSave = false): Promise<number> {
  // The js backend: the child needs no kernels, and skipping the native addon halves its start-up.
  const child = spawn(process.execPath, [CHILD, ENTRY, folder, String(index)], {
    env: { ...process.env, BACKPROP_BACKEND: 'js' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let timer: NodeJS.Timeout | undefined;
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (timer === undefined && out.includes(afterFirstSave ? 'saved 0\n' : 'ready\n'))
      timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  const [code, signal] = await once(child, 'close');
  if (signal !== 'SIGKILL')
    throw new Error(`kill-save child ${index} ended with code ${code} before it was killed: ${err}`);
  const saves = [...out.matchAll(/^saved (\d+)$/gm)];
  return saves.length === 0 ? -1 : Number(saves[saves.length - 1][1]);
}

/** The (child index, save number) mark of the saved model, or the load error. */
async function loadMark(folder: string): Promise<[number, number] | Error> {
  try {
    const model = await loadModel(folder);
    const bias = model.getWeights().find((w) => w.name.endsWith('/bias'))!.values;
    return [bias[0], bias[1]];
  } catch (error) {
    return error as Error;
  }
}

interface LaneResult {
  kills: number;
  unloadable: string[];
  wrongSave: string[];
  maxFiles: number;
}

async function lane(id: number): Promise<LaneResult> {
  const folder = join(root, `lane-${id}`);
  const random = new Random(20260 + id);
  const result: LaneResult = { kills: 0, unloadable: [], wrongSave: [], maxFiles: 0 };
  // A good save to start from.
  await killedChild(folder, 0, 0, true);
  let previous = await loadMark(folder);
  if (previous instanceof Error) throw previous;
  for (let index = 1; index <= KILLS_PER_LANE; index++) {
    const delay = random.int(MAX_DELAY_MS);
    const last = await killedChild(folder, index, delay);
    result.kills++;
    result.maxFiles = Math.max(result.maxFiles, readdirSync(folder).length);
    const mark = await loadMark(folder);
    if (mark instanceof Error) {
      result.unloadable.push(`kill ${index} (after ${delay} ms): ${mark.message}`);
      continue;
    }
    // The last complete save, or the next one if the kill came between its commit and its report.
    const allowed =
      last < 0
        ? [previous, [index, 0]]
        : [
            [index, last],
            [index, last + 1],
          ];
    if (!allowed.some(([i, n]) => i === mark[0] && n === mark[1])) {
      result.wrongSave.push(
        `kill ${index}: loaded save ${mark.join('/')}, expected one of ${allowed.map((a) => a.join('/')).join(', ')}`,
      );
    }
    previous = mark;
  }
  return result;
}

it(`a folder being saved into survives ${LANES * KILLS_PER_LANE} SIGKILLs at random moments`, async () => {
  const results = await Promise.all(Array.from({ length: LANES }, (_, id) => lane(id)));
  const kills = results.reduce((n, r) => n + r.kills, 0);
  const unloadable = results.flatMap((r) => r.unloadable);
  const wrongSave = results.flatMap((r) => r.wrongSave);
  const maxFiles = Math.max(...results.map((r) => r.maxFiles));
  console.log(
    `kill-save: ${kills} kills, ${unloadable.length} unloadable, ${wrongSave.length} not the last complete save, at most ${maxFiles} files in a folder`,
  );
  expect(unloadable).toEqual([]);
  expect(wrongSave).toEqual([]);
  expect(maxFiles).toBeLessThanOrEqual(MAX_FILES);
}, 300_000);

it('a reader loading while another process saves in a loop always gets a complete save', async () => {
  const folder = join(root, 'reader');
  await killedChild(folder, 0, 0, true);
  const child = spawn(process.execPath, [CHILD, ENTRY, folder, '1'], {
    env: { ...process.env, BACKPROP_BACKEND: 'js' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await once(child.stdout, 'data');
  const failures: string[] = [];
  let loads = 0;
  try {
    // A save commits and then removes the weights file the previous model.json named; a reader between
    // the two reads model.json again.
    for (; loads < 150; loads++) {
      const mark = await loadMark(folder);
      if (mark instanceof Error) failures.push(mark.message);
    }
  } finally {
    child.kill('SIGKILL');
    await once(child, 'close');
  }
  expect(failures).toEqual([]);
}, 120_000);
