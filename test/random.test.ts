import { describe, expect, it } from 'vitest';
import { Random } from '../src/random.js';

describe('Random (xoshiro128**)', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Random(42),
      b = new Random(42),
      c = new Random(43);
    const xs = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('gives uniform values with the right moments', () => {
    const r = new Random(1);
    const n = 200_000;
    let sum = 0,
      sq = 0;
    for (let i = 0; i < n; i++) {
      const v = r.next();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
      sq += v * v;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('gives normal values with mean 0 and variance 1', () => {
    const r = new Random(2);
    const xs = r.fillNormal(new Float32Array(200_000));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it('int is unbiased over a small range and permutation is a permutation', () => {
    const r = new Random(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(Array.from(r.permutation(50)).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects bad arguments', () => {
    expect(() => new Random(NaN)).toThrow(/finite number/);
    expect(() => new Random(1).int(0)).toThrow(/integer in \[1, 2\^32\]/);
  });
});
