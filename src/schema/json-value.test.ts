import { describe, expect, it } from 'vitest';
import { jsonProblem } from './json-value.js';

describe('JSON column values', () => {
  it('takes what JSON carries faithfully', () => {
    const shared = { x: 1 };
    for (const ok of [null, true, 0, -1.5, 'text 😀', [], {}, [1, 'a', null, [{}]], { a: { b: [shared, shared] } }, Object.create(null) as object, { gone: undefined }]) {
      expect(jsonProblem(ok)).toBeUndefined();
    }
  });

  it('says where a value JSON cannot carry is, and what it is', () => {
    const cycle: unknown[] = [];
    cycle.push({ back: cycle });
    class Point { x = 1; }
    const cases: Array<[unknown, RegExp]> = [
      [Number.NaN, /^NaN is not a JSON number/],
      [{ a: [1, Number.NEGATIVE_INFINITY] }, /at \$\.a\[1\]: -Infinity/],
      [cycle, /at \$\[0\]\.back: a cycle/],
      [{ n: 1n }, /at \$\.n: a bigint/],
      [[undefined], /at \$\[0\]: undefined/],
      // eslint-disable-next-line no-sparse-arrays
      [[1, , 3], /at \$\[1\]: undefined/],
      [{ f: () => 0 }, /a function/],
      [{ s: Symbol('s') }, /a symbol/],
      [new Map(), /a Map is not a JSON value/],
      [new Set([1]), /a Set/],
      [{ when: new Date(0) }, /a Date .*toISOString/],
      [new Point(), /a Point/],
      [{ '\ud800': 1 }, /a key: .*lone surrogate/],
      [['ok', 'x\udc00'], /at \$\[1\]: .*lone surrogate/],
      [undefined, /undefined/],
    ];
    for (const [value, message] of cases) expect(jsonProblem(value)).toMatch(message);
  });
});
