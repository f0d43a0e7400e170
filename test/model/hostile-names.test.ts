// Names read from a saved model (layer, initializer, activation, loss, optimizer, regularizer and
// constraint classes) are looked up as own entries only: a name that every plain object inherits
// ('__proto__', 'constructor', 'toString', ...) is an unknown name and gives ModelFormatError, never a
// raw TypeError from calling what Object.prototype holds.
import { describe, expect, it } from 'vitest';
import {
  layers,
  loadModel,
  ModelFormatError,
  optimizers,
  regularizers,
  constraints,
  sequential,
  type ModelArtifacts,
} from '../../src/index.js';

const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

async function artifacts(): Promise<ModelArtifacts> {
  const model = sequential({
    seed: 3,
    layers: [
      layers.dense({
        inputShape: [3],
        units: 4,
        activation: 'relu',
        kernelRegularizer: regularizers.l2(),
        kernelConstraint: constraints.maxNorm(),
      }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: optimizers.adam(), loss: 'categoricalCrossentropy' });
  return model.save();
}

// The tests write into arbitrary paths of a parsed model.json.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** Each way to put a name from the file where the loader looks it up. */
const PLACES: Record<string, (json: Json, name: string) => void> = {
  'layer className': (json, name) => {
    json.modelTopology.config.layers[1].className = name;
  },
  'initializer className': (json, name) => {
    json.modelTopology.config.layers[0].config.kernelInitializer.className = name;
  },
  activation: (json, name) => {
    json.modelTopology.config.layers[1].config.activation = name;
  },
  'regularizer className': (json, name) => {
    json.modelTopology.config.layers[0].config.kernelRegularizer.className = name;
  },
  'constraint className': (json, name) => {
    json.modelTopology.config.layers[0].config.kernelConstraint.className = name;
  },
  'loss name': (json, name) => {
    json.trainingConfig.loss.name = name;
  },
  'optimizer className': (json, name) => {
    json.trainingConfig.optimizer.className = name;
  },
};

describe('names inherited from Object.prototype are unknown names in a saved model', async () => {
  const saved = await artifacts();
  for (const [place, put] of Object.entries(PLACES)) {
    it.each(INHERITED)(`${place} %s gives ModelFormatError`, async (name) => {
      const json = structuredClone(saved.modelJson) as unknown as Json;
      put(json, name);
      const error = await loadModel({ modelJson: json as never, weights: saved.weights }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModelFormatError);
      expect((error as Error).message).toContain(JSON.stringify(name));
    });
  }

  it('a config key "__proto__" is a plain ignored field, not a new prototype for the options', async () => {
    const text = JSON.stringify(saved.modelJson).replace(
      '"units":2,',
      '"units":2,"__proto__":{"kernelRegularizer":{"className":"L1L2","l1":0,"l2":5}},',
    );
    expect(text).toContain('"__proto__"');
    const loaded = await loadModel({ modelJson: JSON.parse(text), weights: saved.weights });
    expect(loaded.layers[1].getConfig()).not.toHaveProperty('kernelRegularizer');
  });
});

describe('names inherited from Object.prototype are unknown names in the API', () => {
  const model = (): ReturnType<typeof sequential> =>
    sequential({ layers: [layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] });
  it.each(INHERITED)('loss, optimizer, initializer and activation %s are rejected by name', (name) => {
    expect(() => model().compile({ optimizer: 'sgd', loss: name })).toThrow(/unknown loss/);
    expect(() => model().compile({ optimizer: name, loss: 'mse' })).toThrow(/unknown optimizer/);
    expect(() => layers.dense({ units: 2, kernelInitializer: name })).toThrow(/unknown initializer/);
    expect(() => layers.dense({ units: 2, activation: name as never })).toThrow(/unknown activation/);
  });
});

describe('layer names inherited from Object.prototype are plain keys in history.gradientNorms', () => {
  it.each(INHERITED)('a layer named %s records its gradient norms', async (name) => {
    const model = sequential({ seed: 1, layers: [layers.dense({ name, inputShape: [2], units: 1 })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const history = await model.fit(
      [
        [1, 2],
        [3, 4],
      ],
      [[1], [0]],
      { epochs: 2, recordGradientNorms: true, verbose: 0 },
    );
    expect(Object.keys(history.gradientNorms)).toEqual([name]);
    expect(history.gradientNorms[name]).toHaveLength(2);
    expect(history.gradientNorms[name].every((n) => Number.isFinite(n) && n > 0)).toBe(true);
  });
});
