import { describeValue } from './describe-value.js';

/**
 * Losses with Keras names. Every one maps onto one loss kernel, which returns the batch value and
 * overwrites the gradient. Cross-entropies on a softmax (or sigmoid) output run fused on the logits,
 * which is exact and stable for extreme logits; src/model/loss-route.ts makes the choice.
 */
/** The loss names, as Keras spells them (compile also accepts 'mse', 'sse' and the snake_case names). */
export type LossName =
  | 'meanSquaredError'
  | 'sumSquaredError'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy';

/** A loss, as losses.* makes it and compile takes it. */
export interface Loss {
  /** Which loss. */
  readonly name: LossName;
  /** The model output is logits, not probabilities (cross-entropies only). */
  readonly fromLogits: boolean;
}

// A Map, not an object literal: 'constructor' or '__proto__' (from user code or a saved file) must be
// unknown names, not what a plain object inherits from Object.prototype.
const ALIASES = new Map<string, LossName>([
  ['meanSquaredError', 'meanSquaredError'],
  ['mse', 'meanSquaredError'],
  ['mean_squared_error', 'meanSquaredError'],
  ['sumSquaredError', 'sumSquaredError'],
  ['sse', 'sumSquaredError'],
  ['sum_squared_error', 'sumSquaredError'],
  ['binaryCrossentropy', 'binaryCrossentropy'],
  ['binary_crossentropy', 'binaryCrossentropy'],
  ['categoricalCrossentropy', 'categoricalCrossentropy'],
  ['categorical_crossentropy', 'categoricalCrossentropy'],
  ['sparseCategoricalCrossentropy', 'sparseCategoricalCrossentropy'],
  ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy'],
]);

function make(name: LossName, fromLogits = false): Loss {
  if (typeof fromLogits !== 'boolean')
    throw new TypeError(`backprop: ${name} fromLogits must be a boolean; got ${describeValue(fromLogits)}`);
  return { name, fromLogits };
}

/** The loss factories users call: losses.categoricalCrossentropy({ fromLogits: true }), ... */
export const losses = {
  /** mean over all values of (p - t)^2. */
  meanSquaredError: (): Loss => make('meanSquaredError'),
  /** E = 1/2 sum (p - t)^2 per sample (Rumelhart, Hinton and Williams, 1986), averaged over the batch. */
  sumSquaredError: (): Loss => make('sumSquaredError'),
  /** The mean of -(t log p + (1 - t) log(1 - p)) over all values; targets in [0, 1]. */
  binaryCrossentropy: (args: { fromLogits?: boolean } = {}): Loss => make('binaryCrossentropy', args.fromLogits),
  /** The mean over rows of -sum t log p; targets one-hot (or probability) rows. */
  categoricalCrossentropy: (args: { fromLogits?: boolean } = {}): Loss =>
    make('categoricalCrossentropy', args.fromLogits),
  /** categoricalCrossentropy with class indices as targets instead of one-hot rows. */
  sparseCategoricalCrossentropy: (args: { fromLogits?: boolean } = {}): Loss =>
    make('sparseCategoricalCrossentropy', args.fromLogits),
};

export function resolveLoss(id: unknown): Loss {
  if (typeof id === 'string' && ALIASES.has(id)) return make(ALIASES.get(id)!);
  if (
    typeof id === 'object' &&
    id !== null &&
    typeof (id as Loss).name === 'string' &&
    ALIASES.has((id as Loss).name)
  ) {
    return make(ALIASES.get((id as Loss).name)!, (id as Loss).fromLogits ?? false);
  }
  throw new TypeError(
    `backprop: unknown loss ${describeValue(id)}; expected one of ${Object.keys(losses).join(', ')} (or losses.<name>({ fromLogits }))`,
  );
}

/** Labels are class indices (one column), not one-hot rows. */
export function isSparse(loss: Loss): boolean {
  return loss.name === 'sparseCategoricalCrossentropy';
}
