/**
 * Image augmentation for a batch of grey-level 2-D images, in place, from the seeded Random.
 *
 * x: rows x (height * width), row-major images, float32. Each image gets its own random draw of every
 * enabled transform: horizontal/vertical flip (each with probability 1/2), rotation, scaling (zoom),
 * cropping (a random window resized back to full size), translation, then Gaussian noise. The geometric
 * transforms compose into one affine map sampled with bilinear interpolation (pixels from outside the
 * image take `fillValue`), so an image is resampled once, not once per transform.
 */
import { Random } from '../random.js';

export interface AugmentOptions {
  /** [height, width] of each image; every row of the batch holds height * width values. */
  imageShape: readonly [number, number];
  horizontalFlip?: boolean;
  verticalFlip?: boolean;
  /** Largest rotation in degrees: each image turns by a uniform angle in [-rotation, rotation]. */
  rotation?: number;
  /** Zoom: a factor uniform in [1 - scale, 1 + scale] (0.1: 90 % to 110 %). */
  scale?: number;
  /** Crop: a window whose side is a uniform fraction in [1 - crop, 1] of the image, at a random place, resized back. */
  crop?: number;
  /** Largest shift as a fraction of the height and width (Keras RandomTranslation's factor). */
  translation?: number;
  /** Standard deviation of the Gaussian noise added to every pixel. */
  noise?: number;
  /** Value of pixels that come from outside the image. Default 0. */
  fillValue?: number;
  /** Clamp pixels to [low, high] after the noise (for data scaled to [0, 1], say). */
  clip?: readonly [number, number];
}

/** Transforms a batch in place: x holds rows images. */
export type BatchAugmenter = (x: Float32Array, rows: number) => void;

function checkFraction(value: number | undefined, name: string, max: number): number {
  if (value === undefined) return 0;
  if (!(Number.isFinite(value) && value >= 0 && value < max)) {
    throw new RangeError(`backprop: augmentation ${name} must be a number in [0, ${max}); got ${value}`);
  }
  return value;
}

/** Validated options with every default filled in. */
function normalise(options: AugmentOptions): Required<Omit<AugmentOptions, 'clip'>> & { clip?: readonly [number, number] } {
  const shape = options.imageShape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isInteger(s) && s > 0)) {
    throw new RangeError(`backprop: augmentation imageShape must be [height, width] of positive integers; got ${JSON.stringify(shape)}`);
  }
  if (options.clip && !(options.clip[0] < options.clip[1])) {
    throw new RangeError(`backprop: augmentation clip must be [low, high] with low < high; got [${options.clip.join(', ')}]`);
  }
  return {
    imageShape: shape,
    horizontalFlip: options.horizontalFlip ?? false,
    verticalFlip: options.verticalFlip ?? false,
    rotation: checkFraction(options.rotation, 'rotation (degrees)', 360),
    scale: checkFraction(options.scale, 'scale', 1),
    crop: checkFraction(options.crop, 'crop', 1),
    translation: checkFraction(options.translation, 'translation', 1),
    noise: checkFraction(options.noise, 'noise', Infinity),
    fillValue: options.fillValue ?? 0,
    clip: options.clip,
  };
}

/**
 * Augments `rows` images of x in place, drawing from `random`. The same Random state gives the same
 * augmented batch on every backend (no kernel is involved).
 */
export function augmentBatch(x: Float32Array, rows: number, options: AugmentOptions, random: Random): void {
  applyAugmentation(x, rows, normalise(options), random, undefined);
}

/** An augmenter with its own seeded Random, to hand to a training loop: call it on each batch. */
export function imageAugmenter(options: AugmentOptions & { seed?: number }): BatchAugmenter {
  const settings = normalise(options);
  const random = new Random(options.seed ?? 0);
  const [height, width] = settings.imageShape;
  const scratch = new Float32Array(height * width);
  return (x, rows) => applyAugmentation(x, rows, settings, random, scratch);
}

function applyAugmentation(x: Float32Array, rows: number, o: ReturnType<typeof normalise>, random: Random,
  scratch: Float32Array | undefined): void {
  const [height, width] = o.imageShape;
  const size = height * width;
  if (!(Number.isInteger(rows) && rows >= 0)) throw new RangeError(`backprop: augmentation rows must be a non-negative integer; got ${rows}`);
  if (x.length < rows * size) {
    throw new RangeError(`backprop: augmentation: ${rows} images of ${height}x${width} need ${rows * size} values; got ${x.length}`);
  }
  const geometric = o.horizontalFlip || o.verticalFlip || o.rotation > 0 || o.scale > 0 || o.crop > 0 || o.translation > 0;
  const source = scratch ?? new Float32Array(size);
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  for (let r = 0; r < rows; r++) {
    const image = x.subarray(r * size, (r + 1) * size);
    if (geometric) {
      // Draw every parameter in a fixed order, whether or not it changes this image, so one option does
      // not shift the random stream of the others.
      const flipX = o.horizontalFlip && random.next() < 0.5 ? -1 : 1;
      const flipY = o.verticalFlip && random.next() < 0.5 ? -1 : 1;
      const angle = o.rotation > 0 ? random.uniform(-o.rotation, o.rotation) * (Math.PI / 180) : 0;
      const zoom = o.scale > 0 ? random.uniform(1 - o.scale, 1 + o.scale) : 1;
      const window = o.crop > 0 ? random.uniform(1 - o.crop, 1) : 1;
      // The crop window's centre, as an offset from the image centre, keeping the window inside.
      const cropY = o.crop > 0 ? random.uniform(-1, 1) * (1 - window) * cy : 0;
      const cropX = o.crop > 0 ? random.uniform(-1, 1) * (1 - window) * cx : 0;
      const shiftY = o.translation > 0 ? random.uniform(-o.translation, o.translation) * height : 0;
      const shiftX = o.translation > 0 ? random.uniform(-o.translation, o.translation) * width : 0;
      // Output pixel p' (centred) comes from source p = crop(flip(R(-angle) (p' - shift) / zoom)).
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      source.set(image);
      for (let oy = 0; oy < height; oy++) {
        for (let ox = 0; ox < width; ox++) {
          const u = ox - cx - shiftX;
          const v = oy - cy - shiftY;
          const ru = (cos * u + sin * v) / zoom;
          const rv = (-sin * u + cos * v) / zoom;
          const sx = cx + cropX + window * flipX * ru;
          const sy = cy + cropY + window * flipY * rv;
          image[oy * width + ox] = bilinear(source, height, width, sx, sy, o.fillValue);
        }
      }
    }
    if (o.noise > 0) for (let i = 0; i < size; i++) image[i] += random.normal(0, o.noise);
    if (o.clip) {
      const [low, high] = o.clip;
      for (let i = 0; i < size; i++) image[i] = Math.min(high, Math.max(low, image[i]));
    }
  }
}

/** Bilinear sample of a height x width image at (sx, sy); neighbours outside the image read `fill`. */
function bilinear(img: Float32Array, height: number, width: number, sx: number, sy: number, fill: number): number {
  // Snap values within rounding error of a pixel centre, so flips and identity maps are exact.
  const rx = Math.round(sx);
  const ry = Math.round(sy);
  if (Math.abs(sx - rx) < 1e-6) sx = rx;
  if (Math.abs(sy - ry) < 1e-6) sy = ry;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  const at = (y: number, x: number): number => (y >= 0 && y < height && x >= 0 && x < width ? img[y * width + x] : fill);
  const top = fx === 0 ? at(y0, x0) : at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx;
  if (fy === 0) return top;
  const bottom = fx === 0 ? at(y0 + 1, x0) : at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}
