/** What fit returns, as Keras: `epoch` lists the epoch indices, `history[key]` one value per epoch. */
export class History {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};
  /** Per-layer L2 norms of the loss gradient (mean over the epoch's batches), with recordGradientNorms. */
  readonly gradientNorms: Record<string, number[]> = {};
  params: Record<string, unknown> = {};

  record(epoch: number, logs: Record<string, number>): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
