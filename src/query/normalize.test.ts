import { describe, expect, it } from 'vitest';
import { affinityOf, boundValue, storedValue } from './normalize.js';
import { compareOperands, numberText, orderValues, sqlLike, toNumeric } from './sqlite.js';

describe('storedValue (what SQLite holds for a wire value)', () => {
  it('stores dates, datetimes and times in SQLAlchemy storage form', () => {
    expect(storedValue('1990-01-15', 'date')).toBe('1990-01-15');
    expect(storedValue('2020-05-01T10:30:00', 'datetime')).toBe('2020-05-01 10:30:00.000000');
    expect(storedValue('09:08:07', 'time')).toBe('09:08:07.000000');
  });

  it('applies column affinity: numeric text becomes a number, numbers in text columns become text', () => {
    expect(storedValue('12.34', 'numeric')).toBe(12.34);
    expect(storedValue('2', 'integer')).toBe(2);
    expect(storedValue('abc', 'integer')).toBe('abc');
    expect(storedValue(5, 'unicode')).toBe('5');
    expect(storedValue(true, 'boolean')).toBe(1);
  });

  it('stores JSON as Python json.dumps text', () => {
    expect(storedValue({ awe: 'some', list: [1, 2, 3] }, 'json')).toBe('{"awe": "some", "list": [1, 2, 3]}');
    expect(storedValue(7, 'json')).toBe(7);
  });
});

describe('boundValue (what SQLAlchemy binds for a filter value)', () => {
  it('parses dates only where the server does', () => {
    expect(boundValue('2020-05-01T10:30', 'datetime', true)).toBe('2020-05-01 10:30:00.000000');
    expect(boundValue('2020-05-01T10:30', 'datetime', false)).toBe('2020-05-01T10:30');
    expect(boundValue('1990-01-15T12:00:00', 'date', true)).toBe('1990-01-15');
  });

  it('binds booleans as 0/1 and refuses lists outside JSON columns', () => {
    expect(boundValue(true, 'integer', true)).toBe(1);
    expect(boundValue([1], 'integer', true)).toBeUndefined();
    expect(boundValue([1], 'json', true)).toBe('[1]');
  });

  it('knows the affinity of every column type', () => {
    expect([affinityOf('integer'), affinityOf('float'), affinityOf('unicode'), affinityOf('date'), affinityOf('largebinary'), affinityOf('hybrid')]).toEqual([
      'integer',
      'real',
      'text',
      'numeric',
      'blob',
      'none',
    ]);
  });
});

describe('SQLite comparisons', () => {
  it('convert the parameter to the column affinity first', () => {
    expect(compareOperands({ value: 2, affinity: 'integer' }, { value: '2', affinity: 'none' })).toBe(0);
    expect(compareOperands({ value: '5', affinity: 'text' }, { value: 5, affinity: 'none' })).toBe(0);
    expect(compareOperands({ value: 14, affinity: 'none' }, { value: '14', affinity: 'none' })).toBeLessThan(0);
  });

  it('return null when either side is NULL', () => {
    expect(compareOperands({ value: null, affinity: 'integer' }, { value: 1, affinity: 'none' })).toBeNull();
  });

  it('order NULL < numbers < text', () => {
    expect([orderValues(null, 0), orderValues(1e9, ''), orderValues('b', 'a')].map(Math.sign)).toEqual([-1, -1, 1]);
  });

  it('read numeric text as SQLite does', () => {
    expect([toNumeric(' 12 '), toNumeric('1e3'), toNumeric('.5'), toNumeric('0x10'), toNumeric('12a')]).toEqual([12, 1000, 0.5, '0x10', '12a']);
  });

  it('render REAL values as SQLite text', () => {
    expect([numberText(1.5), numberText(3), numberText(1e20), numberText(1 / 3), numberText(1e-7)]).toEqual(['1.5', '3', '1.0e+20', '0.333333333333333', '1.0e-07']);
  });
});

describe('LIKE', () => {
  it('matches % and _ and folds ASCII only', () => {
    expect(sqlLike('Alice', '%LIC%')).toBe(true);
    expect(sqlLike('Alice', 'a_ice')).toBe(true);
    expect(sqlLike('Alice', 'a_ce')).toBe(false);
    expect(sqlLike('Äpfel', 'ä%')).toBe(false);
    expect(sqlLike('100%', '100%')).toBe(true);
    expect(sqlLike('a😀b', 'a_b')).toBe(true);
    expect(sqlLike(null, '%')).toBeNull();
  });

  it('backtracks through several %', () => {
    expect(sqlLike('abcabcabd', '%abc%abd')).toBe(true);
    expect(sqlLike('abcabcabe', '%abc%abd')).toBe(false);
    expect(sqlLike('', '%')).toBe(true);
  });
});
