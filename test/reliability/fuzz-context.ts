// The state of one fuzz case: its own seeded generator (so any case can be replayed alone from the seed
// and its index), helpers that draw valid or hostile arguments, and `call`, which runs one call into the
// library and judges the outcome (see verdict.ts).
import { Random } from '../../src/random.js';
import { type Finding, judgeError, type KnownBug } from './verdict.js';

/** An argument drawn by the fuzzer: its value, how it reads in a reproducer, and whether it is certainly invalid. */
export interface Arg<T = unknown> {
  readonly value: T;
  readonly text: string;
  readonly bad: boolean;
}

/** How a value reads in a reproducer line (short; typed arrays and long arrays by length). */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return 'Symbol()';
  if (typeof value === 'function') return '() => {}';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (ArrayBuffer.isView(value))
    return `new ${value.constructor.name}(${(value as unknown as ArrayLike<number>).length ?? value.byteLength})`;
  if (Array.isArray(value)) return value.length > 6 ? `[${value.length} items]` : `[${value.map(show).join(', ')}]`;
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const ctor = (value as object).constructor?.name;
    if (ctor && ctor !== 'Object') return `<${ctor}>`;
    const entries = Object.entries(value as object);
    return `{ ${entries.map(([k, v]) => `${k}: ${show(v)}`).join(', ')} }`;
  }
  return String(value);
}

export function arg<T>(value: T, bad = false, text = show(value)): Arg<T> {
  return { value, text, bad };
}

/** Values that are not numbers at all, for any numeric argument. */
export const NOT_NUMBERS: readonly unknown[] = ['3', '', true, {}, [], [2], () => 1, 3n, Symbol('s')];

export class FuzzContext {
  readonly rng: Random;
  /** Calls made so far in this case, for the reproducer. */
  readonly calls: string[] = [];

  constructor(
    readonly seed: number,
    readonly caseIndex: number,
    private readonly findings: Finding[],
    private readonly knownBugs: readonly KnownBug[],
    private readonly trace: (call: string) => void,
  ) {
    this.rng = new Random((seed ^ Math.imul(caseIndex + 1, 0x9e3779b9)) >>> 0);
  }

  int(lo: number, hi: number): number {
    return lo + this.rng.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.rng.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)];
  }

  /**
   * A valid value most of the time; with probability pBad one of `bad` (certainly invalid) or `odd`
   * (unusual values the library may accept or reject, as long as it does so cleanly).
   */
  draw<T>(valid: () => T, bad: readonly unknown[], odd: readonly unknown[] = [], pBad = 0.12): Arg {
    if (this.chance(pBad)) {
      const i = this.rng.int(bad.length + odd.length);
      return i < bad.length ? arg(bad[i], true) : arg(odd[i - bad.length], false);
    }
    return arg(valid());
  }

  /** An options object from fields; undefined values are left out, so defaults apply. */
  options(fields: Record<string, Arg>): Arg<Record<string, unknown>> {
    const value: Record<string, unknown> = {};
    const parts: string[] = [];
    let bad = false;
    for (const [key, a] of Object.entries(fields)) {
      if (a.value === undefined) continue;
      value[key] = a.value;
      parts.push(`${key}: ${a.text}`);
      bad ||= a.bad;
    }
    return { value, text: `{ ${parts.join(', ')} }`, bad };
  }

  finding(call: string, problem: string): void {
    const known = this.knownBugs.find((k) => k.matches(call, problem))?.id;
    this.findings.push({ caseIndex: this.caseIndex, call, problem, known });
  }

  /**
   * Runs one call. Returns { ok: true, value } when it returned; { ok: false } when it threw an
   * acceptable error. mustThrow: an argument is certainly invalid, so returning is a finding too.
   */
  async call<T>(
    text: string,
    fn: () => T | Promise<T>,
    mustThrow = false,
  ): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
    this.calls.push(text);
    this.trace(text);
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      const problem = judgeError(error);
      if (problem) this.finding(text, problem);
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
    if (mustThrow) this.finding(text, 'returned although an argument is invalid (it must throw a clear error)');
    return { ok: true, value };
  }

  /** A property of a successful result that must hold. */
  expect(text: string, holds: boolean, problem: string): void {
    if (!holds) this.finding(text, problem);
  }
}
