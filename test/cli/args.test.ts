import { describe, expect, it } from 'vitest';
import { UsageError, parseBenchArgs, parseTrainArgs } from '../../src/cli/args.js';

describe('backprop train options', () => {
  it('has defaults that train on digits', () => {
    const args = parseTrainArgs([]);
    expect(args).toMatchObject({
      data: 'digits',
      layers: [128, 64],
      activation: 'relu',
      optimizer: 'adam',
      seed: 1,
      quiet: false,
      plot: 'training-curve.svg',
    });
  });

  it('parses every option', () => {
    const args = parseTrainArgs([
      '--data',
      'iris',
      '--layers',
      '30,16',
      '--activation',
      'tanh',
      '--optimizer',
      'sgd',
      '--lr',
      '0.05',
      '--lr-schedule',
      'cosine',
      '--epochs',
      '7',
      '--batch-size',
      '4',
      '--backend',
      'js',
      '--seed',
      '9',
      '--save',
      'out',
      '--plot',
      'c.svg',
      '--quiet',
      '--max-classes',
      '20000',
      '--max-features',
      '5',
      '--max-bytes',
      '1000',
    ]);
    expect(args).toEqual({
      data: 'iris',
      model: 'mlp',
      layers: [30, 16],
      activation: 'tanh',
      optimizer: 'sgd',
      lr: 0.05,
      lrSchedule: 'cosine',
      epochs: 7,
      batchSize: 4,
      backend: 'js',
      seed: 9,
      save: 'out',
      plot: 'c.svg',
      quiet: true,
      maxClasses: 20000,
      maxFeatures: 5,
      maxBytes: 1000,
      augment: undefined,
    });
    expect(parseTrainArgs(['--help'])).toBe('help');
  });

  it('takes an image network and the augmentation of its training images', () => {
    expect(parseTrainArgs([])).toMatchObject({ model: 'mlp', augment: undefined });
    expect(parseTrainArgs(['--model', 'resnet', '--data', 'fashion-mnist'])).toMatchObject({
      model: 'resnet',
      augment: undefined,
    });
    const args = parseTrainArgs([
      '--model',
      'cnn',
      '--horizontal-flip',
      '--vertical-flip',
      '--rotation',
      '15',
      '--zoom',
      '0.1',
      '--crop',
      '0.2',
      '--translation',
      '0.125',
      '--noise',
      '0.05',
    ]);
    expect(args).toMatchObject({
      model: 'cnn',
      augment: {
        horizontalFlip: true,
        verticalFlip: true,
        rotation: 15,
        zoom: 0.1,
        crop: 0.2,
        translation: 0.125,
        noise: 0.05,
      },
    });
    // One option is enough; the others are off.
    expect(parseTrainArgs(['--translation', '0.1'])).toMatchObject({
      augment: {
        horizontalFlip: false,
        verticalFlip: false,
        rotation: 0,
        zoom: 0,
        crop: 0,
        translation: 0.1,
        noise: 0,
      },
    });
  });

  it.each([
    [['--layers', '128,,64'], '--layers must be positive integers separated by commas (like 128,64); got "128,,64"'],
    [['--layers', '0'], '--layers must be positive integers'],
    [['--epochs', '2.5'], '--epochs must be a positive integer; got "2.5"'],
    [['--batch-size', '0'], '--batch-size must be a positive integer; got "0"'],
    [['--lr=-1'], '--lr must be a positive number; got "-1"'],
    [['--lr', '-1'], 'argument is ambiguous'],
    [['--lr', 'fast'], '--lr must be a positive number; got "fast"'],
    [['--lr-schedule', 'linear'], '--lr-schedule must be one of constant, cosine; got "linear"'],
    [['--activation', 'swish'], '--activation must be one of relu, sigmoid, tanh, leakyRelu, elu, gelu; got "swish"'],
    [['--optimizer', 'lbfgs'], '--optimizer must be one of sgd, momentum, adagrad, rmsprop, adam, adamw; got "lbfgs"'],
    [['--backend', 'gpu'], '--backend must be one of native, wasm, js; got "gpu"'],
    [['--seed=-3'], '--seed must be a non-negative integer; got "-3"'],
    [['--plot', 'curve.png'], '--plot must name an .svg file; got "curve.png"'],
    [['--colour', 'red'], "Unknown option '--colour'"],
    [['--epochs'], "Option '--epochs <value>' argument missing"],
    [['extra'], "Unexpected argument 'extra'"],
    [['--max-classes', '0'], '--max-classes must be a positive integer; got "0"'],
    [['--max-features', '1e6'], '--max-features must be a positive integer; got "1e6"'],
    [
      ['--max-bytes', '99999999999999999999'],
      '--max-bytes must be at most 9007199254740991; got "99999999999999999999"',
    ],
    [['--model', 'vgg'], '--model must be one of mlp, cnn, resnet; got "vgg"'],
    [['--model', 'cnn', '--layers', '64'], '--layers shapes --model mlp; --model cnn is a fixed network (see --help)'],
    [
      ['--model', 'resnet', '--activation', 'tanh'],
      '--activation shapes --model mlp; --model resnet is a fixed network',
    ],
    [['--rotation', '360'], '--rotation must be degrees in [0, 360); got "360"'],
    [['--zoom', '1'], '--zoom must be a fraction in [0, 1); got "1"'],
    [['--crop', 'half'], '--crop must be a fraction in [0, 1); got "half"'],
    [['--translation='], '--translation must be a fraction in [0, 1); got ""'],
    [['--noise=-0.1'], '--noise must be a standard deviation >= 0; got "-0.1"'],
    [['--horizontal-flip=yes'], "Option '--horizontal-flip' does not take an argument"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseTrainArgs(argv)).toThrow(UsageError);
    expect(() => parseTrainArgs(argv)).toThrow(message);
  });
});

describe('backprop bench options', () => {
  it('defaults to every suite and backend', () => {
    expect(parseBenchArgs([])).toEqual({
      json: false,
      suites: ['gemm', 'kernels', 'train', 'cnn', 'step', 'inference'],
      backends: undefined,
      quick: false,
      batches: undefined,
      batchSizes: undefined,
      rounds: undefined,
    });
  });

  it('narrows suites and backends, repeated or comma-separated', () => {
    expect(
      parseBenchArgs(['--json', '--suite', 'train', '--backend', 'js,wasm', '--backend', 'native', '--batches', '10']),
    ).toMatchObject({ json: true, suites: ['train'], backends: ['js', 'wasm', 'native'], quick: false, batches: 10 });
    expect(() => parseBenchArgs(['--suite', 'memory'])).toThrow(
      '--suite must be one of gemm, kernels, train, cnn, step, inference; got "memory"',
    );
    expect(() => parseBenchArgs(['--backend', 'cuda'])).toThrow(
      '--backend must be one of native, wasm, js; got "cuda"',
    );
  });

  it('takes the train batch sizes and the rounds, each a positive integer', () => {
    expect(parseBenchArgs(['--batch-size', '32,128', '--batch-size', '32', '--rounds', '5'])).toMatchObject({
      batchSizes: [32, 128],
      rounds: 5,
    });
    expect(() => parseBenchArgs(['--batch-size', '0'])).toThrow('--batch-size must be a positive integer; got "0"');
    expect(() => parseBenchArgs(['--rounds', 'many'])).toThrow('--rounds must be a positive integer; got "many"');
  });

  it('takes the peers a bench command measures as backend names, and no others', () => {
    const peers = ['tfjs-cpu', 'pytorch'];
    expect(parseBenchArgs(['--backend', 'js,tfjs-cpu', '--backend', 'pytorch'], peers)).toMatchObject({
      backends: ['js', 'tfjs-cpu', 'pytorch'],
    });
    expect(() => parseBenchArgs(['--backend', 'tfjs-cpu'])).toThrow(
      '--backend must be one of native, wasm, js; got "tfjs-cpu"',
    );
    expect(() => parseBenchArgs(['--backend', 'tfjs-wasm'], peers)).toThrow(
      '--backend must be one of native, wasm, js, tfjs-cpu, pytorch; got "tfjs-wasm"',
    );
  });
});
