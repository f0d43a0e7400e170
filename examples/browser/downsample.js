// A drawing turned into the data set's own form. The UCI optical digits were made so (Alpaydin and
// Kaynak, 1998, the data set's description): each digit's bitmap normalised to 32x32, then the "on"
// pixels counted in each of the 8x8 non-overlapping 4x4 blocks, giving 64 values from 0 to 16.
// Here: the drawing's ink is cropped to its bounding box, scaled to fit 32x32 (keeping its aspect ratio,
// centred), a pixel is on when at least half of the area it covers is ink, and the blocks are counted.

/**
 * @param {Float32Array} darkness width x height values in [0, 1], row by row (1 = ink)
 * @returns {Float32Array | undefined} 64 values 0-16, or undefined when nothing is drawn
 */
export function downsample(darkness, width, height) {
  let x0 = width,
    y0 = height,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (darkness[y * width + x] > 0.5) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return undefined;
  const side = Math.max(x1 - x0 + 1, y1 - y0 + 1);
  // The square of that side around the box's centre, mapped onto 32x32.
  const cx = (x0 + x1 + 1) / 2,
    cy = (y0 + y1 + 1) / 2;
  const step = side / 32;
  const blocks = new Float32Array(64);
  for (let by = 0; by < 32; by++) {
    for (let bx = 0; bx < 32; bx++) {
      // The mean darkness over the source area of this 32x32 pixel.
      const sx0 = cx - side / 2 + bx * step,
        sy0 = cy - side / 2 + by * step;
      let sum = 0,
        count = 0;
      for (let y = Math.floor(sy0); y < Math.ceil(sy0 + step); y++) {
        for (let x = Math.floor(sx0); x < Math.ceil(sx0 + step); x++) {
          count++;
          if (x >= 0 && x < width && y >= 0 && y < height) sum += darkness[y * width + x];
        }
      }
      if (count > 0 && sum / count >= 0.5) blocks[(by >> 2) * 8 + (bx >> 2)] += 1;
    }
  }
  return blocks;
}
