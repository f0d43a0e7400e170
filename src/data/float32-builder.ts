/**
 * A Float32Array built one value at a time when the final length may be unknown (rows streamed from a
 * file). With a good `expected` length (counted beforehand), the values fill one array that is returned
 * as it is: the peak is the data once. Values beyond it (or all of them, without one) go into 4 MiB
 * blocks that `finish` copies into one array of the exact length: the peak is then the data twice, where
 * doubling a single array would peak at three times and end with unused capacity.
 */
const BLOCK = 1 << 20;

export class Float32Builder {
  private readonly blocks: Float32Array[] = [];
  private block: Float32Array;
  private used = 0;
  private full = 0;

  constructor(expected = 0) {
    this.block = new Float32Array(Math.max(0, Math.floor(expected)));
    this.blocks.push(this.block);
  }

  get length(): number {
    return this.full + this.used;
  }

  push(value: number): void {
    if (this.used === this.block.length) {
      this.full += this.used;
      this.block = new Float32Array(BLOCK);
      this.blocks.push(this.block);
      this.used = 0;
    }
    this.block[this.used++] = value;
  }

  /** The values in one array; the builder is empty afterwards. */
  finish(): Float32Array {
    const length = this.length;
    const [first] = this.blocks;
    this.block = new Float32Array(0);
    this.used = 0;
    this.full = 0;
    if (first.length === length) {
      this.blocks.length = 0;
      return first;
    }
    const out = new Float32Array(length);
    let offset = 0;
    for (let i = 0; i < this.blocks.length; i++) {
      const block = this.blocks[i];
      const count = Math.min(block.length, length - offset);
      out.set(count === block.length ? block : block.subarray(0, count), offset);
      offset += count;
      this.blocks[i] = new Float32Array(0);
    }
    this.blocks.length = 0;
    return out;
  }
}
