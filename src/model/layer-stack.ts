import { Layer } from '../layers/layer.js';
import { listWeights, type NamedWeight, type WeightLists } from './engine.js';
import type { Tensor2D, TensorLike } from '../tensor.js';
import { checkFeatures, checkTargets } from './data.js';
import { ConfigError } from '../errors.js';

/**
 * The layers of a sequential model in order: each is built for the width of the one before it, every name
 * (nested layers' too) is unique, and the weight lists are made once for the layers there are.
 */
/** How many values a model holds (Sequential.countParams). */
export interface ParamCounts {
  /** The number of trainable parameters. */
  trainable: number;
  /** The number of non-trainable values (running statistics). */
  nonTrainable: number;
}

export class LayerStack {
  readonly layers: Layer[] = [];
  /** The last layer's width. */
  outputUnits = 0;
  /** The shape of one sample of the last layer's output. */
  outputShape: readonly number[] = [];
  /** Names of every layer added so far (nested ones too), so add() checks uniqueness in constant time. */
  private readonly names = new Set<string>();
  private weightLists: WeightLists | undefined;
  /** Set once an engine has laid out the weights of these layers: no layer may be added after. */
  private sealed = false;

  constructor(readonly modelName: string) {}

  /** Throws unless `value` is a layer. */
  private checkLayer(value: unknown): asserts value is Layer {
    if (!(value instanceof Layer)) {
      throw new TypeError(
        `backprop: model ${this.modelName}: add() takes a layer (layers.dense(...), ...); got ${value === null ? 'null' : typeof value}`,
      );
    }
  }

  /** Appends a layer; its input width comes from the previous layer (or its own inputShape). */
  add(layer: Layer): void {
    this.checkLayer(layer);
    if (this.sealed) {
      const message = 'is already built; add layers before compile, fit or predict';
      throw new ConfigError(`backprop: model ${this.modelName} ${message}`);
    }
    const seen = new Set<string>();
    for (const l of flatten([layer])) {
      if (this.names.has(l.name) || seen.has(l.name)) {
        throw new ConfigError(
          `backprop: model ${this.modelName} already has a layer named ${l.name}; layer names must be unique`,
        );
      }
      seen.add(l.name);
    }
    if (this.layers.length === 0) {
      if (layer.declaredInputShape === undefined) {
        throw new ConfigError(
          `backprop: layer ${layer.name} is the first layer of model ${this.modelName} and needs inputShape: [features] (or [height, width, channels])`,
        );
      }
      this.outputShape = layer.build(layer.declaredInputShape);
    } else {
      this.outputShape = layer.build(this.outputShape);
    }
    this.outputUnits = layer.units;
    this.layers.push(layer);
    this.weightLists = undefined;
    for (const name of seen) this.names.add(name);
  }

  /** Refuses any further layer: an engine lays out the weights of the layers there are now. */
  seal(): void {
    this.sealed = true;
  }

  get inputUnits(): number {
    if (this.layers.length === 0) throw new ConfigError(`backprop: model ${this.modelName} has no layers`);
    return this.layers[0].inputUnits;
  }

  /** The shape of one input sample (the first layer's). */
  get inputShape(): readonly number[] {
    if (this.layers.length === 0) throw new ConfigError(`backprop: model ${this.modelName} has no layers`);
    return this.layers[0].inputShape;
  }

  get first(): Layer {
    return this.layers[0];
  }

  get last(): Layer {
    return this.layers[this.layers.length - 1];
  }

  /**
   * Checks features against the first layer and targets (class indices when `sparse`) against the last;
   * `what` names them in errors.
   */
  checkData(
    x: TensorLike,
    y: TensorLike | number[],
    sparse: boolean,
    what: 'x' | 'validationData',
  ): [Tensor2D, Tensor2D] {
    const X = checkFeatures(x, this.inputShape, this.first.name, what === 'x' ? 'x' : 'validationData x');
    return [
      X,
      checkTargets(y, X.rows, this.outputUnits, sparse, this.last.name, what === 'x' ? 'y' : 'validationData y'),
    ];
  }

  /** Every layer, nested ones (residual blocks) before their block, in weight order. */
  allLayers(): Layer[] {
    return flatten(this.layers);
  }

  /** Every weight, trainable and not, each list in the order of its flat buffer. */
  weights(): WeightLists {
    this.weightLists ??= listWeights(this.allLayers());
    return this.weightLists;
  }

  countParams(): ParamCounts {
    const sum = (weights: readonly NamedWeight[]): number =>
      weights.reduce((total, { weight }) => total + weight.size, 0);
    const { trainable, nonTrainable } = this.weights();
    return { trainable: sum(trainable), nonTrainable: sum(nonTrainable) };
  }
}

function flatten(layers: readonly Layer[]): Layer[] {
  return layers.flatMap((l) => [...flatten(l.sublayers()), l]);
}
