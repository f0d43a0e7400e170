/** What fit returns, as Keras: `epoch` lists the epoch indices, `history[key]` one value per epoch. */
export class History {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};
  /** Per-layer L2 norms of the loss gradient (mean over the epoch's batches), with recordGradientNorms. */
  // No prototype: layer names are the user's, and 'constructor' or '__proto__' must be plain keys here.
  readonly gradientNorms: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  params: Record<string, unknown> = {};

  record(epoch: number, logs: Record<string, number>): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }

  recordGradientNorm(layer: string, norm: number): void {
    (this.gradientNorms[layer] ??= []).push(norm);
  }
}
