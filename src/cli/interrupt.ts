/**
 * Ctrl-C during `backprop train`: the first SIGINT asks training to stop at the end of the current
 * batch (the CLI then saves what it has and exits with 130, the shell's code for SIGINT); a second one
 * exits at once. fit yields to the event loop between batches, so the signal is seen between them.
 */
import type { Callback } from '../callbacks/callback.js';
import type { Writer } from './progress.js';

/** 128 + SIGINT (2): what a shell reports for a program stopped by Ctrl-C. */
export const INTERRUPTED_EXIT_CODE = 130;

export class TrainingInterrupt {
  requested = false;

  constructor(private readonly err: Writer = process.stderr) {}

  private readonly onSignal = (): void => {
    if (this.requested) {
      this.err.write('backprop: interrupted again: exiting now\n');
      process.exit(INTERRUPTED_EXIT_CODE);
      return;
    }
    this.requested = true;
    this.err.write('\nbackprop: interrupted: stopping after this batch (Ctrl-C again to quit at once)\n');
  };

  install(): this {
    process.on('SIGINT', this.onSignal);
    return this;
  }

  uninstall(): void {
    process.off('SIGINT', this.onSignal);
  }

  /** A fit callback that stops training at the end of the batch after an interrupt. */
  callback(): Callback {
    return {
      onBatchEnd: (_batch, _logs, model) => {
        if (this.requested) model.stopTraining = true;
      },
    };
  }
}
