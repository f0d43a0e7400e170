/**
 * Command-line parsing for `backprop train|bench|info`, on node:util parseArgs (strict: an unknown
 * option is an error), with every value checked and turned into a typed option object. A bad value
 * throws a UsageError whose message says what was expected and what came; main.ts prints it and exits 2.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { BackendName } from '../backends/contract.js';
import { BACKEND_NAMES } from '../backends/select.js';
import { SUITES, type SuiteName } from '../bench/suites.js';
import { DEFAULT_LIMITS } from '../data/limits.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'leakyRelu', 'elu', 'gelu'] as const;
const OPTIMIZERS = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;
/** constant: the learning rate throughout; cosine: Keras CosineDecay from it down to 0 over the whole training. */
export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export type LrScheduleName = (typeof LR_SCHEDULES)[number];
/** mlp: dense layers of --layers; cnn and resnet: the image networks of models.ts. */
export const MODELS = ['mlp', 'cnn', 'resnet'] as const;
export type ModelName = (typeof MODELS)[number];

/** Augmentation of training images (src/data/augment.ts), each transform off unless given. */
export interface AugmentArgs {
  horizontalFlip: boolean;
  verticalFlip: boolean;
  /** Largest rotation in degrees. */
  rotation: number;
  /** Zoom: a factor in [1 - zoom, 1 + zoom] (the augmenter's `scale`). */
  zoom: number;
  crop: number;
  translation: number;
  noise: number;
}

export interface TrainArgs {
  data: string;
  /** mlp (hidden layers from --layers), or one of the image networks of models.ts. */
  model: ModelName;
  layers: number[];
  activation: (typeof ACTIVATIONS)[number];
  optimizer: (typeof OPTIMIZERS)[number];
  /** undefined: the optimizer's default learning rate. */
  lr: number | undefined;
  /** undefined: the model's default (train.ts). */
  lrSchedule: LrScheduleName | undefined;
  /** undefined: the data set's default (train.ts). */
  epochs: number | undefined;
  batchSize: number | undefined;
  backend: BackendName | undefined;
  seed: number;
  save: string | undefined;
  plot: string;
  quiet: boolean;
  /** Bounds on what the data may ask for (see src/data/limits.ts); undefined: the default. */
  maxClasses: number | undefined;
  maxFeatures: number | undefined;
  maxBytes: number | undefined;
  /** undefined: no augmentation option was given. */
  augment: AugmentArgs | undefined;
}

export interface BenchArgs {
  json: boolean;
  suites: SuiteName[];
  backends: string[] | undefined;
  quick: boolean;
  batches: number | undefined;
  batchSizes: number[] | undefined;
  rounds: number | undefined;
}

export const TRAIN_HELP = `Usage: backprop train [options]

Trains a network and reports loss and accuracy per epoch, then the test accuracy.

  --data <name|file|dir>   iris, digits (default), fashion-mnist, a .csv file (label in the last column)
                           or a directory of MNIST-style IDX files
  --model <name>           mlp (default): a multi-layer perceptron of --layers, on standardised features;
                           cnn: conv 32 3x3, batch norm, relu, max pool 2, conv 64 3x3, batch norm, relu,
                           max pool 2, dense 128, dense softmax
                           (images of at least 10x10: fashion-mnist or IDX images);
                           resnet: a conv stem and three residual blocks (conv-BN-relu-conv-BN plus the
                           shortcut, then relu) of 16, 32 and 64 filters, global average pooling, dense softmax;
                           cnn and resnet read pixels scaled to [0, 1]
  --layers <n,n,...>       mlp: hidden layer widths (default 128,64)
  --activation <name>      mlp: ${ACTIVATIONS.join(', ')} (default relu)
  --optimizer <name>       ${OPTIMIZERS.join(', ')} (default adam)
  --lr <number>            learning rate (default: the optimizer's own)
  --lr-schedule <name>     constant, or cosine: decay the learning rate along half a cosine from --lr to 0
                           over all the steps (default: cosine for cnn and resnet, constant for mlp)
  --epochs <n>             passes over the training data (default: 20 digits, 100 iris, 5 fashion-mnist, 30 CSV)
  --batch-size <n>         samples per step (default: 32; 8 for iris; fashion-mnist 128 for mlp, 32 for
                           cnn and resnet)
  --backend <name>         ${BACKEND_NAMES.join(', ')} (default: the first that loads)
  --seed <n>               seed for the split, initial weights and shuffling (default 1)
  --save <dir>             save the trained model into this directory
  --plot <file.svg>        training-curve plot (default training-curve.svg)
  --quiet                  print only the result
  --max-classes <n>        refuse data with more classes (default ${DEFAULT_LIMITS.maxClasses})
  --max-features <n>       refuse data with more features per row (default ${DEFAULT_LIMITS.maxFeatures})
  --max-bytes <n>          refuse an IDX or gzipped file larger than this un-gzipped (default ${DEFAULT_LIMITS.maxBytes})

Augmentation of the training images (not of validation and test), a new random draw per image and epoch:
  --horizontal-flip        mirror left-right with probability 1/2
  --vertical-flip          mirror top-bottom with probability 1/2
  --rotation <degrees>     turn by a uniform angle in [-degrees, degrees] (below 360)
  --zoom <f>               zoom by a uniform factor in [1 - f, 1 + f] (f below 1)
  --crop <f>               a random window of side [1 - f, 1] of the image, resized back (f below 1)
  --translation <f>        shift by up to f of the height and width (f below 1)
  --noise <sd>             add Gaussian noise of this standard deviation to every pixel

Output paths are checked before training. Ctrl-C stops after the current batch, saves the model when
--save is given and exits with 130; a second Ctrl-C exits at once.
`;

/**
 * The help of a bench command. `peers` are other libraries it can also measure; `backprop bench` has none
 * (they are the repository's development dependencies, measured by its own `npm run bench`).
 */
export function benchHelp(command = 'backprop bench', peers: readonly string[] = []): string {
  const names = [...BACKEND_NAMES, ...peers].join(', ');
  return `Usage: ${command} [options]

  --suite <name>        run one suite (repeatable; default: all): ${SUITES.join(', ')}
  --backend <name>      only this backend (repeatable): ${names}
  --json                one JSON object per line instead of a table
  --quick               fewer repetitions and one round (for a smoke run)
  --batches <n>         train suite: the samples of n batches of 128 per run, at every batch size (default 100);
                        cnn suite: n timed batches of 128 (default 20; a tenth, at least 2, for js and tfjs-cpu)
  --batch-size <n>      train suite: only this batch size (repeatable; default 32, 128 and 512)
  --rounds <n>          train, cnn, step and inference: interleaved rounds, each result their median (default 3)
`;
}

export const BENCH_HELP = benchHelp();

export const HELP = `Usage: backprop <command> [options]

Commands:
  train   train a network on a data set (backprop train --help)
  bench   measure kernels and training per backend (backprop bench --help)
  info    backends, instruction set, threads and versions

Run \`backprop train\` with no options to train on the bundled digits data in a few seconds.
`;

function positiveInteger(value: string, option: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${option} must be a positive integer; got ${JSON.stringify(value)}`);
  return Number(value);
}

/** A number >= 0 and below `max` (Infinity: no bound); `what` says what it is. */
function fraction(value: string, option: string, max: number, what: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= max)
    throw new UsageError(`${option} must be ${what}; got ${JSON.stringify(value)}`);
  return n;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
}

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    // parseArgs' messages are good ("Unknown option '--foo'"); drop its error code prefix only.
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function parseTrainArgs(argv: string[]): TrainArgs | 'help' {
  const { values } = parse(argv, {
    data: { type: 'string' },
    model: { type: 'string' },
    layers: { type: 'string' },
    activation: { type: 'string' },
    optimizer: { type: 'string' },
    lr: { type: 'string' },
    'lr-schedule': { type: 'string' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    backend: { type: 'string' },
    seed: { type: 'string' },
    save: { type: 'string' },
    plot: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    'max-classes': { type: 'string' },
    'max-features': { type: 'string' },
    'max-bytes': { type: 'string' },
    'horizontal-flip': { type: 'boolean' },
    'vertical-flip': { type: 'boolean' },
    rotation: { type: 'string' },
    zoom: { type: 'string' },
    crop: { type: 'string' },
    translation: { type: 'string' },
    noise: { type: 'string' },
  });
  if (values.help) return 'help';
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const model = oneOf(str('model') ?? 'mlp', MODELS, '--model');
  for (const option of ['layers', 'activation'])
    if (model !== 'mlp' && str(option) !== undefined)
      throw new UsageError(`--${option} shapes --model mlp; --model ${model} is a fixed network (see --help)`);
  const optionalPositive = (name: string): number | undefined => {
    const text = str(name);
    if (text === undefined) return undefined;
    const value = positiveInteger(text, `--${name}`);
    if (!Number.isSafeInteger(value))
      throw new UsageError(`--${name} must be at most ${Number.MAX_SAFE_INTEGER}; got ${JSON.stringify(text)}`);
    return value;
  };
  const layersText = str('layers') ?? '128,64';
  const layers = layersText.split(',').map((part) => {
    if (!/^\s*\d+\s*$/.test(part) || Number(part) < 1) {
      throw new UsageError(
        `--layers must be positive integers separated by commas (like 128,64); got ${JSON.stringify(layersText)}`,
      );
    }
    return Number(part);
  });
  let lr: number | undefined;
  if (str('lr') !== undefined) {
    lr = Number(str('lr'));
    if (!(Number.isFinite(lr) && lr > 0) || str('lr')!.trim() === '')
      throw new UsageError(`--lr must be a positive number; got ${JSON.stringify(str('lr'))}`);
  }
  let seed = 1;
  if (str('seed') !== undefined) {
    if (!/^\d+$/.test(str('seed')!))
      throw new UsageError(`--seed must be a non-negative integer; got ${JSON.stringify(str('seed'))}`);
    seed = Number(str('seed'));
  }
  const plot = str('plot') ?? 'training-curve.svg';
  if (!plot.toLowerCase().endsWith('.svg'))
    throw new UsageError(`--plot must name an .svg file; got ${JSON.stringify(plot)}`);
  const data = str('data') ?? 'digits';
  if (data.trim() === '') throw new UsageError('--data must name a data set, a .csv file or a directory; got ""');
  const below = (name: string, max: number, what: string): number =>
    str(name) === undefined ? 0 : fraction(str(name)!, `--${name}`, max, what);
  const augment: AugmentArgs = {
    horizontalFlip: values['horizontal-flip'] === true,
    verticalFlip: values['vertical-flip'] === true,
    rotation: below('rotation', 360, 'degrees in [0, 360)'),
    zoom: below('zoom', 1, 'a fraction in [0, 1)'),
    crop: below('crop', 1, 'a fraction in [0, 1)'),
    translation: below('translation', 1, 'a fraction in [0, 1)'),
    noise: below('noise', Infinity, 'a standard deviation >= 0'),
  };
  const augmenting = Object.values(augment).some((v) => v !== false && v !== 0);
  return {
    data,
    model,
    layers,
    activation: oneOf(str('activation') ?? 'relu', ACTIVATIONS, '--activation'),
    optimizer: oneOf(str('optimizer') ?? 'adam', OPTIMIZERS, '--optimizer'),
    lr,
    lrSchedule:
      str('lr-schedule') === undefined ? undefined : oneOf(str('lr-schedule')!, LR_SCHEDULES, '--lr-schedule'),
    epochs: str('epochs') === undefined ? undefined : positiveInteger(str('epochs')!, '--epochs'),
    batchSize: str('batch-size') === undefined ? undefined : positiveInteger(str('batch-size')!, '--batch-size'),
    backend: str('backend') === undefined ? undefined : oneOf(str('backend')!, BACKEND_NAMES, '--backend'),
    seed,
    save: str('save'),
    plot,
    quiet: values.quiet === true,
    maxClasses: optionalPositive('max-classes'),
    maxFeatures: optionalPositive('max-features'),
    maxBytes: optionalPositive('max-bytes'),
    augment: augmenting ? augment : undefined,
  };
}

/** Parses a bench command's options; `peers` are the names it accepts beside our backends. */
export function parseBenchArgs(argv: string[], peers: readonly string[] = []): BenchArgs | 'help' {
  const { values } = parse(argv, {
    json: { type: 'boolean' },
    suite: { type: 'string', multiple: true },
    backend: { type: 'string', multiple: true },
    quick: { type: 'boolean' },
    batches: { type: 'string' },
    'batch-size': { type: 'string', multiple: true },
    rounds: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const suites = ((values.suite as string[] | undefined) ?? SUITES)
    .flatMap((s) => s.split(','))
    .map((s) => oneOf(s, SUITES, '--suite'));
  const backends = (values.backend as string[] | undefined)?.flatMap((s) => s.split(','));
  backends?.forEach((b) => oneOf(b, [...BACKEND_NAMES, ...peers], '--backend'));
  const batchesText = values.batches as string | undefined;
  const batchSizes = (values['batch-size'] as string[] | undefined)
    ?.flatMap((s) => s.split(','))
    .map((s) => positiveInteger(s, '--batch-size'));
  const roundsText = values.rounds as string | undefined;
  return {
    json: values.json === true,
    suites: [...new Set(suites)],
    backends,
    quick: values.quick === true,
    batches: batchesText === undefined ? undefined : positiveInteger(batchesText, '--batches'),
    batchSizes: batchSizes && [...new Set(batchSizes)],
    rounds: roundsText === undefined ? undefined : positiveInteger(roundsText, '--rounds'),
  };
}
