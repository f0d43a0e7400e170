import { describe, expect, it } from 'vitest';
import { augmentBatch, imageAugmenter } from '../../src/data/augment.js';
import { Random } from '../../src/random.js';

// Two 3x4 images with distinct pixels.
function batch(): Float32Array {
  return Float32Array.from({ length: 24 }, (_, i) => i + 1);
}

function rowsOf(image: Float32Array, width: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < image.length / width; r++) out.push([...image.subarray(r * width, (r + 1) * width)]);
  return out;
}

describe('image augmentation', () => {
  it('flips horizontally or vertically, exactly, about half the time', () => {
    let flipped = 0;
    const random = new Random(5);
    for (let trial = 0; trial < 200; trial++) {
      const x = batch();
      augmentBatch(x, 2, { imageShape: [3, 4], horizontalFlip: true }, random);
      const first = rowsOf(x.subarray(0, 12), 4);
      const original = rowsOf(batch().subarray(0, 12), 4);
      const mirrored = original.map((row) => [...row].reverse());
      expect([original, mirrored]).toContainEqual(first);
      if (JSON.stringify(first) === JSON.stringify(mirrored)) flipped++;
    }
    expect(flipped).toBeGreaterThan(70);
    expect(flipped).toBeLessThan(130);
    const x = batch();
    // With one seed that flips the first image vertically, rows swap top to bottom.
    for (let seed = 0; ; seed++) {
      x.set(batch());
      augmentBatch(x, 1, { imageShape: [3, 4], verticalFlip: true }, new Random(seed));
      if (x[0] !== 1) break;
    }
    expect(rowsOf(x.subarray(0, 12), 4)).toEqual(rowsOf(batch().subarray(0, 12), 4).reverse());
  });

  it('rotates by the drawn angle about the centre', () => {
    // A horizontal bar through the centre of a 21x21 image; after rotation its principal axis must lie
    // at the angle the generator drew (the first draw when only rotation is enabled).
    const size = 21;
    for (let seed = 0; seed < 6; seed++) {
      const x = new Float32Array(size * size);
      for (let c = 2; c < 19; c++) x[10 * size + c] = 1;
      augmentBatch(x, 1, { imageShape: [size, size], rotation: 80 }, new Random(seed));
      const expected = Math.abs(new Random(seed).uniform(-80, 80));
      let total = 0,
        my = 0,
        mx = 0;
      x.forEach((v, i) => {
        total += v;
        my += v * Math.floor(i / size);
        mx += v * (i % size);
      });
      my /= total;
      mx /= total;
      let vxx = 0,
        vyy = 0,
        vxy = 0;
      x.forEach((v, i) => {
        const dy = Math.floor(i / size) - my,
          dx = (i % size) - mx;
        vxx += v * dx * dx;
        vyy += v * dy * dy;
        vxy += v * dx * dy;
      });
      const axis = Math.abs((0.5 * Math.atan2(2 * vxy, vxx - vyy) * 180) / Math.PI);
      expect(my).toBeCloseTo(10, 0);
      expect(mx).toBeCloseTo(10, 0);
      expect(Math.abs(axis - expected)).toBeLessThan(3);
    }
  });

  it('keeps the centre of mass under zoom and moves it under translation', () => {
    const size = 15;
    const image = new Float32Array(size * size);
    for (let r = 5; r < 10; r++) for (let c = 5; c < 10; c++) image[r * size + c] = 1;
    const centre = (img: Float32Array): [number, number] => {
      let total = 0,
        cy = 0,
        cx = 0;
      img.forEach((v, i) => {
        total += v;
        cy += v * Math.floor(i / size);
        cx += v * (i % size);
      });
      return [cy / total, cx / total];
    };
    const zoomed = Float32Array.from(image);
    augmentBatch(zoomed, 1, { imageShape: [size, size], scale: 0.3 }, new Random(2));
    expect(centre(zoomed)[0]).toBeCloseTo(7, 5);
    expect(centre(zoomed)[1]).toBeCloseTo(7, 5);
    let moved = false;
    for (let seed = 0; seed < 5; seed++) {
      const shifted = Float32Array.from(image);
      augmentBatch(shifted, 1, { imageShape: [size, size], translation: 0.2 }, new Random(seed));
      const [cy, cx] = centre(shifted);
      expect(Math.abs(cy - 7)).toBeLessThanOrEqual(0.2 * size + 1e-9);
      expect(Math.abs(cx - 7)).toBeLessThanOrEqual(0.2 * size + 1e-9);
      if (Math.abs(cy - 7) > 0.5 || Math.abs(cx - 7) > 0.5) moved = true;
    }
    expect(moved).toBe(true);
  });

  it('crops and rotates, keeping values within the original range', () => {
    const x = Float32Array.from({ length: 2 * 64 }, (_, i) => (i % 64) / 63);
    augmentBatch(x, 2, { imageShape: [8, 8], crop: 0.3, rotation: 20 }, new Random(9));
    for (const v of x) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1 + 1e-6);
    }
    expect([...x.subarray(0, 64)]).not.toEqual(Array.from({ length: 64 }, (_, i) => i / 63));
  });

  it('adds Gaussian noise of the requested spread, and clips', () => {
    const x = new Float32Array(4000);
    augmentBatch(x, 1, { imageShape: [40, 100], noise: 0.5 }, new Random(3));
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const std = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(std).toBeGreaterThan(0.45);
    expect(std).toBeLessThan(0.55);
    augmentBatch(x, 1, { imageShape: [40, 100], noise: 0.5, clip: [0, 1] }, new Random(3));
    expect(Math.min(...x)).toBe(0);
    expect(Math.max(...x)).toBe(1);
  });

  it('is reproducible from the seed and rejects bad options', () => {
    const options = { imageShape: [3, 4] as const, horizontalFlip: true, rotation: 15, noise: 0.1, seed: 4 };
    const a = batch();
    const b = batch();
    imageAugmenter(options)(a, 2);
    imageAugmenter(options)(b, 2);
    expect([...a]).toEqual([...b]);
    expect(() => augmentBatch(batch(), 3, { imageShape: [3, 4] }, new Random())).toThrow(
      '3 images of 3x4 need 36 values; got 24',
    );
    expect(() => imageAugmenter({ imageShape: [3, 0] })).toThrow('imageShape must be [height, width]');
    expect(() => imageAugmenter({ imageShape: [3, 4], scale: 1.5 })).toThrow(
      'scale must be a number in [0, 1); got 1.5',
    );
  });
});
