/**
 * TensorFlow.js with its layers API on tfjs-cpu or tfjs-wasm, for the training peers (tfjs-mlp.ts,
 * tfjs-cnn.ts). tfjs is a dev dependency only: it is imported here, never from src/.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Tfjs = typeof import('@tensorflow/tfjs-core');
export type TfjsLayers = typeof import('@tensorflow/tfjs-layers');

/** tfjs-core and tfjs-layers with `which` as the active backend; `who` names the caller in errors. */
export async function tfjsOn(which: string | undefined, who: string): Promise<{ tf: Tfjs; tfl: TfjsLayers }> {
  if (which !== 'cpu' && which !== 'wasm') throw new Error(`${who}: --backend must be cpu or wasm; got ${which}`);
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs-core') as Tfjs;
  const tfl = require('@tensorflow/tfjs-layers') as TfjsLayers;
  if (which === 'cpu') {
    require('@tensorflow/tfjs-backend-cpu');
  } else {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  }
  await tf.setBackend(which);
  await tf.ready();
  return { tf, tfl };
}
