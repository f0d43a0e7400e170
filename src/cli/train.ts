/**
 * `backprop train`: check the output paths, load a data set, split it (test part, then a validation
 * part of the training rows), fit the preprocessing on the training rows only, train an MLP or an image
 * network (models.ts) with the Keras-style API, augmenting the training images when asked, report loss and accuracy per epoch and the test accuracy, save the model (when asked)
 * and then write the training-curve SVG. Ctrl-C stops at a batch boundary and still saves (interrupt.ts).
 *
 * The data set is held once, as loaded (Fashion-MNIST: 55 MB of bytes, un-gzipped as it streams from
 * disk): the splits reorder its rows in place and the preprocessing is applied to each batch as fit and
 * evaluate gather it into the model.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { imageAugmenter } from '../data/augment.js';
import { type Dataset, datasetSampleShape } from '../data/dataset.js';
import { StandardScaler } from '../data/scalers.js';
import { trainTestSplit } from '../data/split.js';
import { backendInfo, initBackend, type Layer, layers, loadDatasetAsync, sequential } from '../index.js';
import type { TrainArgs } from './args.js';
import { type ImageShape, imageModelLayers } from './models.js';
import { makeOptimizer, trainingDefaults } from './recipe.js';
import { TrainingInterrupt } from './interrupt.js';
import { checkOutputDirectory, checkOutputFile } from './output-paths.js';
import { trainingCurveSvg } from './plot.js';
import { ProgressReporter, type Writer } from './progress.js';

export interface TrainSummary {
  backend: string;
  /** Test accuracy and loss; NaN when training was interrupted (the test part is then not evaluated). */
  testAccuracy: number;
  testLoss: number;
  /** Ctrl-C stopped training early. */
  interrupted: boolean;
  history: Record<string, number[]>;
  seconds: number;
}

/** The hidden layers of --model mlp, then the softmax layer (the input is `features` wide). */
function mlpLayers(args: TrainArgs, features: number, classes: number): Layer[] {
  return [
    ...args.layers.map((units, i) =>
      layers.dense({ ...(i === 0 ? { inputShape: [features] } : {}), units, activation: args.activation }),
    ),
    layers.dense({
      ...(args.layers.length === 0 ? { inputShape: [features] } : {}),
      units: classes,
      activation: 'softmax',
    }),
  ];
}

/** The largest value of the training rows: pixels divided by it lie in [0, 1] (255 for bytes, 16 for digits). */
function pixelMaximum(data: Dataset): number {
  let max = 0;
  for (let i = 0; i < data.x.length; i++) if (data.x[i] > max) max = data.x[i];
  if (!(max > 0)) throw new Error(`backprop: the training images have no pixel above 0; nothing to learn from`);
  return max;
}

/** The network in one phrase: 784-128-64-10 relu, softmax; or cnn on 28x28x1 images, softmax over 10 classes. */
function describeModel(args: TrainArgs, features: number, classes: number, imageShape: ImageShape | undefined): string {
  if (args.model === 'mlp') return `${[features, ...args.layers, classes].join('-')} ${args.activation}, softmax`;
  return `${args.model} on ${imageShape!.join('x')} images, softmax over ${classes} classes`;
}

/**
 * The images' [height, width, channels] when an image network or augmentation needs them (undefined when
 * neither does); an error saying what is needed when the rows are not images, or not grey ones for augmentation.
 */
function imageShapeOf(data: Dataset, name: string, args: TrainArgs): ImageShape | undefined {
  const wanted = args.model !== 'mlp' ? `--model ${args.model}` : args.augment ? 'augmentation' : undefined;
  if (wanted === undefined) return undefined;
  if (data.imageShape === undefined)
    throw new Error(
      `backprop: ${wanted} needs images (fashion-mnist, digits or a directory of IDX images); ` +
        `${name} has rows of ${data.features} features without an image shape`,
    );
  const [height, width, channels] = datasetSampleShape(data);
  if (args.augment && channels !== 1)
    throw new Error(`backprop: augmentation takes grey images (one channel); ${name} has ${channels} channels`);
  return [height, width, channels];
}

export async function runTrain(
  args: TrainArgs,
  out: Writer,
  progressStream: { isTTY?: boolean } = process.stdout as { isTTY?: boolean },
): Promise<TrainSummary> {
  const started = performance.now();
  // Outputs first: a path that cannot be written must fail now, not after the training.
  if (args.save !== undefined) checkOutputDirectory(args.save, '--save');
  checkOutputFile(args.plot, '--plot');
  const info = args.backend ? await initBackend({ backend: args.backend }) : backendInfo();
  // Load the data before printing anything, so a missing data set or a bad file is the only output.
  const loaded = await loadDatasetAsync(args.data, {
    maxClasses: args.maxClasses,
    maxFeatures: args.maxFeatures,
    maxBytes: args.maxBytes,
  });
  // The network too, so that data it cannot take is refused before anything is printed.
  const classes = loaded.train.classes;
  const imageShape = imageShapeOf(loaded.train, loaded.name, args);
  const networkLayers =
    args.model === 'mlp'
      ? mlpLayers(args, loaded.train.features, classes)
      : imageModelLayers(args.model, imageShape!, classes);
  const say = (line: string): void => {
    if (!args.quiet) out.write(`${line}\n`);
  };
  const details = Object.entries(info.details)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  say(`backend: ${info.backend}${details ? ` (${details})` : ''}: ${info.chosenBecause}`);
  for (const s of info.skipped) say(`  ${s.name} skipped (${s.status}): ${s.reason.replace(/^not built: /, '')}`);

  const { epochs, batchSize, lrSchedule } = {
    ...trainingDefaults(args.data, args.model),
    ...(args.epochs ? { epochs: args.epochs } : {}),
    ...(args.batchSize ? { batchSize: args.batchSize } : {}),
    ...(args.lrSchedule ? { lrSchedule: args.lrSchedule } : {}),
  };
  const stratify = loaded.train.classes > 0;
  // The source's own test part when it has one; else a seeded, stratified 20 % of the rows.
  const { train: trainPart, test } = loaded.test
    ? { train: loaded.train, test: loaded.test }
    : trainTestSplit(loaded.train, { testSize: 0.2, seed: args.seed, stratify, inPlace: true });
  // Validation: 10 % of the training rows, at most 5,000 (enough to read the curve; the rest trains).
  const { train, test: validation } = trainTestSplit(trainPart, {
    testSize: Math.min(0.1, 5000 / trainPart.rows),
    seed: args.seed + 1,
    stratify,
    inPlace: true,
  });
  say(
    `data: ${loaded.name}: ${train.rows} training, ${validation.rows} validation, ${test.rows} test rows; ` +
      `${train.features} features, ${classes} classes (${loaded.source})`,
  );

  // mlp: standardised per feature with statistics of the training rows only, applied unchanged to validation
  // and test rows (on Fashion-MNIST, 5 epochs, seeds 1 and 2, per-pixel standardisation gave 0.881 and
  // 0.878 test accuracy, one mean for all pixels 0.872 and 0.877, [0, 1] scaling 0.866). The image networks
  // read pixels in [0, 1], as Keras' and PyTorch's image examples do: a convolution slides one kernel over
  // every pixel, and augmentation then fills what comes from outside the image with 0, the background.
  const preprocessing =
    args.model === 'mlp'
      ? { scaler: new StandardScaler().fit(train.x, train.features) }
      : { scale: 1 / pixelMaximum(train) };
  let batchTransform: ((x: Float32Array, rows: number) => void) | undefined;
  if (args.augment) {
    const { zoom, ...augment } = args.augment;
    batchTransform = imageAugmenter({
      imageShape: [imageShape![0], imageShape![1]],
      ...augment,
      scale: zoom,
      // Pixels in [0, 1] stay there after the noise.
      ...(args.model === 'mlp' ? {} : { clip: [0, 1] as const }),
      seed: args.seed + 2,
    });
  }

  const model = sequential({
    seed: args.seed,
    layers: networkLayers,
  });
  model.compile({
    optimizer: makeOptimizer(args.optimizer, args.lr, lrSchedule, epochs * Math.ceil(train.rows / batchSize)),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  say(
    `model: ${describeModel(args, train.features, classes, imageShape)}, ${model.countParams().trainable} parameters; ${args.optimizer}` +
      `${args.lr !== undefined ? ` lr ${args.lr}` : ''}${lrSchedule === 'cosine' ? ', cosine decay' : ''}; ` +
      `${epochs} epoch${epochs === 1 ? '' : 's'}, batch ${batchSize}, seed ${args.seed}`,
  );

  const progress = new ProgressReporter(
    ProgressReporter.modeFor(progressStream, args.quiet),
    out,
    epochs,
    Math.ceil(train.rows / batchSize),
    (progressStream as { columns?: number }).columns ?? 100,
  );
  let currentEpoch = 0;
  let currentBatch = -1;
  const interrupt = new TrainingInterrupt().install();
  try {
    const history = await model.fit(train, {
      ...preprocessing,
      ...(batchTransform ? { batchTransform } : {}),
      epochs,
      batchSize,
      shuffle: true,
      seed: args.seed,
      verbose: 0,
      validationData: validation,
      callbacks: [
        {
          onEpochBegin: (epoch: number) => {
            currentEpoch = epoch;
            progress.epochBegin();
          },
          onBatchEnd: (batch: number, logs: Record<string, number>) => {
            currentBatch = batch;
            progress.batchEnd(currentEpoch, batch, logs.loss);
          },
          onEpochEnd: (epoch: number, logs: Record<string, number>) => progress.epochEnd(epoch, logs),
        },
        interrupt.callback(),
      ],
    });
    const interrupted = interrupt.requested;
    const title = `${loaded.name}: ${describeModel(args, train.features, classes, imageShape)} on ${info.backend}`;
    let result = { accuracy: Number.NaN, loss: Number.NaN };
    if (interrupted) {
      out.write(
        `interrupted in epoch ${currentEpoch + 1} of ${epochs} after batch ${currentBatch + 1}; the test part is not evaluated\n`,
      );
    } else {
      const evaluated = await model.evaluate(test, { ...preprocessing, batchSize: 256 });
      result = { accuracy: evaluated.accuracy, loss: evaluated.loss };
      const seconds = (performance.now() - started) / 1000;
      out.write(
        `test accuracy ${result.accuracy.toFixed(4)}  test loss ${result.loss.toFixed(4)}  (${test.rows} rows, ${info.backend} backend, ${seconds.toFixed(1)}s)\n`,
      );
    }

    // The model before the plot: the plot is a convenience, the model is the result.
    if (args.save) {
      await model.save(args.save);
      // The preprocessing travels with the model: new data must be scaled exactly as the training rows were.
      const saved = preprocessing.scaler ? { scaler: preprocessing.scaler.toJSON() } : { scale: preprocessing.scale };
      writeFileSync(join(args.save, 'preprocessing.json'), JSON.stringify(saved, null, 2));
      say(`saved: ${args.save} (model and preprocessing.json)`);
    }
    const curves = history.history as Record<string, number[]>;
    mkdirSync(dirname(args.plot), { recursive: true });
    writeFileSync(
      args.plot,
      trainingCurveSvg(
        curves,
        interrupted ? `${title}, interrupted` : `${title}, test accuracy ${result.accuracy.toFixed(4)}`,
      ),
    );
    say(`plot: ${args.plot}`);
    return {
      backend: info.backend,
      testAccuracy: result.accuracy,
      testLoss: result.loss,
      interrupted,
      history: curves,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    interrupt.uninstall();
  }
}
