import { describe, expect, it } from 'vitest';
import { niceTicks, trainingCurveSvg } from '../../src/cli/plot.js';
import { ProgressReporter, formatLogs } from '../../src/cli/progress.js';

describe('training-curve SVG', () => {
  it('draws loss and accuracy panels with a line per series, scaled into the plot area', () => {
    const svg = trainingCurveSvg(
      { loss: [1.2, 0.6, 0.3], val_loss: [1.3, 0.7, 0.5], accuracy: [0.5, 0.8, 0.9], val_accuracy: [0.45, 0.75, 0.85] },
      'a <title>',
    );
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('a &lt;title&gt;');
    const lines = [...svg.matchAll(/<polyline class="series" data-label="([^"]+)"[^>]*points="([^"]+)"/g)];
    expect(lines.map((m) => m[1])).toEqual(['training', 'validation', 'training', 'validation']);
    for (const [, , points] of lines) {
      const xy = points.split(' ').map((p) => p.split(',').map(Number));
      expect(xy).toHaveLength(3);
      for (const [x, y] of xy) {
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(840);
        expect(y).toBeGreaterThan(30);
        expect(y).toBeLessThan(300);
      }
      // x increases with the epoch.
      expect(xy[0][0]).toBeLessThan(xy[1][0]);
    }
    // Loss falls, so its line rises on screen (SVG y grows downwards).
    const loss = lines[0][2].split(' ').map((p) => Number(p.split(',')[1]));
    expect(loss[0]).toBeLessThan(loss[2]);
  });

  it('copes with one epoch and missing validation', () => {
    const svg = trainingCurveSvg({ loss: [0.5], accuracy: [0.9] });
    expect(svg).toContain('<circle class="series" data-label="training"');
    expect(svg).not.toContain('validation');
  });

  it('picks round tick values', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.13, 2.4)).toEqual([0.5, 1, 1.5, 2]);
  });
});

describe('progress', () => {
  const sink = () => {
    const chunks: string[] = [];
    return { chunks, write: (t: string) => chunks.push(t) };
  };

  it('draws a bar on a TTY and ends each epoch with one line', () => {
    const out = sink();
    const p = new ProgressReporter('bar', out, 2, 4);
    p.epochBegin();
    for (let b = 0; b < 4; b++) p.batchEnd(0, b, 0.5);
    p.epochEnd(0, { loss: 0.5, accuracy: 0.75, val_loss: 0.6, val_accuracy: 0.7 });
    const text = out.chunks.join('');
    expect(text).toContain('\r');
    expect(text).toContain('[============================] 4/4');
    expect(text).toMatch(
      /epoch 1\/2 {2}loss 0\.5000 {2}accuracy 0\.7500 {2}val_loss 0\.6000 {2}val_accuracy 0\.7000 {2}\d+\.\d\ds\n$/,
    );
  });

  it('prints plain lines without a TTY and nothing when quiet', () => {
    const lines = sink();
    const p = new ProgressReporter(ProgressReporter.modeFor({ isTTY: false }, false), lines, 1, 2);
    p.epochBegin();
    p.batchEnd(0, 0, 1);
    p.epochEnd(0, { loss: 1 });
    expect(lines.chunks.join('')).not.toContain('\r');
    expect(lines.chunks).toHaveLength(1);
    const quiet = sink();
    const q = new ProgressReporter(ProgressReporter.modeFor({ isTTY: true }, true), quiet, 1, 2);
    q.epochBegin();
    q.batchEnd(0, 1, 1);
    q.epochEnd(0, { loss: 1 });
    expect(quiet.chunks).toEqual([]);
    expect(formatLogs({ val_loss: 2, loss: 1, mae: 3 })).toBe('loss 1.0000  val_loss 2.0000  mae 3.0000');
  });
});
