import { describe, expect, it } from 'vitest';
import { checkColumn, readColumn, writeColumn } from './column-codec.js';

describe('column casting', () => {
  it('reads dates as UTC midnight and writes them back', () => {
    const date = readColumn('date', '1990-01-15', 'UTC') as Date;
    expect(date.toISOString()).toBe('1990-01-15T00:00:00.000Z');
    expect(writeColumn('date', date, 'UTC')).toBe('1990-01-15');
  });

  it('reads naive datetimes in the configured zone, keeping milliseconds', () => {
    expect((readColumn('datetime', '2018-01-01T13:14:15.123456', 'UTC') as Date).toISOString()).toBe('2018-01-01T13:14:15.123Z');
    expect((readColumn('datetime', '2020-07-01T12:00:00', 'Europe/Brussels') as Date).toISOString()).toBe('2020-07-01T10:00:00.000Z');
    expect((readColumn('datetime', '2020-01-01T12:00:00', 'Europe/Brussels') as Date).toISOString()).toBe('2020-01-01T11:00:00.000Z');
  });

  it('writes datetimes as naive wall clock in the configured zone', () => {
    const instant = new Date('2020-07-01T10:00:00.250Z');
    expect(writeColumn('datetime', instant, 'UTC')).toBe('2020-07-01T10:00:00.250000');
    expect(writeColumn('datetime', instant, 'Europe/Brussels')).toBe('2020-07-01T12:00:00.250000');
    expect(writeColumn('datetime', new Date('2020-07-01T10:00:00Z'), 'UTC')).toBe('2020-07-01T10:00:00');
  });

  it('keeps numeric exact as a string and reads the other types', () => {
    expect(readColumn('numeric', '12.34', 'UTC')).toBe('12.34');
    expect(readColumn('boolean', true, 'UTC')).toBe(true);
    expect(readColumn('json', { a: [1] }, 'UTC')).toEqual({ a: [1] });
    expect(readColumn('time', '09:08:07', 'UTC')).toBe('09:08:07');
    expect(Array.from(readColumn('largebinary', 'AQID', 'UTC') as Uint8Array)).toEqual([1, 2, 3]);
    expect(readColumn('integer', null, 'UTC')).toBeNull();
  });

  it('throws on a date the server would never send', () => {
    expect(() => readColumn('date', 'yesterday', 'UTC')).toThrow(/date/);
  });

  it('says why a value does not fit a column', () => {
    expect(checkColumn('integer', 1.5)).toMatch(/integer/);
    expect(checkColumn('integer', 3)).toBeUndefined();
    expect(checkColumn('date', '2020-01-01')).toMatch(/Date/);
    expect(checkColumn('date', new Date('nope'))).toMatch(/invalid Date/);
    expect(checkColumn('unicode', null)).toBeUndefined();
    expect(checkColumn('numeric', '12.50')).toBeUndefined();
    expect(checkColumn('boolean', 'true')).toMatch(/boolean/);
  });
});
