// The corrupted-model-file fuzzer, run in a child process per backend by corrupt-model.test.ts (or by
// hand: BACKPROP_BACKEND=wasm node --expose-gc --import ./test/reliability/ts-register.mjs test/reliability/corrupt-model.child.ts).
// Saves a few real models (every layer kind, every optimizer, with optimizer state), loads every seeded
// corruption of them (model-file-corruptions.ts) from memory or from a directory, and judges each: it
// loads (then it must predict, and hold exactly the saved weights when weights.bin was intact) or it
// throws ModelFormatError with a backprop message. Environment: FUZZ_SEED, FUZZ_WRONG_PER_FIELD.
// Prints JSON lines: { t: 'call' } before each load, { t: 'finding' }, { t: 'done' } with counts and RSS.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  constraints,
  getBackend,
  initializers,
  layers,
  loadModel,
  ModelFormatError,
  optimizers,
  regularizers,
  sequential,
  type ModelArtifacts,
  type Sequential,
} from '../../src/index.js';
import { Random } from '../../src/random.js';
import { emit } from './child-output.js';
import { KNOWN_MODEL_FILE_BUGS } from './known-bugs.js';
import { type Corruption, corruptions } from './model-file-corruptions.js';
import { ENGINE_ERROR, type Finding, judgeError } from './verdict.js';

const seed = Number(process.env.FUZZ_SEED ?? 1);
const wrongPerField = Number(process.env.FUZZ_WRONG_PER_FIELD ?? 3);
const rng = new Random(seed);
const features = 4;

function randomRows(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-1, 1)));
}

/** Real models: every layer kind and optimizer, trained a little, saved with their optimizer state. */
async function savedModels(): Promise<{ name: string; artifacts: ModelArtifacts }[]> {
  const x = randomRows(16, features);
  const oneHot = x.map((_, i) => [0, 1, 2].map((c) => (c === i % 3 ? 1 : 0)));
  const out: { name: string; artifacts: ModelArtifacts }[] = [];
  const train = async (
    name: string,
    model: Sequential,
    y: number[][] | number[],
    compile: Parameters<Sequential['compile']>[0] | null,
  ) => {
    if (compile) {
      model.compile(compile);
      await model.fit(x, y as number[][], { epochs: 2, batchSize: 4, verbose: 0, seed: 1 });
    }
    out.push({ name, artifacts: await model.save(undefined, { includeOptimizer: compile !== null }) });
  };
  await train(
    'dense-bn-dropout-residual/adam',
    sequential({
      seed: 1,
      layers: [
        layers.dense({
          inputShape: [features],
          units: 6,
          activation: 'relu',
          kernelInitializer: 'heNormal',
          kernelRegularizer: regularizers.l2({ l2: 1e-3 }),
          kernelConstraint: constraints.maxNorm({ maxValue: 2 }),
        }),
        layers.batchNormalization({ momentum: 0.9 }),
        layers.dropout({ rate: 0.2 }),
        layers.residual({ layers: [layers.dense({ units: 6, activation: 'tanh' })], activation: 'relu' }),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
    oneHot,
    {
      optimizer: optimizers.adam({ learningRate: 0.01, clipNorm: 1 }),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
  );
  await train(
    'activation-projection/sgd-momentum',
    sequential({
      seed: 2,
      layers: [
        layers.dense({
          inputShape: [features],
          units: 5,
          biasInitializer: initializers.constant({ value: 0.1 }),
          biasRegularizer: regularizers.l1({ l1: 1e-4 }),
        }),
        layers.activation({ activation: 'leakyRelu', alpha: 0.2 }),
        layers.residual({
          layers: [layers.dense({ units: 3, activation: 'elu' }), layers.batchNormalization()],
          projectionInitializer: 'glorotNormal',
        }),
        layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
    x.map((_, i) => [i % 2]),
    { optimizer: optimizers.sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }), loss: 'binaryCrossentropy' },
  );
  await train(
    'sparse/rmsprop-schedule',
    sequential({
      seed: 3,
      layers: [
        layers.dense({
          inputShape: [features],
          units: 4,
          activation: 'gelu',
          kernelInitializer: initializers.randomUniform({ minval: -0.5, maxval: 0.5 }),
        }),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
    x.map((_, i) => i % 3),
    {
      optimizer: optimizers.rmsprop({
        learningRate: optimizers.schedules.exponentialDecay({
          initialLearningRate: 0.01,
          decaySteps: 5,
          decayRate: 0.9,
        }),
      }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['acc'],
    },
  );
  await train(
    'adagrad-adamw',
    sequential({ seed: 4, layers: [layers.dense({ inputShape: [features], units: 2, activation: 'linear' })] }),
    x.map((r) => [r[0], r[1]]),
    { optimizer: optimizers.adagrad({ learningRate: 0.1 }), loss: 'meanSquaredError', metrics: ['mae'] },
  );
  await train(
    'uncompiled',
    sequential({
      seed: 5,
      layers: [
        layers.dense({ inputShape: [features], units: 3 }),
        layers.batchNormalization(),
        layers.dense({ units: 2 }),
      ],
    }),
    [],
    null,
  );
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'backprop-corrupt-'));
const findings: Finding[] = [];
const probe = randomRows(2, features);
let loads = 0,
  loaded = 0,
  rejected = 0,
  current = 0;

function finding(call: string, problem: string): void {
  const known = KNOWN_MODEL_FILE_BUGS.find((k) => k.matches(call, problem))?.id;
  const f = { caseIndex: current, call, problem, known };
  findings.push(f);
  emit({ t: 'finding', ...f });
}

/** Loads one corruption and judges the outcome. */
async function check(name: string, c: Corruption, savedValues: Float32Array): Promise<void> {
  const call = `${name}: ${c.what}`;
  emit({ t: 'call', i: current, c: call });
  loads++;
  let model: Sequential;
  try {
    if (c.jsonText !== undefined) {
      const target = join(dir, `m${current}`);
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, 'model.json'), c.jsonText, 'latin1');
      writeFileSync(join(target, 'weights.bin'), c.weights);
      try {
        model = await loadModel(target);
      } finally {
        rmSync(target, { recursive: true, force: true });
      }
    } else {
      model = await loadModel({ modelJson: c.json, weights: c.weights } as ModelArtifacts);
    }
  } catch (error) {
    rejected++;
    const problem = judgeError(error);
    if (problem) finding(call, problem);
    else if (!(error instanceof ModelFormatError))
      finding(call, `threw ${(error as Error).name}, not ModelFormatError: ${(error as Error).message.slice(0, 500)}`);
    return;
  }
  loaded++;
  if (c.mustFail) finding(call, 'loaded a file that cannot be a valid save');
  try {
    const out = model.predict(probe);
    if (out.shape[0] !== probe.length)
      finding(call, `the loaded model predicts ${out.shape[0]} rows for ${probe.length}`);
    if (c.weightsIntact) {
      const held = model.snapshotWeights();
      if (held.length !== savedValues.length || held.some((v, i) => !Object.is(v, savedValues[i])))
        finding(call, 'loaded, but does not hold the saved weights');
    }
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (!(error instanceof Error) || ENGINE_ERROR.test(error.message) || !/^backprop\b/.test(error.message))
      finding(call, `loaded, then predict threw ${message.slice(0, 500)}`);
  } finally {
    model.dispose?.();
  }
}

/** loadModel called with things that are not a model at all. */
async function badSources(models: { artifacts: ModelArtifacts }[]): Promise<void> {
  const sources: [string, unknown][] = [
    ['null', null],
    ['3', 3],
    ['{}', {}],
    ['a missing directory', join(dir, 'missing')],
    ['an empty directory', dir],
    ['{ modelJson: null, weights }', { modelJson: null, weights: new Uint8Array(16) }],
  ];
  // A model.json beyond the 16 MiB limit (valid JSON: a model padded with spaces).
  const big = join(dir, 'big');
  mkdirSync(big);
  writeFileSync(join(big, 'model.json'), `${JSON.stringify(models[0].artifacts.modelJson)}${' '.repeat(17 * 2 ** 20)}`);
  writeFileSync(join(big, 'weights.bin'), models[0].artifacts.weights);
  sources.push(['a directory with a 17 MiB model.json', big]);
  for (const [what, source] of sources) {
    current++;
    emit({ t: 'call', i: current, c: `loadModel(${what})` });
    loads++;
    try {
      await loadModel(source as string);
      finding(`loadModel(${what})`, 'loaded something that is not a model');
    } catch (error) {
      rejected++;
      const problem = judgeError(error);
      if (problem) finding(`loadModel(${what})`, problem);
    }
  }
}

const started = Date.now();
const models = await savedModels();
const perModel: Record<string, number> = {};
let rssBefore = 0,
  heapBefore = 0;
for (const [index, { name, artifacts }] of models.entries()) {
  const valid = await loadModel(artifacts);
  const savedValues = valid.snapshotWeights().slice();
  valid.dispose?.();
  perModel[name] = 0;
  for (const c of corruptions(artifacts, rng, wrongPerField)) {
    current++;
    perModel[name]++;
    await check(name, c, savedValues);
  }
  // The weights in other kinds of containers: a Node Buffer is a Uint8Array and loads; the others are refused.
  current++;
  await check(
    name,
    {
      what: 'weights as a Node Buffer',
      json: artifacts.modelJson,
      weights: Buffer.from(artifacts.weights),
      mustFail: false,
      weightsIntact: true,
    },
    savedValues,
  );
  for (const weights of [
    Array.from(artifacts.weights),
    artifacts.weights.buffer,
    new DataView(artifacts.weights.buffer),
    'weights',
    null,
  ]) {
    current++;
    await check(
      name,
      {
        what: `weights as ${weights === null ? 'null' : Array.isArray(weights) ? 'an Array' : typeof weights === 'string' ? 'a string' : weights.constructor.name}`,
        json: artifacts.modelJson,
        weights: weights as unknown as Uint8Array,
        mustFail: true,
        weightsIntact: false,
      },
      savedValues,
    );
  }
  if (index === 0) {
    // The first model's corruptions warm up the JIT and the allocators; growth over the others would be a leak.
    globalThis.gc?.();
    rssBefore = process.memoryUsage().rss;
    heapBefore = process.memoryUsage().heapUsed;
  }
}
globalThis.gc?.();
const rssAfter = process.memoryUsage().rss;
const heapAfter = process.memoryUsage().heapUsed;
await badSources(models);
rmSync(dir, { recursive: true, force: true });
emit({
  t: 'done',
  backend: getBackend().name,
  loads,
  loaded,
  rejected,
  perModel,
  ms: Date.now() - started,
  rssBeforeMB: Math.round(rssBefore / 2 ** 20),
  rssAfterMB: Math.round(rssAfter / 2 ** 20),
  heapBeforeMB: Math.round(heapBefore / 2 ** 20),
  heapAfterMB: Math.round(heapAfter / 2 ** 20),
  findings: findings.length,
});
