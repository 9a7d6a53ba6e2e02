import { describe, expect, it } from 'vitest';
import { CodecError } from '../../errors.js';
import { PyDate } from './py-date.js';
import { PyDateTime } from './py-datetime.js';
import { isServerTimeZone } from './server-time-zone.js';

describe('PyDate', () => {
  it('converts to and from the library convention for dates (00:00 UTC)', () => {
    expect(new PyDate(2020, 2, 29).toDate().toISOString()).toBe('2020-02-29T00:00:00.000Z');
    expect(PyDate.fromDate(new Date('2020-02-29T23:59:59Z'))).toStrictEqual(new PyDate(2020, 2, 29));
    expect(new PyDate(33, 1, 2).toDate().getUTCFullYear()).toBe(33); // not 1933
    expect(String(new PyDate(33, 1, 2))).toBe('0033-01-02');
  });

  it('refuses days Python would refuse', () => {
    expect(() => new PyDate(2019, 2, 29)).toThrow(/date: day 29 does not exist in 2019-02/);
    expect(() => new PyDate(0, 1, 1)).toThrow(/year 0 is outside Python's 1\.\.9999/);
    expect(() => new PyDate(2020, 1, 1.5)).toThrow(CodecError);
    expect(() => PyDate.fromDate(new Date(Number.NaN))).toThrow(CodecError);
  });
});

describe('PyDateTime', () => {
  it('gives the instant of an aware value in its own zone, with the real offset', () => {
    expect(new PyDateTime(2018, 7, 1, 12, 0, 0, 'Europe/Brussels').toDate().toISOString()).toBe('2018-07-01T10:00:00.000Z');
    expect(new PyDateTime(2018, 1, 1, 12, 0, 0, 'UTC').toDate('Asia/Tokyo').toISOString()).toBe('2018-01-01T12:00:00.000Z');
    expect(new PyDateTime(2018, 1, 1, 12, 0, 0, 'UTC-03:30').toDate().toISOString()).toBe('2018-01-01T15:30:00.000Z');
  });

  it('reads a naive value in the zone it is given', () => {
    const naive = new PyDateTime(2018, 1, 1, 12, 0, 0);
    expect(naive.naive).toBe(true);
    expect(naive.toDate().toISOString()).toBe('2018-01-01T12:00:00.000Z');
    expect(naive.toDate('Asia/Tokyo').toISOString()).toBe('2018-01-01T03:00:00.000Z');
  });

  it('is made from an instant, aware or naive, milliseconds dropped', () => {
    const instant = new Date('2018-07-01T10:00:00.999Z');
    expect(PyDateTime.fromDate(instant)).toStrictEqual(new PyDateTime(2018, 7, 1, 10, 0, 0, 'UTC'));
    expect(PyDateTime.fromDate(instant, 'Europe/Brussels')).toStrictEqual(new PyDateTime(2018, 7, 1, 12, 0, 0, 'Europe/Brussels'));
    expect(PyDateTime.naiveFromDate(instant, 'Europe/Brussels')).toStrictEqual(new PyDateTime(2018, 7, 1, 12, 0, 0));
    expect(String(PyDateTime.fromDate(instant, 'Europe/Brussels'))).toBe('2018-07-01T12:00:00[Europe/Brussels]');
  });

  it('refuses impossible fields and unknown zones with a CodecError', () => {
    expect(() => new PyDateTime(2018, 1, 1, 24)).toThrow(/datetime: hour 24 is not 0\.\.23/);
    expect(() => new PyDateTime(2018, 1, 1, 0, 0, 60)).toThrow(/second 60/);
    expect(() => new PyDateTime(2018, 1, 1, 0, 0, 0, '')).toThrow(CodecError);
    expect(() => PyDateTime.fromDate(new Date(0), 'Nowhere/Special')).toThrow(/unknown time zone "Nowhere\/Special"/);
    expect(() => new PyDateTime(2018, 1, 1, 0, 0, 0, 'Nowhere/Special').toDate()).toThrow(/unknown time zone/);
  });
});

describe('isServerTimeZone', () => {
  it('accepts tz database names, aliases included, in any case', () => {
    for (const name of ['UTC', 'utc', 'Europe/Brussels', 'US/Eastern', 'EST', 'Etc/GMT+2', 'America/Argentina/Buenos_Aires']) {
      expect(isServerTimeZone(name), name).toBe(true);
    }
  });

  it('refuses what pytz.timezone() raises for', () => {
    for (const name of ['UTC+02:00', '+02:00', '-0500', 'GMT+2', 'Mars/Olympus', '', ' UTC', 'Europe/../UTC']) {
      expect(isServerTimeZone(name), name).toBe(false);
    }
  });
});
