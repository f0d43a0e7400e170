// The image layers: gradient checks of conv2d, pooling, flatten, reshape, batch normalisation over channels
// and convolutional residual blocks at awkward sizes (odd sizes, stride 2, 'same', 1 x 1, one channel,
// batch 1, dilation), on the active backend; their shapes, summaries, errors and save/load round trips.
import { describe, expect, it } from 'vitest';
import {
  gradientCheck,
  InputError,
  type Layer,
  layers,
  loadModel,
  optimizers,
  sequential,
  tensor,
  Tensor,
  Tensor2D,
} from '../../src/index.js';
import { Random } from '../../src/random.js';

// As test/model/gradients.test.ts: float32 differences with h = 1e-3 leave about 1e-4 of rounding, so 2 %
// relative (with a 1e-3 floor) separates wrong factors, signs or indices (O(1) errors) from rounding.
const TOLERANCE = 0.02;

function images(shape: number[], seed: number): Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count);
  const r = new Random(seed);
  for (let i = 0; i < count; i++) values[i] = r.uniform(-1, 1);
  return tensor(values, shape);
}

function targets(rows: number, cols: number, seed: number): number[][] {
  const r = new Random(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => r.uniform(-1, 1)));
}

/** Gradient check of `stack` on a batch of `shape` ([batch, h, w, c]) against mean squared error. */
function check(stack: Layer[], shape: number[]): void {
  const model = sequential({ seed: 5, layers: stack });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const units = model.layers[model.layers.length - 1].units;
  const result = gradientCheck(model, images(shape, 11), targets(shape[0], units, 7), { epsilon: 1e-3 });
  expect(result.weights.length).toBeGreaterThan(0);
  for (const w of result.weights)
    expect(w.maxRelativeError, `${w.name}: abs ${w.maxAbsoluteError}`).toBeLessThan(TOLERANCE);
}

describe('gradient checks of the image layers', () => {
  it("conv2d 'valid' 3 x 3 on one channel, odd sizes, batch 1, then flatten and dense", () => {
    check(
      [
        layers.conv2d({ inputShape: [5, 7, 1], filters: 3, kernelSize: 3, activation: 'tanh' }),
        layers.flatten(),
        layers.dense({ units: 2 }),
      ],
      [1, 5, 7, 1],
    );
  });

  it("conv2d 'same' with stride 2 and a 2 x 3 kernel, then a second conv (its input gradient goes through col2im)", () => {
    check(
      [
        layers.conv2d({ inputShape: [7, 6, 2], filters: 4, kernelSize: [2, 3], strides: 2, padding: 'same' }),
        layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', biasInitializer: 'ones' }),
        layers.flatten(),
        layers.dense({ units: 3 }),
      ],
      [3, 7, 6, 2],
    );
  });

  it('1 x 1 convolutions: stride 1 (no lowering) and stride 2, without bias, with l2 regularization', () => {
    check(
      [
        layers.conv2d({ inputShape: [5, 5, 3], filters: 4, kernelSize: 3, activation: 'sigmoid' }),
        layers.conv2d({ filters: 2, kernelSize: 1, useBias: false, kernelRegularizer: 'l2' }),
        layers.conv2d({ filters: 3, kernelSize: 1, strides: 2 }),
        layers.flatten(),
        layers.dense({ units: 2 }),
      ],
      [2, 5, 5, 3],
    );
  });

  it('dilated convolution (dilationRate 2) and a kernel as large as the image', () => {
    check(
      [
        layers.conv2d({ inputShape: [7, 7, 2], filters: 3, kernelSize: 3, dilationRate: 2, activation: 'elu' }),
        layers.conv2d({ filters: 2, kernelSize: 3 }),
        layers.flatten(),
      ],
      [2, 7, 7, 2],
    );
  });

  it("max pooling: 2 x 2 'valid' on odd sizes and 3 x 3 'same' with stride 2", () => {
    check(
      [
        layers.conv2d({ inputShape: [7, 9, 2], filters: 3, kernelSize: 2, padding: 'same' }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2d({ filters: 2, kernelSize: 1 }),
        layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
        layers.flatten(),
        layers.dense({ units: 2 }),
      ],
      [2, 7, 9, 2],
    );
  });

  it("average pooling 'same' with stride 2 (padding not counted) and global average pooling", () => {
    check(
      [
        layers.conv2d({ inputShape: [5, 6, 1], filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh' }),
        layers.averagePooling2d({ poolSize: [3, 2], strides: 2, padding: 'same' }),
        layers.conv2d({ filters: 4, kernelSize: 2 }),
        layers.globalAveragePooling2d(),
        layers.dense({ units: 2 }),
      ],
      [3, 5, 6, 1],
    );
  });

  it('batch normalisation over the channels of images, with a reshape from vectors to images', () => {
    check(
      [
        layers.dense({ inputShape: [4], units: 18 }),
        layers.reshape({ targetShape: [3, 3, -1] }),
        // No bias before batch normalisation (as in ResNet): its gradient is exactly 0 (the batch mean
        // removes it), so a difference quotient of rounding noise would be judged by relative error.
        layers.conv2d({ filters: 3, kernelSize: 2, padding: 'same', useBias: false }),
        layers.batchNormalization({ betaInitializer: 'randomUniform' }),
        layers.activation({ activation: 'tanh' }),
        layers.flatten(),
        layers.dense({ units: 2 }),
      ],
      [4, 4],
    );
  });

  it('ResNet basic blocks: identity shortcut, and a 1 x 1 stride-2 projection with batch normalisation', () => {
    // tanh in place of ResNet's relu: batch-normalised values crowd around 0, where a difference step
    // across relu's kink gives a wrong quotient (the blocks are wired the same whatever the activation).
    const block = (filters: number, strides: number, projectionBatchNormalization = false): Layer =>
      layers.residual({
        layers: [
          layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false }),
          layers.batchNormalization(),
          layers.activation({ activation: 'tanh' }),
          layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false }),
          layers.batchNormalization(),
        ],
        activation: 'tanh',
        projectionBatchNormalization,
      });
    check(
      [
        layers.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3, padding: 'same' }),
        block(3, 1),
        block(4, 2, true),
        block(2, 2),
        layers.globalAveragePooling2d(),
        layers.dense({ units: 2 }),
      ],
      [2, 5, 5, 2],
    );
  });
});

describe('image shapes', () => {
  const cnn = (): ReturnType<typeof sequential> =>
    sequential({
      seed: 1,
      layers: [
        layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
        layers.maxPooling2d(),
        layers.flatten(),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });

  it('layers know their per-sample shapes; the summary shows them; units is the row width', () => {
    const model = cnn();
    expect(model.layers.map((l) => l.outputShape)).toEqual([[6, 6, 4], [3, 3, 4], [36], [3]]);
    expect(model.layers.map((l) => l.units)).toEqual([144, 36, 36, 3]);
    expect(model.inputShape).toEqual([null, 8, 8, 1]);
    expect(model.outputShape).toEqual([null, 3]);
    const text = model.summary(undefined, undefined, () => {});
    expect(text).toMatch(/conv2d\S* \(Conv2D\)\s+\[null,6,6,4\]\s+40\n/);
    expect(text).toMatch(/max_pooling2d\S* \(MaxPooling2D\)\s+\[null,3,3,4\]\s+0\n/);
    expect(text).toMatch(/flatten\S* \(Flatten\)\s+\[null,36\]\s+0\n/);
    expect(text).toContain('Total params: 151');
  });

  it('softmax runs over the last axis (the channels of each pixel), as Keras', () => {
    const model = sequential({
      seed: 4,
      layers: [
        layers.conv2d({ inputShape: [3, 4, 2], filters: 3, kernelSize: 2, padding: 'same' }),
        layers.activation({ activation: 'softmax' }),
      ],
    });
    const out = model.predict(images([2, 3, 4, 2], 6));
    expect(out.shape).toEqual([2, 3, 4, 3]);
    for (let pixel = 0; pixel < 2 * 3 * 4; pixel++) {
      const [a, b, c] = out.data.subarray(pixel * 3, pixel * 3 + 3);
      expect(a + b + c).toBeCloseTo(1, 6);
    }
    check(
      [
        layers.conv2d({ inputShape: [3, 4, 2], filters: 3, kernelSize: 2, padding: 'same' }),
        layers.activation({ activation: 'softmax' }),
        layers.flatten(),
        layers.dense({ units: 2 }),
      ],
      [2, 3, 4, 2],
    );
  });

  it("'same' and 'valid' output sizes follow Keras: ceil(size / stride), and the window's span", () => {
    const shapeOf = (args: Parameters<typeof layers.conv2d>[0], input: number[]) =>
      sequential([layers.conv2d({ ...args, inputShape: input })]).outputShape;
    expect(shapeOf({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, [7, 8, 1])).toEqual([null, 4, 4, 2]);
    expect(shapeOf({ filters: 2, kernelSize: 3, strides: 2 }, [7, 8, 1])).toEqual([null, 3, 3, 2]);
    expect(shapeOf({ filters: 2, kernelSize: 3, dilationRate: 2 }, [7, 8, 1])).toEqual([null, 3, 4, 2]);
    expect(shapeOf({ filters: 1, kernelSize: [1, 5] }, [2, 5, 3])).toEqual([null, 2, 1, 1]);
    const pool = sequential([layers.maxPooling2d({ inputShape: [7, 5, 3], poolSize: 3, strides: 2, padding: 'same' })]);
    expect(pool.outputShape).toEqual([null, 4, 3, 3]);
  });

  it('predict takes [batch, h, w, c] tensors and returns the output shape (a Tensor2D for vectors)', () => {
    const model = cnn();
    const x = images([2, 8, 8, 1], 3);
    const out = model.predict(x);
    expect(out).toBeInstanceOf(Tensor2D);
    expect(out.shape).toEqual([2, 3]);
    const features = sequential({
      seed: 1,
      layers: [layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, padding: 'same' })],
    });
    const maps = features.predict(x);
    expect(maps.shape).toEqual([2, 8, 8, 2]);
    expect((maps.toArray() as number[][][][])[1][7][7]).toHaveLength(2);
  });

  it('a flatten before dense is what moves a model from images to vectors; errors name both shapes', () => {
    expect(() =>
      sequential([layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }), layers.dense({ units: 2 })]),
    ).toThrow(
      /dense\S* \(Dense\) takes \[features\] per sample; its input has shape \[6, 6, 2\]: add layers.flatten\(\) before it/,
    );
    expect(() => sequential([layers.conv2d({ inputShape: [8], filters: 2, kernelSize: 3 })])).toThrow(
      /takes \[height, width, channels\] per sample; its input has shape \[8\]/,
    );
    expect(() => sequential([layers.conv2d({ inputShape: [2, 2, 1], filters: 2, kernelSize: 3 })])).toThrow(
      /a 3 x 3 window .* does not fit in the 2 x 2 input with padding 'valid'/,
    );
    expect(() => sequential([layers.reshape({ inputShape: [6], targetShape: [4, -1] })])).toThrow(
      /cannot reshape \[6\] \(6 values\) into \[4, -1\]/,
    );
    expect(() => layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /cannot both exceed 1/,
    );
    expect(() => layers.conv2d({ filters: 2, kernelSize: 3, padding: 'full' as never })).toThrow(
      /padding must be 'valid' or 'same'; got "full"/,
    );
    const model = cnn();
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const flat = new Float32Array(2 * 64);
    expect(() => model.predict(tensor(flat, [2, 64]))).toThrow(InputError);
    expect(() => model.predict(tensor(flat, [2, 64]))).toThrow(
      `layer ${model.layers[0].name} expects samples of shape [8, 8, 1] (its inputShape); x has shape [2, 64] (the same 64 values per sample: reshape it with tensor(x.data, [2, 8, 8, 1]))`,
    );
    expect(() => model.trainOnBatch(tensor(new Float32Array(2 * 49), [2, 7, 7, 1]), [0, 1])).toThrow(
      /expects samples of shape \[8, 8, 1\] \(its inputShape\); x has shape \[2, 7, 7, 1\]$/,
    );
  });

  it('trains on image tensors with fit and trainOnBatch, and evaluates them', async () => {
    const model = cnn();
    model.compile({
      optimizer: optimizers.adam({ learningRate: 0.01 }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const x = images([12, 8, 8, 1], 4);
    const y = Array.from({ length: 12 }, (_, i) => i % 3);
    const before = (await model.evaluate(x, y)).loss;
    await model.fit(x, y, { epochs: 30, batchSize: 4, verbose: 0 });
    expect((model.trainOnBatch(x, y) as number[])[0]).toBeLessThan(before);
    expect((await model.evaluate(x, y)).loss).toBeLessThan(before / 2);
  });

  it('a Dataset of images feeds a CNN as [batch, h, w, 1] and an MLP as rows of pixels', async () => {
    const rows = 6;
    const data = {
      x: Uint8Array.from({ length: rows * 64 }, (_, i) => (i * 37) % 256),
      y: Float32Array.from({ length: rows }, (_, i) => i % 3),
      rows,
      features: 64,
      classes: 3,
      imageShape: [8, 8] as const,
    };
    const model = cnn();
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    await model.fit(data, { epochs: 1, batchSize: 4, scale: 1 / 255, verbose: 0 });
    expect(model.predict(data, { scale: 1 / 255 }).shape).toEqual([rows, 3]);
    const mlp = sequential([layers.dense({ inputShape: [64], units: 3, activation: 'softmax' })]);
    mlp.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    await mlp.fit(data, { epochs: 1, scale: 1 / 255, verbose: 0 });
    const other = sequential([layers.conv2d({ inputShape: [4, 16, 1], filters: 1, kernelSize: 1 }), layers.flatten()]);
    other.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    expect(() => other.predict(data)).toThrow(
      /expects samples of shape \[4, 16, 1\]; the Dataset holds images of shape \[8, 8, 1\]/,
    );
  });

  it('saves and loads every image layer (format version 3): same outputs, same weights', async () => {
    const model = sequential({
      seed: 2,
      layers: [
        layers.conv2d({
          inputShape: [6, 6, 2],
          filters: 3,
          kernelSize: [3, 2],
          strides: [1, 2],
          padding: 'same',
          activation: 'leakyRelu',
          activationAlpha: 0.1,
          kernelRegularizer: 'l2',
          kernelConstraint: 'maxNorm',
        }),
        layers.batchNormalization(),
        layers.residual({
          layers: [layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' })],
          activation: 'relu',
          projectionBatchNormalization: true,
        }),
        layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
        layers.maxPooling2d({ poolSize: 1 }),
        layers.flatten(),
        layers.reshape({ targetShape: [2, -1, 1] }),
        layers.globalAveragePooling2d(),
        layers.dense({ units: 2 }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = images([3, 6, 6, 2], 8);
    model.trainOnBatch(x, targets(3, 2, 1));
    const artifacts = await model.save(undefined, { includeOptimizer: true });
    expect(artifacts.modelJson.formatVersion).toBe(3);
    const loaded = await loadModel(artifacts);
    expect(loaded.layers.map((l) => l.getConfig())).toEqual(model.layers.map((l) => l.getConfig()));
    expect(loaded.getWeights().map((w) => [w.name, w.shape])).toEqual(model.getWeights().map((w) => [w.name, w.shape]));
    const block = model.layers[2].name;
    expect(model.getWeights().map((w) => w.name)).toContain(`${block}_projection/kernel`);
    expect(model.getWeights().map((w) => w.name)).toContain(`${block}_projection_bn/moving_variance`);
    expect(Array.from(loaded.snapshotWeights())).toEqual(Array.from(model.snapshotWeights()));
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });
});

describe('tensor(values, shape)', () => {
  it('takes flat values with a shape of any rank, or nested arrays, the batch first', () => {
    const t = tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]);
    expect(t.shape).toEqual([2, 2, 2, 1]);
    expect(t.rows).toBe(2);
    expect(t.cols).toBe(4);
    expect(Array.from(t.row(1))).toEqual([5, 6, 7, 8]);
    expect(t.toArray()).toEqual([
      [
        [[1], [2]],
        [[3], [4]],
      ],
      [
        [[5], [6]],
        [[7], [8]],
      ],
    ]);
    const nested = tensor([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    expect(nested.shape).toEqual([1, 2, 2]);
    expect(tensor([[1, 2]])).toBeInstanceOf(Tensor2D);
    const data = new Float32Array(12);
    expect(tensor(data, [3, 2, 2]).data).toBe(data);
  });

  it('refuses values that do not fill the shape, ragged nesting and non-numbers, naming what came', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow('tensor of shape [2, 2] needs 4 values; got 3');
    expect(() =>
      tensor([
        [1, 2],
        [3, 4, 5],
      ] as never),
    ).toThrow(/needs 4 values; got 5 \(are the nested arrays ragged\?\)/);
    expect(() => tensor([1, 'x'] as never, [1, 2])).toThrow('tensor value 1 is string, not a number');
    expect(() => tensor(new Float32Array(4))).toThrow('tensor(Float32Array) needs a shape');
    expect(() => new Tensor(new Float32Array(4), [2, -2])).toThrow(/non-negative integers; got \[2, -2\]/);
  });
});
