import { describeValue } from './describe-value.js';
/**
 * The one seeded random generator of the library: xoshiro128** (Blackman and Vigna, 2018), 32-bit state
 * words so it runs on Math.imul without BigInt, seeded through splitmix32 so that nearby seeds give
 * unrelated streams. Initial weights, shuffles, dropout masks and augmentation all draw from it, so the
 * same seed gives the same run on every backend.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | undefined;

  constructor(seed = 0) {
    if (!Number.isFinite(seed))
      throw new TypeError(`backprop: a seed must be a finite number; got ${describeValue(seed)}`);
    let z = Math.trunc(seed) >>> 0;
    // Mix in the high bits of seeds beyond 2^32 so they are not silently dropped.
    z = (z ^ Math.trunc(seed / 4294967296)) >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
      t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
      return (t ^ (t >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const s0 = this.s0,
      s1 = this.s1,
      s2 = this.s2,
      s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 = s2 ^ s0;
    this.s3 = s3 ^ s1;
    this.s1 = s1 ^ this.s2;
    this.s0 = s0 ^ this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0 && n <= 4294967296)) {
      throw new RangeError(`backprop: Random.int needs an integer in [1, 2^32]; got ${describeValue(n)}`);
    }
    // Rejection sampling removes the modulo bias.
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal (mean 0, standard deviation 1), Box-Muller; the second value is kept for the next call. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<
    T extends {
      /** The number of elements. */
      length: number;
      [i: number]: unknown;
    },
  >(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** Fills `out` with uniform values in [low, high). */
  fillUniform(out: Float32Array, low = 0, high = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * this.next();
    return out;
  }

  /** Fills `out` with normal values. */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** A dropout mask: 1 with probability 1 - rate (kept), else 0. */
  fillDropoutMask(out: Float32Array, rate: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.next() < rate ? 0 : 1;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
