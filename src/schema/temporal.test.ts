import { describe, expect, it } from 'vitest';
import { isoDatetime, isoTime, parseTimeOfDay, parseTimestamp, storageDate, storageDatetime, storageTime } from './temporal.js';

const stored = (text: string) => {
  const parsed = parseTimestamp(text);
  return parsed === undefined ? undefined : storageDatetime(parsed);
};

describe('parseTimestamp (the dateutil forms the server reads)', () => {
  it('reads ISO 8601 dates and datetimes, with T or a space', () => {
    expect(stored('2020-01-01')).toBe('2020-01-01 00:00:00.000000');
    expect(stored('2020-01-01T00:00:00')).toBe('2020-01-01 00:00:00.000000');
    expect(stored('2020-02-03 04:05')).toBe('2020-02-03 04:05:00.000000');
    expect(stored('2020-02-03T04:05:06.789')).toBe('2020-02-03 04:05:06.789000');
  });

  it('drops offsets without converting, as the server stores them', () => {
    expect(stored('2020-02-03T04:05:06+02:00')).toBe('2020-02-03 04:05:06.000000');
    expect(stored('2020-02-03T04:05:06Z')).toBe('2020-02-03 04:05:06.000000');
    expect(stored('1999-12-31T23:00:00-05:00')).toBe('1999-12-31 23:00:00.000000');
  });

  it('keeps six fraction digits, dropping the rest', () => {
    expect(stored('2020-02-03T04:05:06.1234567')).toBe('2020-02-03 04:05:06.123456');
  });

  it('reads the other forms recorded in docs/protocol/classic/write.md and HTTP dates', () => {
    expect(stored('19991231')).toBe('1999-12-31 00:00:00.000000');
    expect(stored('12/31/1999')).toBe('1999-12-31 00:00:00.000000');
    expect(stored('31 Dec 1999')).toBe('1999-12-31 00:00:00.000000');
    expect(stored('December 31, 1999')).toBe('1999-12-31 00:00:00.000000');
    expect(stored('Fri, 01 Dec 2000 00:00:00 GMT')).toBe('2000-12-01 00:00:00.000000');
  });

  it('refuses impossible dates and text', () => {
    expect(parseTimestamp('2020-02-30')).toBeUndefined();
    expect(parseTimestamp('2021-02-29')).toBeUndefined();
    expect(parseTimestamp('2020-01-01T24:00:00')).toBeUndefined();
    expect(parseTimestamp('not a date')).toBeUndefined();
    expect(stored('2020-02-29')).toBe('2020-02-29 00:00:00.000000');
  });
});

describe('formats', () => {
  const t = { year: 2018, month: 1, day: 1, hour: 13, minute: 14, second: 15, microsecond: 123456 };
  it('write SQLite storage forms', () => {
    expect(storageDate(t)).toBe('2018-01-01');
    expect(storageDatetime(t)).toBe('2018-01-01 13:14:15.123456');
    expect(storageTime({ hour: 9, minute: 8, second: 7, microsecond: 0 })).toBe('09:08:07.000000');
  });

  it('write Python isoformat, with microseconds only when there are some', () => {
    expect(isoDatetime(t)).toBe('2018-01-01T13:14:15.123456');
    expect(isoDatetime({ ...t, microsecond: 0 })).toBe('2018-01-01T13:14:15');
    expect(isoTime({ hour: 9, minute: 8, second: 7, microsecond: 0 })).toBe('09:08:07');
  });

  it('reads times of day', () => {
    expect(parseTimeOfDay('09:08')).toEqual({ hour: 9, minute: 8, second: 0, microsecond: 0 });
    expect(parseTimeOfDay('25:00')).toBeUndefined();
  });
});
