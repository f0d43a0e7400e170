/**
 * One backend's run of the inference suite (inference.ts), in its own process:
 *   node dist/src/bench/predict-child.js --backend native|wasm|js
 * Prints two JSON lines: {"suite":"inference",...,"rows":1000,"samplesPerSec":...} and {...,"rows":1,"latencyUs":...}.
 */
import { initBackend, layers, Random, sequential, tensor2d, type Tensor2D } from '../index.js';
import { INFERENCE_MIN_SECONDS, INFERENCE_ROWS } from './inference.js';
import { bestSecondsPerCall } from './timing.js';
import { childArgs, LAYERS } from './train-protocol.js';

const { backend } = childArgs(process.argv.slice(2));
if (backend !== 'native' && backend !== 'wasm' && backend !== 'js')
  throw new Error(`predict-child: --backend must be native, wasm or js; got ${backend}`);
const info = await initBackend({ backend });

const model = sequential({
  seed: 1,
  layers: [
    layers.dense({ inputShape: [LAYERS[0]], units: LAYERS[1], activation: 'relu' }),
    layers.dense({ units: LAYERS[2], activation: 'relu' }),
    layers.dense({ units: LAYERS[3], activation: 'softmax' }),
  ],
});

/** Seconds per `model.predict` of `rows` rows, as a user calls it (its default options). */
function secondsPerPredict(rows: number): number {
  const x: Tensor2D = tensor2d(new Random(rows).fillUniform(new Float32Array(rows * LAYERS[0])), [rows, LAYERS[0]]);
  return bestSecondsPerCall([() => model.predict(x)], { minSeconds: INFERENCE_MIN_SECONDS })[0];
}

const threads = typeof info.details.threads === 'number' ? info.details.threads : 1;
const base = { suite: 'inference', backend, threads, network: LAYERS.join('-') };
const batchSeconds = secondsPerPredict(INFERENCE_ROWS);
const rowSeconds = secondsPerPredict(1);
process.stdout.write(
  `${JSON.stringify({ ...base, rows: INFERENCE_ROWS, samplesPerSec: Math.round(INFERENCE_ROWS / batchSeconds) })}\n`,
);
process.stdout.write(`${JSON.stringify({ ...base, rows: 1, latencyUs: Math.round(rowSeconds * 1e6 * 100) / 100 })}\n`);
