// Types of train-mlp.js (plain JavaScript so that the browser page can load it unbuilt).
import type { Backend } from '../../src/backends/contract.js';
import type { Random } from '../../src/random.js';

export function trainXorMlp(
  random: typeof Random,
  backend: Backend,
  steps: number,
): { losses: number[]; accuracy: number };
