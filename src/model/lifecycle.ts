import { ModelBusyError, ModelDisposedError } from '../errors.js';

/**
 * Whether a model was disposed, and which operation owns it while that operation runs. fit awaits between
 * batches, so callbacks and other async tasks can reach the model meanwhile; one operation runs at a time.
 */
export class ModelLifecycle {
  /** The operation that owns the model while it runs. */
  private operation: 'fit' | undefined;
  private disposedFlag = false;

  constructor(private readonly modelName: string) {}

  /** Whether dispose() was called. */
  get disposed(): boolean {
    return this.disposedFlag;
  }

  /** Whether fit runs now (predict and evaluate then use a workspace of their own). */
  get fitting(): boolean {
    return this.operation === 'fit';
  }

  /** Throws ModelDisposedError once the model is disposed; `what` names what was attempted. */
  checkNotDisposed(what: string): void {
    if (this.disposedFlag) throw new ModelDisposedError(this.modelName, what);
  }

  /** Throws ModelBusyError while fit runs: `what` would change the state training depends on. */
  checkIdle(what: string): void {
    this.checkNotDisposed(what);
    if (this.operation) throw new ModelBusyError(this.modelName, this.operation, what);
  }

  /** Runs `body` as the operation that owns the model until it settles; the model must be idle. */
  async own<T>(operation: 'fit', body: () => Promise<T>): Promise<T> {
    this.checkIdle(operation);
    this.operation = operation;
    try {
      return await body();
    } finally {
      this.operation = undefined;
    }
  }

  /**
   * Marks the model disposed. Returns false when it already was (disposing twice does nothing); throws
   * ModelBusyError while fit runs.
   */
  dispose(): boolean {
    if (this.disposedFlag) return false;
    this.checkIdle('dispose');
    this.disposedFlag = true;
    return true;
  }
}
