import { describe, expect, it } from 'vitest';
import { describeValue } from '../src/describe-value.js';

describe('describeValue', () => {
  it('describes values JSON.stringify cannot', () => {
    expect(describeValue(3n)).toBe('3n');
    expect(describeValue(Symbol('x'))).toBe('Symbol(x)');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue(function foo() {})).toBe('a function (foo)');
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(-0)).toBe('-0');
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(describeValue(cycle)).toBe('{ a: 1, self: (a cycle) }');
  });

  it('describes plain values the way JavaScript writes them', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue('x')).toBe('"x"');
    expect(describeValue([1, [2, 3]])).toBe('[1, [2, 3]]');
    expect(describeValue({ units: 8 })).toBe('{ units: 8 }');
    expect(describeValue({})).toBe('{}');
    expect(describeValue(new Map())).toBe('a Map');
    expect(describeValue(new Float32Array(3))).toBe('a Float32Array of 3 elements');
  });

  it('stays short and never overflows the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(describeValue(deep)).toBe('[[[an array of 1]]]');
    expect(describeValue('x'.repeat(1_000_000)).length).toBeLessThanOrEqual(80);
    expect(describeValue(Array.from({ length: 1000 }, (_, i) => i))).toBe('[0, 1, 2, 3, 4, 5, ... 994 more]');
    const throwing = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no');
        },
      },
    );
    expect(describeValue(throwing)).toBe('an object');
  });
});
