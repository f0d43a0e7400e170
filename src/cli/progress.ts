/**
 * Training progress for the terminal: a redrawn bar per epoch on a TTY, one plain line per epoch
 * otherwise (logs, CI, pipes), nothing with --quiet. Redraws are throttled so that a fast epoch spends
 * its time training, not writing.
 */

export type ProgressMode = 'bar' | 'lines' | 'quiet';

export interface EpochLogs {
  readonly [key: string]: number | undefined;
}

export interface Writer {
  write(text: string): unknown;
}

const BAR_WIDTH = 28;
const REDRAW_MS = 80;

export class ProgressReporter {
  private epochStart = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    readonly mode: ProgressMode,
    private readonly out: Writer,
    private readonly epochs: number,
    private readonly batchesPerEpoch: number,
    private readonly columns = 100,
  ) {}

  static modeFor(stream: { isTTY?: boolean }, quiet: boolean): ProgressMode {
    if (quiet) return 'quiet';
    return stream.isTTY ? 'bar' : 'lines';
  }

  epochBegin(): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
  }

  /** After each batch (0-based index within the epoch) with the running loss of the epoch. */
  batchEnd(epoch: number, batch: number, loss: number | undefined): void {
    if (this.mode !== 'bar') return;
    const now = performance.now();
    const done = batch + 1;
    if (done < this.batchesPerEpoch && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const filled = Math.round((done / this.batchesPerEpoch) * BAR_WIDTH);
    const bar =
      '='.repeat(Math.max(0, filled - 1)) +
      (filled > 0 ? (done === this.batchesPerEpoch ? '=' : '>') : '') +
      ' '.repeat(BAR_WIDTH - filled);
    const elapsed = (now - this.epochStart) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.batchesPerEpoch - done) : 0;
    const text =
      `${this.epochLabel(epoch)} [${bar}] ${done}/${this.batchesPerEpoch}` +
      (loss !== undefined ? ` loss ${loss.toFixed(4)}` : '') +
      ` eta ${eta.toFixed(1)}s`;
    this.out.write(`\r${text.slice(0, this.columns - 1)}\x1b[K`);
    this.drawn = true;
  }

  epochEnd(epoch: number, logs: EpochLogs): void {
    if (this.mode === 'quiet') return;
    if (this.drawn) {
      this.out.write('\r\x1b[K');
      this.drawn = false;
    }
    const seconds = (performance.now() - this.epochStart) / 1000;
    this.out.write(`${this.epochLabel(epoch)}  ${formatLogs(logs)}  ${seconds.toFixed(2)}s\n`);
  }

  private epochLabel(epoch: number): string {
    const width = String(this.epochs).length;
    return `epoch ${String(epoch + 1).padStart(width)}/${this.epochs}`;
  }
}

/** "loss 0.1234  accuracy 0.9650  val_loss ..." in a fixed order, known keys first. */
export function formatLogs(logs: EpochLogs): string {
  const order = ['loss', 'accuracy', 'acc', 'val_loss', 'val_accuracy', 'val_acc'];
  const keys = [
    ...order.filter((k) => logs[k] !== undefined),
    ...Object.keys(logs).filter((k) => !order.includes(k) && logs[k] !== undefined),
  ];
  return keys.map((k) => `${k} ${(logs[k] as number).toFixed(4)}`).join('  ');
}
