// The rules of a model's life that Sequential keeps: layers are added only until an engine lays out their
// weights (the first compile, fit, predict or weight access); a model without layers, or not yet compiled,
import { describeValue } from '../../src/describe-value.js';
// says what is missing; compile given another backend moves the weights there; a failed compile changes
// nothing; sequential() refuses arguments it cannot use.
import { describe, expect, it } from 'vitest';
import { ConfigError, layers, loadAvailableBackends, sequential } from '../../src/index.js';

function twoLayers(name = 'm') {
  const hidden = layers.dense({ inputShape: [2], units: 3, activation: 'relu' });
  return sequential({ name, seed: 5, layers: [hidden, layers.dense({ units: 2 })] });
}

describe('adding layers', () => {
  it('is allowed until the model is built, then refused naming the model', () => {
    for (const build of [
      (m: ReturnType<typeof twoLayers>) => m.predict([[1, 2]]),
      (m: ReturnType<typeof twoLayers>) => m.compile({ optimizer: 'sgd', loss: 'mse' }),
      (m: ReturnType<typeof twoLayers>) => m.getWeights(),
    ]) {
      const model = twoLayers();
      model.add(layers.dense({ units: 4 }));
      build(model);
      const late = () => model.add(layers.dense({ units: 1 }));
      expect(late).toThrow(ConfigError);
      expect(late).toThrow('backprop: model m is already built; add layers before compile, fit or predict');
      expect(model.layers.map((l) => l.units)).toEqual([3, 2, 4]);
    }
  });

  it('refuses what is not a layer, before anything else', () => {
    const model = twoLayers();
    model.predict([[1, 2]]);
    expect(() => model.add(3 as never)).toThrow(
      'backprop: model m: add() takes a layer (layers.dense(...), ...); got number',
    );
  });

  it('stays allowed when building failed (too many parameters): nothing was laid out', () => {
    const huge = layers.dense({ inputShape: [20_000], units: 20_000 });
    const model = sequential({ name: 'huge', seed: 1, layers: [huge] });
    expect(() => model.getWeights()).toThrow(
      'backprop: model huge has 400020000 parameters; at most 268435456 are supported',
    );
    expect(() => model.add(layers.dense({ units: 1 }))).not.toThrow();
  });
});

describe('a model without layers', () => {
  const empty = () => sequential({ name: 'empty', seed: 1 });

  it('refuses compile, saying to add layers first (a compile argument that is no object is named first)', () => {
    expect(() => empty().compile({ optimizer: 'sgd', loss: 'mse' })).toThrow(ConfigError);
    const compile = () => empty().compile({ optimizer: 'sgd', loss: 'mse' });
    expect(compile).toThrow('backprop: model empty has no layers; add layers before compile');
    expect(() => empty().compile(null as never)).toThrow(
      new TypeError('backprop: compile needs { optimizer, loss, metrics? }'),
    );
  });

  it('refuses to be built', () => {
    for (const use of [(m: ReturnType<typeof empty>) => m.getWeights(), (m: ReturnType<typeof empty>) => m.backend]) {
      expect(() => use(empty())).toThrow(ConfigError);
      expect(() => use(empty())).toThrow('backprop: model empty has no layers');
    }
  });
});

describe('a model not compiled', () => {
  const x = [[1, 2]];
  const y = [[1, 0]];
  const message = (what: string) =>
    `backprop: model m must be compiled before ${what}: call model.compile({ optimizer, loss })`;

  it('refuses training, evaluation and the learning rate, naming what needed it', async () => {
    const model = twoLayers();
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(message('fit'));
    await expect(model.evaluate(x, y)).rejects.toThrow(message('evaluate'));
    expect(() => model.trainOnBatch(x, y)).toThrow(message('trainOnBatch'));
    expect(() => model.getLearningRate()).toThrow(message('reading the learning rate'));
    expect(() => model.setLearningRate(0.1)).toThrow(message('setting the learning rate'));
    expect(() => model.gradientProbe()).toThrow(message('a gradient check'));
  });

  it('predicts (a fit that failed leaves it free for the next one)', async () => {
    const model = twoLayers();
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(ConfigError);
    expect(model.predict(x).shape).toEqual([1, 2]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(model.fit(x, y, { verbose: 0 })).resolves.toBeDefined();
  });
});

describe('compile', () => {
  it('that fails changes nothing: the last compile stays', () => {
    const model = twoLayers();
    model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const { loss, optimizer, metrics, metricNames } = model;
    expect(() => model.compile({ optimizer: 'sgd', loss: 'noSuchLoss' })).toThrow(/noSuchLoss/);
    expect(() => model.compile({ optimizer: 'sgd', loss: 'mse', metrics: 'mae' as never })).toThrow(
      'compile metrics must be an array of names; got "mae"',
    );
    const now = [model.loss, model.optimizer, model.metrics, model.metricNames];
    expect(now).toEqual([loss, optimizer, metrics, metricNames]);
    expect(model.getLearningRate()).toBe(optimizer!.currentLearningRate());
  });

  it('given another backend moves the weights there; a later compile without one stays there', async () => {
    const backends = await loadAvailableBackends();
    expect(backends.length).toBeGreaterThanOrEqual(2);
    const [first, second] = backends;
    const stack = [layers.dense({ inputShape: [2], units: 3 }), layers.batchNormalization()];
    const model = sequential({ seed: 9, backend: first, layers: stack });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    model.trainOnBatch(
      [
        [1, 2],
        [3, -1],
      ],
      [
        [1, 0, 2],
        [0, 1, 1],
      ],
    );
    const weights = model.getWeights();
    model.compile({ optimizer: 'sgd', loss: 'mse', backend: second });
    expect(model.backend).toBe(second);
    expect(model.getWeights()).toEqual(weights);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    expect(model.backend).toBe(second);
    expect(model.getWeights()).toEqual(weights);
  });
});

describe('sequential() arguments', () => {
  it('refuses what is not an array or an options object, and a seed that is not a finite number', () => {
    expect(() => sequential(null as never)).toThrow(
      new TypeError('backprop: sequential takes an array of layers or { layers, name, seed }'),
    );
    expect(() => sequential({ seed: Number.NaN })).toThrow(
      new TypeError('backprop: the model seed must be a finite number; got NaN'),
    );
    expect(() => sequential({ seed: '1' as never })).toThrow('the model seed must be a finite number; got "1"');
  });

  it('refuses a model name that is not a string (it names the model in errors, summaries and saved files)', () => {
    for (const name of [42, { toString: () => 'x' }, ['a']]) {
      expect(() => sequential({ name: name as never })).toThrow(
        new TypeError(`backprop: the model name must be a string; got ${describeValue(name)}`),
      );
    }
    expect(sequential({ name: 'classifier' }).name).toBe('classifier');
  });

  it('names the model "sequential" and draws a 32-bit seed when none is given', () => {
    const model = sequential([layers.dense({ inputShape: [1], units: 1 })]);
    expect(model.name).toBe('sequential');
    expect(Number.isInteger(model.seed) && model.seed >= 0 && model.seed < 2 ** 32).toBe(true);
  });
});
