// Every factory and model method refuses options it cannot use with an error of its own that names what
// was expected and what came, before any of them is read (never a TypeError from deep inside, never a
// layer or initializer silently built from an array or a number).
import { describe, expect, it } from 'vitest';
import { callbacks, getBackend, initializers, layers, loadModel, sequential } from '../../src/index.js';

const NOT_OPTIONS = [null, [], 3, 'x', true, Symbol('s'), () => 1];

function compiled() {
  const model = sequential({ seed: 2, layers: [layers.dense({ inputShape: [2], units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return model;
}

describe('layer factories', () => {
  const factories = {
    dense: '{ units: 8 }',
    activation: "{ activation: 'relu' }",
    dropout: '{ rate: 0.5 }',
    residual: '{ layers: [',
    batchNormalization: '{ momentum',
  } as const;
  for (const [name, example] of Object.entries(factories)) {
    it.each(NOT_OPTIONS.map((v) => [v]))(`layers.${name}(%s) says options must be an object`, (value) => {
      const make = layers[name as keyof typeof layers] as (args: unknown) => unknown;
      expect(() => make(value)).toThrow(`backprop: layers.${name}: options must be an object like ${example}`);
    });
  }

  it('names the value that came, BigInt and Symbol too', () => {
    expect(() => layers.dense(null as never)).toThrow(/; got null$/);
    expect(() => layers.dropout({ rate: 3n as never })).toThrow('rate must be a number in [0, 1); got 3n');
    expect(() => layers.dense({ units: Symbol('u') as never })).toThrow(
      'units must be a positive integer; got Symbol(u)',
    );
    expect(() => layers.dense({ units: 1, activationAlpha: Symbol('a') as never, activation: 'elu' })).toThrow(
      'activation alpha must be a finite number; got Symbol(a)',
    );
  });
});

describe('initializers', () => {
  it('factories refuse options that are not an object, and impossible values', () => {
    expect(() => initializers.randomNormal(null as never)).toThrow(
      'initializers.randomNormal: options must be an object like { mean: 0, stddev: 0.05 }; got null',
    );
    expect(() => initializers.randomUniform([] as never)).toThrow('got []');
    expect(() => initializers.truncatedNormal(3 as never)).toThrow('got 3');
    expect(() => initializers.constant(null as never)).toThrow('initializers.constant: options must be an object');
    expect(() => initializers.randomNormal({ stddev: -1 })).toThrow('randomNormal stddev must be >= 0');
    expect(() => initializers.truncatedNormal({ stddev: -0.5 })).toThrow('truncatedNormal stddev must be >= 0');
    expect(initializers.randomNormal().getConfig()).toEqual({ mean: 0, stddev: 0.05 });
  });

  it('a layer refuses an initializer that is an array or an object without fill/getConfig', () => {
    expect(() => layers.dense({ units: 1, kernelInitializer: [] as never })).toThrow(
      'kernelInitializer: unknown initializer []',
    );
    expect(() => layers.dense({ units: 1, kernelInitializer: { fill: () => {} } as never })).toThrow(
      'an initializer object needs className',
    );
  });
});

describe('model options', () => {
  it('a backend given by name is refused where it is given', async () => {
    const layer = () => layers.dense({ inputShape: [2], units: 1 });
    expect(() => sequential({ layers: [layer()], backend: 'js' as never })).toThrow(
      `backprop: sequential backend must be a backend object (from getBackend() or await loadBackend('js'), not a name); got "js"`,
    );
    expect(() => sequential([layer()]).compile({ optimizer: 'sgd', loss: 'mse', backend: {} as never })).toThrow(
      'compile backend must be a backend object',
    );
    const saved = await compiled().save();
    await expect(loadModel(saved, { backend: 'native' as never })).rejects.toThrow(
      'loadModel backend must be a backend object',
    );
    expect(sequential({ layers: [layer()], backend: getBackend() }).predict([[1, 2]]).shape).toEqual([1, 1]);
  });

  it('setWeights names an entry that is not a weight', () => {
    const model = compiled();
    const n = model.getWeights().length;
    expect(() => model.setWeights(Array.from({ length: n }, () => 'w') as never)).toThrow(
      'backprop: setWeights entry 0 (dense',
    );
    expect(() => model.setWeights([{ values: [1, 2] }, { values: [3n] }] as never)).toThrow(
      /value 0 must be a finite number; got 3n/,
    );
  });

  it('setLearningRate names a value that is not a number', () => {
    expect(() => compiled().setLearningRate(Symbol('lr') as never)).toThrow(
      'backprop: learning rate must be a finite number >= 0; got Symbol(lr)',
    );
  });

  it('summary refuses a line length or positions it cannot lay out', () => {
    const model = compiled();
    for (const bad of [-5, 0, 2.5, NaN, 1e9, '80'])
      expect(() => model.summary(bad as never, undefined, () => {})).toThrow(
        'summary lineLength must be an integer in [1, 10000]',
      );
    expect(() => model.summary(80, [0.5, 2] as never, () => {})).toThrow('summary positions must be 3 column ends');
    expect(() => model.summary(80, undefined, 'print' as never)).toThrow('summary printFn must be a function');
    expect(model.summary(40, undefined, () => {}).split('\n')[1]).toBe('_'.repeat(40));
  });

  it('fit refuses callbacks that are not an array of objects of functions', async () => {
    const model = compiled();
    const fit = (cb: unknown) => model.fit([[1, 2]], [[1]], { epochs: 1, verbose: 0, callbacks: cb as never });
    await expect(fit({})).rejects.toThrow(
      'backprop: fit callbacks must be an array like [callbacks.earlyStopping()]; got {}',
    );
    await expect(fit([{ onEpochEnd: 5 }])).rejects.toThrow(
      'backprop: callbacks[0].onEpochEnd must be a function; got 5',
    );
    await expect(fit([[]])).rejects.toThrow('callbacks[0] must be an object with onEpochEnd etc.; got []');
  });
});

describe('callback options', () => {
  it('earlyStopping, modelCheckpoint and reduceLROnPlateau need a monitor name', () => {
    for (const monitor of [3, {}, '', Symbol('m')]) {
      expect(() => callbacks.earlyStopping({ monitor: monitor as never })).toThrow(
        'earlyStopping monitor must be the name of a logged value',
      );
      expect(() => callbacks.modelCheckpoint({ filepath: () => {}, monitor: monitor as never })).toThrow(
        'modelCheckpoint monitor must be the name of a logged value',
      );
      expect(() => callbacks.reduceLROnPlateau({ monitor: monitor as never })).toThrow(
        'reduceLROnPlateau monitor must be the name of a logged value',
      );
    }
    expect(() => callbacks.earlyStopping({ minDelta: 1n as never })).toThrow(
      'earlyStopping minDelta must be a finite number; got 1n',
    );
    expect(() => callbacks.earlyStopping(null as never)).toThrow('callbacks.earlyStopping: options must be an object');
  });

  it('modelCheckpoint refuses an empty filepath', () => {
    expect(() => callbacks.modelCheckpoint({ filepath: '' })).toThrow(
      'modelCheckpoint needs { filepath: a directory path or (artifacts, epoch) => void }; got filepath: ""',
    );
    expect(() => callbacks.modelCheckpoint(null as never)).toThrow(
      'callbacks.modelCheckpoint: options must be an object',
    );
  });
});
