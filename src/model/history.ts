/** What fit returns, as Keras: `epoch` lists the epoch indices, `history[key]` one value per epoch. */
export class History {
  /** The epoch indices, from initialEpoch. */
  readonly epoch: number[] = [];
  /** Per logged key (loss, metrics, val_ ones), its value at the end of each epoch. */
  readonly history: Record<string, number[]> = {};
  /** Per-layer L2 norms of the loss gradient (mean over the epoch's batches), with recordGradientNorms. */
  // No prototype: layer names are the user's, and 'constructor' or '__proto__' must be plain keys here.
  readonly gradientNorms: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  /** fit's settings: epochs, initialEpoch, batchSize, samples, steps, verbose, metrics (the logged keys). */
  params: Record<string, unknown> = {};

  /** @internal Appends an epoch's logs (fit calls it). */
  record(epoch: number, logs: Record<string, number>): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }

  /** @internal Appends a layer's gradient norm for an epoch (fit calls it). */
  recordGradientNorm(layer: string, norm: number): void {
    (this.gradientNorms[layer] ??= []).push(norm);
  }
}
