import type { Backend } from '../backends/contract.js';
import { getBackend } from '../backends/current.js';
import { ConfigError } from '../errors.js';
import { Engine, type ModelRuntime, type Training } from './engine.js';
import type { LayerStack } from './layer-stack.js';
import type { ModelLifecycle } from './lifecycle.js';
import { restoreWeightValues, snapshotWeightValues } from './weights.js';

/**
 * A model's engine, the training it was compiled with, and the runtimes for inference. The engine is built on
 * first use, on the preferred backend (the model's or compile's backend option) or else the active one; moved
 * to another backend, it is built again there with the weights and the compiled training carried over.
 */
export class EngineSlot {
  private engine: Engine | undefined;
  /** The loss route, optimizer and metrics of the last compile (they outlive a move to another backend). */
  private training: Training | undefined;

  /** `lifecycle` refuses the engine to a disposed model. */
  constructor(
    private readonly stack: LayerStack,
    private readonly seed: number,
    private preferredBackend: Backend | undefined,
    private readonly lifecycle: ModelLifecycle,
  ) {}

  /** The engine, built on first use; throws ModelDisposedError once the model is disposed. */
  get(): Engine {
    this.lifecycle.checkNotDisposed('use');
    return this.engine ?? this.build(this.preferredBackend ?? getBackend());
  }

  /** The engine on `backend`, which becomes the preferred one (undefined: wherever it is). */
  moveTo(backend: Backend | undefined): Engine {
    if (!backend) return this.get();
    this.lifecycle.checkNotDisposed('use');
    this.preferredBackend = backend;
    return this.engine?.backend === backend ? this.engine : this.build(backend);
  }

  /**
   * A runtime for predict or evaluate over `rows` rows, `batchSize` at a time: while fit runs (from a
   * callback) in a workspace of its own, so that the training batch and its random stream are untouched.
   */
  inference(batchSize: number, rows: number): ModelRuntime {
    return this.get().inference(Math.min(batchSize, rows), this.lifecycle.fitting);
  }

  /** Compiles the engine for `training`: a new optimizer starts from fresh state (as a Keras recompile). */
  compile(training: Training): void {
    this.training = training;
    this.get().compile(training);
  }

  /** The last compile's training; throws ConfigError, naming `what` needed it, before any compile. */
  requireCompiled(what: string): Training {
    if (!this.training) {
      const howTo = 'call model.compile({ optimizer, loss })';
      throw new ConfigError(`backprop: model ${this.stack.modelName} must be compiled before ${what}: ${howTo}`);
    }
    return this.training;
  }

  /** Frees the engine's backend memory (on dispose, and before a move builds the engine again). */
  free(): void {
    this.engine?.free();
    this.engine = undefined;
  }

  /** Builds the engine on `backend`, with the weights of the engine it replaces or else initial ones. */
  private build(backend: Backend): Engine {
    // inputUnits throws ConfigError when there are no layers.
    const { modelName, layers, inputUnits, outputUnits } = this.stack;
    const carried = this.engine ? snapshotWeightValues(this.engine) : undefined;
    this.free();
    const engine = new Engine(backend, modelName, layers, this.stack.weights(), inputUnits, outputUnits, this.seed);
    this.engine = engine;
    this.stack.seal();
    if (carried) restoreWeightValues(engine, modelName, carried);
    else engine.initializeWeights();
    if (this.training) engine.compile(this.training);
    return engine;
  }
}
