import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkColumn, checkFilterValue, readColumn, writeColumn } from './column-codec.js';

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
    expect(checkColumn('unicode', undefined)).toMatch(/got undefined \(null is the empty value\)/);
  });

  it('reads and writes years 1 and 9999 as themselves (Date.UTC would make year 1 into 1901)', () => {
    expect((readColumn('date', '0001-01-01', 'UTC') as Date).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect((readColumn('datetime', '0001-01-01T00:00:00', 'UTC') as Date).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect((readColumn('datetime', '0099-12-31T23:59:59', 'Europe/Brussels') as Date).getUTCFullYear()).toBe(99);
    expect((readColumn('datetime', '9999-12-31T23:59:59.999000', 'UTC') as Date).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(writeColumn('date', new Date('0001-01-01T00:00:00Z'), 'UTC')).toBe('0001-01-01');
    expect(writeColumn('datetime', new Date('0001-01-01T00:00:00Z'), 'UTC')).toBe('0001-01-01T00:00:00');
  });
});

describe('values the server cannot store', () => {
  it('refuses dates and datetimes outside years 1..9999, for datetimes on the wall clock of the zone they are written in', () => {
    expect(checkColumn('date', new Date('0001-01-01T00:00:00Z'))).toBeUndefined();
    expect(checkColumn('date', new Date('9999-12-31T00:00:00Z'))).toBeUndefined();
    expect(checkColumn('date', new Date('0000-12-31T00:00:00Z'))).toMatch(/years 1 to 9999.*year 0/);
    expect(checkColumn('date', new Date('+010000-01-01T00:00:00Z'))).toMatch(/year 10000/);
    const lastUtcHour = new Date('9999-12-31T23:30:00Z');
    expect(checkColumn('datetime', lastUtcHour, { timeZone: 'UTC' })).toBeUndefined();
    expect(checkColumn('datetime', lastUtcHour, { timeZone: 'Asia/Tokyo' })).toMatch(/year 10000/);
    const firstUtcHour = new Date('0001-01-01T00:30:00Z');
    expect(checkColumn('datetime', firstUtcHour, { timeZone: 'UTC' })).toBeUndefined();
    expect(checkColumn('datetime', firstUtcHour, { timeZone: 'America/New_York' })).toMatch(/year 0/);
  });

  it('refuses times that are not HH:MM[:SS[.ffffff]] within a day', () => {
    for (const ok of ['00:00', '23:59:59', '23:59:59.999999', '09:08:07.5']) expect(checkColumn('time', ok)).toBeUndefined();
    for (const bad of ['25:99:00', '24:00:00', '12:60:00', '12:00:60', '9:08:07', '09:08:07.1234567', ' 09:08:07']) expect(checkColumn('time', bad)).toMatch(/HH:MM:SS/);
  });

  it('refuses integers beyond ±(2**53 - 1), non-finite floats and numbers, and numeric text that is not a decimal', () => {
    for (const type of ['integer', 'biginteger', 'smallinteger'] as const) {
      expect(checkColumn(type, Number.MAX_SAFE_INTEGER)).toBeUndefined();
      expect(checkColumn(type, Number.MIN_SAFE_INTEGER)).toBeUndefined();
      expect(checkColumn(type, 2 ** 53)).toMatch(/2\*\*53/);
      expect(checkColumn(type, -(2 ** 64))).toMatch(/2\*\*53/);
      expect(checkColumn(type, Number.POSITIVE_INFINITY)).toMatch(/integer/);
    }
    expect(checkColumn('float', 1e308)).toBeUndefined();
    expect(checkColumn('float', Number.NEGATIVE_INFINITY)).toMatch(/finite/);
    expect(checkColumn('interval', Number.NaN)).toMatch(/finite/);
    expect(checkFilterValue('interval', 3600)).toBeUndefined();
    expect(checkColumn('numeric', '-0.10')).toBeUndefined();
    for (const bad of ['1e5', '1.', '.5', 'NaN', '']) expect(checkColumn('numeric', bad)).toMatch(/decimal/);
  });

  it('refuses strings with a lone surrogate, and keeps whole pairs', () => {
    expect(checkColumn('unicode', 'emoji 😀')).toBeUndefined();
    for (const bad of ['\ud83d', 'a\ude00', '\ude00\ud83d']) expect(checkColumn('unicodetext', bad)).toMatch(/lone surrogate/);
  });

  it('refuses writing an interval: the classic server would store a row it can never send back', () => {
    expect(checkColumn('interval', 3600)).toMatch(/could never be read again/);
    expect(checkColumn('interval', null)).toBeUndefined();
  });

  it('refuses an enum value outside the known values; without them any string', () => {
    expect(checkColumn('enum', 'purple')).toBeUndefined();
    expect(checkColumn('enum', 'red', { enumValues: ['red', 'green'] })).toBeUndefined();
    expect(checkColumn('enum', 'purple', { enumValues: ['red', 'green'] })).toMatch(/one of red, green; got "purple"/);
  });

  it('in filters: undefined is refused, date strings must be real dates', () => {
    expect(checkFilterValue('unicode', undefined)).toMatch(/isNull\(\)/);
    expect(checkFilterValue('date', '2020-02-29')).toBeUndefined();
    expect(checkFilterValue('datetime', '31 Dec 1999')).toBeUndefined();
    for (const bad of ['2021-02-30', '2020-13-01', '0000-01-01', '10000-01-01', 'yesterday']) expect(checkFilterValue('date', bad)).toMatch(/not a real date/);
    expect(checkFilterValue('hybrid', Number.NaN)).toMatch(/NaN/);
  });
});

describe('largebinary without Node\'s Buffer', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads and writes base64 with atob/btoa, as Buffer does', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    const expected = Buffer.from(bytes).toString('base64');
    vi.stubGlobal('Buffer', undefined);
    expect(writeColumn('largebinary', bytes, 'UTC')).toBe(expected);
    expect(readColumn('largebinary', expected, 'UTC')).toEqual(bytes);
    expect(Array.from(readColumn('largebinary', 'AQID', 'UTC') as Uint8Array)).toEqual([1, 2, 3]);
    // Buffer also takes the URL-safe alphabet and missing padding.
    expect(Array.from(readColumn('largebinary', '-_8', 'UTC') as Uint8Array)).toEqual([251, 255]);
    expect(() => readColumn('largebinary', 'not base64!', 'UTC')).toThrow(/base64/);
  });
});
