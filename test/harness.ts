// The shared test harness: seeded inputs, tolerant comparison, central-difference gradients, and the
// list of backends that load here. Every backend plugs in through `backendsUnderTest()`.
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Backend } from '../src/backends/contract.js';
import { createNativeBackend, type NativeAddon, type NativeBackend } from '../src/backends/native/index.js';
import { loadAvailableBackends, nodeCandidates } from '../src/backends/node.js';
import { Random } from '../src/random.js';

/**
 * Sizes that are no multiple of any vector width (1, 3, 7 under one AVX-512 vector, then one past a power of
 * two), so every SIMD kernel runs its remainder loop; plus a few larger ones.
 */
export const ODD_SIZES = [1, 3, 7, 17, 33, 65, 257] as const;
export const LARGER_SIZES = [515, 1031] as const;

export function randomArray(rng: Random, length: number, low = -1, high = 1): Float32Array {
  return rng.fillUniform(new Float32Array(length), low, high);
}

export interface Tolerance {
  /** Absolute slack. */
  atol: number;
  /** Slack relative to the expected value's magnitude. */
  rtol: number;
}

/**
 * Asserts |actual - expected| <= atol + rtol |expected| everywhere (or both NaN, or equal), naming the worst
 * element.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  what: string,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i],
      e = expected[i];
    // NaN where NaN is expected, and the same infinity (inf - inf is NaN, which no tolerance admits).
    if ((Number.isNaN(e) && Number.isNaN(a)) || a === e) continue;
    const excess = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} ` +
        `(atol ${tol.atol}, rtol ${tol.rtol}, ${expected.length} elements)`,
    );
  }
}

export function expectScalarClose(actual: number, expected: number, tol: Tolerance, what: string): void {
  expectClose([actual], [expected], tol, what);
}

/**
 * Central-difference gradient of f at x (error O(h^2), against O(h) for one-sided differences): (f(x+h) - f(x-h)) / 2h
 * per element, restoring x afterwards. f must read x afresh each call.
 */
export function numericalGradient(f: () => number, x: Float32Array, h = 1e-2): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const saved = x[i];
    x[i] = saved + h;
    const plus = f();
    x[i] = saved - h;
    const minus = f();
    x[i] = saved;
    // Use the step actually taken: float32 rounds saved +- h.
    grad[i] = (plus - minus) / (Math.fround(saved + h) - Math.fround(saved - h));
  }
  return grad;
}

/** sum r_i y_i in float64: projects a vector output onto a fixed random direction to get a scalar loss. */
export function dot(r: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i] * y[i];
  return s;
}

let cached: Promise<Backend[]> | undefined;

/**
 * Every backend that loads on this machine, js first (the reference). Two variables of the test runs in
 * vitest.config.ts narrow it: BACKPROP_BACKEND keeps only the backend it names (the per-ISA runs test
 * native alone), and BACKPROP_TEST_ADDON puts the native addon at that path in place of the shipped one
 * (a test-only build: emulated AVX-512, sanitizers).
 */
export function backendsUnderTest(): Promise<Backend[]> {
  cached ??= (async () => {
    const only = process.env.BACKPROP_BACKEND;
    const testAddon = testAddonBackend();
    const loaded = await loadAvailableBackends();
    const all = testAddon ? [...loaded.filter((b) => b.name !== 'native'), testAddon] : loaded;
    const ordered = [...all.filter((b) => b.name === 'js'), ...all.filter((b) => b.name !== 'js')];
    return only ? ordered.filter((b) => b.name === only) : ordered;
  })();
  return cached;
}

/** The native backend over the addon at BACKPROP_TEST_ADDON, if that is set (it must load then). */
export function testAddonBackend(): NativeBackend | undefined {
  const path = process.env.BACKPROP_TEST_ADDON;
  if (!path) return undefined;
  return createNativeBackend(createRequire(import.meta.url)(path) as NativeAddon, path);
}

/** Copies a host array into a buffer of the backend (so wasm kernels run on linear memory, no copies). */
export function upload(backend: Backend, values: ArrayLike<number>): Float32Array {
  const buffer = backend.allocate(values.length);
  buffer.data.set(values);
  return buffer.data;
}

export { Random };

/** Each backend that does not load on this machine, with the reason (for visible skips). */
export async function backendsNotLoading(): Promise<{ name: string; reason: string }[]> {
  const missing: { name: string; reason: string }[] = [];
  const only = process.env.BACKPROP_BACKEND;
  for (const candidate of nodeCandidates.filter((c) => !only || c.name === only)) {
    if (candidate.name === 'native' && process.env.BACKPROP_TEST_ADDON) continue; // loaded by testAddonBackend()
    try {
      candidate.load();
    } catch (error) {
      missing.push({ name: candidate.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return missing;
}
