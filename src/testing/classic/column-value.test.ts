import { describe, expect, it } from 'vitest';
import { pyFixed } from './column-value.js';

describe("pyFixed (Python's '%.Nf', how a Numeric column reads back)", () => {
  it('rounds the exact binary value, ties to even', () => {
    const cases: Array<[number, number, string]> = [
      [0.125, 2, '0.12'],
      [0.375, 2, '0.38'],
      [2.675, 2, '2.67'],
      [0.5, 0, '0'],
      [1.5, 0, '2'],
      [2.5, 0, '2'],
      [12, 2, '12.00'],
      [0.1, 10, '0.1000000000'],
      [-0.001, 2, '-0.00'],
      [1e20, 2, '100000000000000000000.00'],
      [5e-324, 2, '0.00'],
    ];
    for (const [value, digits, expected] of cases) expect(pyFixed(value, digits), `${String(value)} with ${String(digits)}`).toBe(expected);
  });
});
