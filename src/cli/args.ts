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

export interface TrainArgs {
  data: string;
  layers: number[];
  activation: (typeof ACTIVATIONS)[number];
  optimizer: (typeof OPTIMIZERS)[number];
  /** undefined: the optimizer's default learning rate. */
  lr: number | undefined;
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

Trains a multi-layer perceptron and reports loss and accuracy per epoch, then the test accuracy.

  --data <name|file|dir>   iris, digits (default), fashion-mnist, a .csv file (label in the last column)
                           or a directory of MNIST-style IDX files
  --layers <n,n,...>       hidden layer widths (default 128,64)
  --activation <name>      ${ACTIVATIONS.join(', ')} (default relu)
  --optimizer <name>       ${OPTIMIZERS.join(', ')} (default adam)
  --lr <number>            learning rate (default: the optimizer's own)
  --epochs <n>             passes over the training data (default: 20 digits, 100 iris, 5 fashion-mnist, 30 CSV)
  --batch-size <n>         samples per step (default: 32; 8 for iris, 128 for fashion-mnist)
  --backend <name>         ${BACKEND_NAMES.join(', ')} (default: the first that loads)
  --seed <n>               seed for the split, initial weights and shuffling (default 1)
  --save <dir>             save the trained model into this directory
  --plot <file.svg>        training-curve plot (default training-curve.svg)
  --quiet                  print only the result
  --max-classes <n>        refuse data with more classes (default ${DEFAULT_LIMITS.maxClasses})
  --max-features <n>       refuse data with more features per row (default ${DEFAULT_LIMITS.maxFeatures})
  --max-bytes <n>          refuse an IDX or gzipped file larger than this un-gzipped (default ${DEFAULT_LIMITS.maxBytes})

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
  --batches <n>         train suite: the samples of n batches of 128 per run, at every batch size (default 100)
  --batch-size <n>      train suite: only this batch size (repeatable; default 32, 128 and 512)
  --rounds <n>          train, step and inference: interleaved rounds, each result their median (default 3)
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
    layers: { type: 'string' },
    activation: { type: 'string' },
    optimizer: { type: 'string' },
    lr: { type: 'string' },
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
  });
  if (values.help) return 'help';
  const str = (name: string): string | undefined => values[name] as string | undefined;
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
  return {
    data,
    layers,
    activation: oneOf(str('activation') ?? 'relu', ACTIVATIONS, '--activation'),
    optimizer: oneOf(str('optimizer') ?? 'adam', OPTIMIZERS, '--optimizer'),
    lr,
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
