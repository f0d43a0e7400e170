// Ctrl-C during `backprop train` (the built CLI in a child process): training stops at a batch boundary,
// the model is still saved and loads, and the exit code is 130 as a shell reports for SIGINT.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { TrainingInterrupt } from '../../src/cli/interrupt.js';
import { loadModel, tensor2d } from '../../src/index.js';

const BIN = resolve(import.meta.dirname, '../../bin/backprop.js');

/** Runs `backprop train` and sends SIGINT (`count` times) once the first epoch line is out. */
function interruptAfterFirstEpoch(
  args: string[],
  count: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; cwd: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'backprop-sigint-'));
  const child = spawn(process.execPath, [BIN, 'train', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    if (!sent && /^epoch +1\//m.test(stdout)) {
      sent = true;
      for (let i = 0; i < count; i++) child.kill('SIGINT');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stdout, stderr, cwd })));
}

describe('backprop train and Ctrl-C', () => {
  it('stops after the current batch, saves a model that loads, writes the plot and exits with 130', async () => {
    const run = await interruptAfterFirstEpoch(
      ['--data', 'digits', '--epochs', '1000', '--save', 'model', '--plot', 'curve.svg'],
      1,
    );
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    expect(run.stderr).toContain('backprop: interrupted: stopping after this batch (Ctrl-C again to quit at once)');
    expect(run.stdout).toMatch(/^interrupted in epoch \d+ of 1000 after batch \d+; the test part is not evaluated$/m);
    expect(run.stdout).not.toContain('test accuracy');
    expect(run.stdout).not.toMatch(/^epoch +1000\/1000/m);
    expect(run.stdout).toContain('saved: model (model and preprocessing.json)');
    const model = await loadModel(join(run.cwd, 'model'));
    const probabilities = [...model.predict(tensor2d(new Float32Array(64), [1, 64])).data];
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(JSON.parse(readFileSync(join(run.cwd, 'model/preprocessing.json'), 'utf8')).scaler.kind).toBe('standard');
    expect(readFileSync(join(run.cwd, 'curve.svg'), 'utf8')).toContain('interrupted');
  }, 120_000);

  it('a second Ctrl-C exits at once with 130; the callback stops fit only after the first', () => {
    const written: string[] = [];
    const interrupt = new TrainingInterrupt({ write: (text: string) => written.push(text) }).install();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      const model = { stopTraining: false };
      const { onBatchEnd } = interrupt.callback();
      void onBatchEnd!(0, {}, model as never);
      expect(model.stopTraining).toBe(false);
      process.emit('SIGINT', 'SIGINT');
      expect(interrupt.requested).toBe(true);
      expect(exit).not.toHaveBeenCalled();
      void onBatchEnd!(1, {}, model as never);
      expect(model.stopTraining).toBe(true);
      process.emit('SIGINT', 'SIGINT');
      expect(exit).toHaveBeenCalledWith(130);
      expect(written.join('')).toBe(
        '\nbackprop: interrupted: stopping after this batch (Ctrl-C again to quit at once)\n' +
          'backprop: interrupted again: exiting now\n',
      );
    } finally {
      interrupt.uninstall();
      exit.mockRestore();
    }
    expect(process.listeners('SIGINT')).toHaveLength(0);
  });
});
