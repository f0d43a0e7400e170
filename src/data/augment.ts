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

/** The options of imageAugmenter and augmentBatch: which random changes each image gets. */
export interface AugmentOptions {
  /** [height, width] of each image; every row of the batch holds height * width values. */
  imageShape: readonly [number, number];
  /** Mirror each image left-right with probability 1/2. */
  horizontalFlip?: boolean;
  /** Mirror each image top-bottom with probability 1/2. */
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
function normalise(
  options: AugmentOptions,
): Required<Omit<AugmentOptions, 'clip'>> & { clip?: readonly [number, number] } {
  const shape = options.imageShape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isInteger(s) && s > 0)) {
    throw new RangeError(
      `backprop: augmentation imageShape must be [height, width] of positive integers; got ${JSON.stringify(shape)}`,
    );
  }
  if (options.clip && !(options.clip[0] < options.clip[1])) {
    throw new RangeError(
      `backprop: augmentation clip must be [low, high] with low < high; got [${options.clip.join(', ')}]`,
    );
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

function applyAugmentation(
  x: Float32Array,
  rows: number,
  o: ReturnType<typeof normalise>,
  random: Random,
  scratch: Float32Array | undefined,
): void {
  const [height, width] = o.imageShape;
  const size = height * width;
  if (!(Number.isInteger(rows) && rows >= 0))
    throw new RangeError(`backprop: augmentation rows must be a non-negative integer; got ${rows}`);
  if (x.length < rows * size) {
    throw new RangeError(
      `backprop: augmentation: ${rows} images of ${height}x${width} need ${rows * size} values; got ${x.length}`,
    );
  }
  const geometric =
    o.horizontalFlip || o.verticalFlip || o.rotation > 0 || o.scale > 0 || o.crop > 0 || o.translation > 0;
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
      const onlyFlips = o.rotation === 0 && o.scale === 0 && o.crop === 0 && o.translation === 0;
      if (onlyFlips) {
        // Mirroring moves whole pixels: copy them, no resampling.
        if (flipX < 0 || flipY < 0) {
          source.set(image);
          for (let oy = 0; oy < height; oy++) {
            const sy = flipY < 0 ? height - 1 - oy : oy;
            for (let ox = 0; ox < width; ox++)
              image[oy * width + ox] = source[sy * width + (flipX < 0 ? width - 1 - ox : ox)];
          }
        }
      } else {
        resample(
          image,
          source,
          height,
          width,
          flipX,
          flipY,
          angle,
          zoom,
          window,
          cropX,
          cropY,
          shiftX,
          shiftY,
          o.fillValue,
        );
      }
    }
    if (o.noise > 0) for (let i = 0; i < size; i++) image[i] += random.normal(0, o.noise);
    if (o.clip) {
      const [low, high] = o.clip;
      for (let i = 0; i < size; i++) image[i] = Math.min(high, Math.max(low, image[i]));
    }
  }
}

/** One image through the composed affine map, sampled bilinearly; `source` is scratch of the same size. */
function resample(
  image: Float32Array,
  source: Float32Array,
  height: number,
  width: number,
  flipX: number,
  flipY: number,
  angle: number,
  zoom: number,
  window: number,
  cropX: number,
  cropY: number,
  shiftX: number,
  shiftY: number,
  fill: number,
): void {
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  // Output pixel p' (centred) comes from source p = crop(flip(R(-angle) (p' - shift) / zoom)). The map
  // is affine, so the source point moves by a fixed step per output column.
  const cos = Math.cos(angle) / zoom;
  const sin = Math.sin(angle) / zoom;
  const ax = window * flipX;
  const ay = window * flipY;
  const stepX = ax * cos;
  const stepY = -ay * sin;
  source.set(image);
  for (let oy = 0; oy < height; oy++) {
    const u0 = -cx - shiftX;
    const v = oy - cy - shiftY;
    let sx = cx + cropX + ax * (cos * u0 + sin * v);
    let sy = cy + cropY + ay * (-sin * u0 + cos * v);
    for (let ox = 0; ox < width; ox++, sx += stepX, sy += stepY)
      image[oy * width + ox] = bilinear(source, height, width, sx, sy, fill);
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
  // Written out rather than through a helper closure: this runs once per pixel of every image.
  const inX0 = x0 >= 0 && x0 < width;
  const inX1 = x0 + 1 >= 0 && x0 + 1 < width;
  const inY0 = y0 >= 0 && y0 < height;
  const inY1 = y0 + 1 >= 0 && y0 + 1 < height;
  const row0 = y0 * width;
  const row1 = row0 + width;
  const p00 = inY0 && inX0 ? img[row0 + x0] : fill;
  const p01 = fx !== 0 ? (inY0 && inX1 ? img[row0 + x0 + 1] : fill) : 0;
  const top = fx === 0 ? p00 : p00 * (1 - fx) + p01 * fx;
  if (fy === 0) return top;
  const p10 = inY1 && inX0 ? img[row1 + x0] : fill;
  const p11 = fx !== 0 ? (inY1 && inX1 ? img[row1 + x0 + 1] : fill) : 0;
  const bottom = fx === 0 ? p10 : p10 * (1 - fx) + p11 * fx;
  return top * (1 - fy) + bottom * fy;
}
