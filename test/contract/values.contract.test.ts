/**
 * Values the server cannot store are refused before anything is sent, and the limits are the
 * server's own: on the real classic server (SQLite, Python's date and datetime) a year outside
 * 1..9999, an impossible date or time, a lone surrogate, an integer beyond 64 bits or an enum
 * value outside the enum is an HTML 500 (the enum one is even stored first, and breaks every later
 * read of the table; see test/real/unstorable-values.test.ts), while the extremes inside the
 * limits are stored and read back. Requests are counted through a wrapping `fetch`.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { ValidationError, type DynamicEntity } from '../../src/index.js';
import { DIALECT, TARGET_NAME, clientOf, useContractTarget } from './target.js';

const target = useContractTarget();

/** What the reference app's models.py declares and the datamodel does not publish. */
const schema = { TypeZoo: { enums: { an_enum: ['red', 'green', 'blue'] } } };

/** A client whose requests are counted. */
async function countedClient() {
  let requests = 0;
  const client = await clientOf(target(), {
    schema,
    fetch: async (input: string, init?: RequestInit) => {
      requests += 1;
      return fetch(input, init);
    },
  });
  return { client, TypeZoo: client.models['TypeZoo']!, requests: () => requests };
}

const utc = (iso: string): Date => new Date(iso);
const cycle: Record<string, unknown> = { name: 'loop' };
cycle['self'] = cycle;

/** [column, value the server cannot store, what the error says]. */
const UNSTORABLE: ReadonlyArray<readonly [string, unknown, RegExp]> = [
  ['a_date', utc('0000-12-31T00:00:00Z'), /year/],
  ['a_date', utc('+010000-01-01T00:00:00Z'), /year/],
  ['a_date', new Date(Number.NaN), /invalid Date/],
  ['a_datetime', utc('0000-06-01T12:00:00Z'), /year/],
  ['a_datetime', utc('+010000-01-01T00:00:00Z'), /year/],
  ['a_string', 'half a pair: \ud83d', /surrogate/],
  ['a_unicode', '\udc00', /surrogate/],
  ['a_text', 'x\ud800y', /surrogate/],
  ['a_time', '25:99:00', /HH:MM:SS/],
  ['a_time', '24:00:00', /HH:MM:SS/],
  ['an_integer', 2 ** 64, /integer/],
  ['an_integer', 2 ** 53, /integer/],
  ['an_integer', Number.NaN, /integer/],
  ['a_float', Number.POSITIVE_INFINITY, /finite/],
  ['a_float', Number.NaN, /finite/],
  // Flask-Restless-NG stores whole seconds and sends them back; the classic server cannot send any back.
  DIALECT === 'jsonapi' ? ['an_interval', 1.5, /whole number of seconds/] : ['an_interval', 3600, /could never be read again/],
  ['a_numeric', '1.2.3', /decimal/],
  ['a_numeric', Number.NaN, /decimal/],
  ['an_enum', 'purple', /red, green, blue/],
  ['an_enum', '\ud800', /surrogate/],
  ['a_json', { ratio: Number.NaN }, /NaN/],
  ['a_json', [1, Number.POSITIVE_INFINITY], /Infinity/],
  ['a_json', cycle, /cycle/],
  ['a_json', { big: 10n }, /bigint/],
  ['a_json', [1, undefined], /undefined/],
  ['a_json', { run: () => 1 }, /function/],
  ['a_json', { tag: Symbol('x') }, /symbol/],
  ['a_json', new Map([['a', 1]]), /Map/],
  ['a_json', { when: new Date(0) }, /Date/],
  ['a_json', { text: 'x\udfff' }, /surrogate/],
];

describe(`values the server cannot store are refused before sending (${TARGET_NAME})`, () => {
  it.each(UNSTORABLE)('%s = %s: create() and assignment are a ValidationError naming model and field; nothing is sent', async (field, value, why) => {
    const { client, TypeZoo, requests } = await countedClient();
    const row = (await firstValueFrom(TypeZoo.get(1))) as DynamicEntity;
    const before = requests();

    const created = catching(() => TypeZoo.create({ a_string: 'refused', [field]: value }));
    expect(created).toBeInstanceOf(ValidationError);
    expect(created).toMatchObject({ model: 'TypeZoo', field });
    expect((created as Error).message).toMatch(why);

    const assigned = catching(() => {
      row[field] = value;
    });
    expect(assigned).toBeInstanceOf(ValidationError);
    expect(assigned).toMatchObject({ model: 'TypeZoo', field });
    expect(row.isDirty).toBe(false);

    await lastValueFrom(client.save(), { defaultValue: undefined });
    expect(requests()).toBe(before);
  });

  it.each(UNSTORABLE.filter(([field]) => field !== 'a_json' && field !== 'an_interval'))('%s = %s in a filter: eq, in and filterBy are a ValidationError; nothing is sent', async (field, value, why) => {
    const { TypeZoo, requests } = await countedClient();
    const before = requests();
    const fields = (z: unknown) => (z as Record<string, { eq(v: unknown): unknown; in(v: unknown[]): unknown }>)[field]!;
    for (const build of [
      () => TypeZoo.query.filter((z) => fields(z).eq(value) as never),
      () => TypeZoo.query.filter((z) => fields(z).in([value]) as never),
      () => TypeZoo.query.filterBy({ [field]: value }),
    ]) {
      const error = catching(build);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ model: 'TypeZoo', field });
      expect((error as Error).message).toMatch(why);
    }
    expect(requests()).toBe(before);
  });

  it('undefined is not a filter value: eq(undefined) asks for isNull() or eq(null)', async () => {
    const { client, TypeZoo, requests } = await countedClient();
    const before = requests();
    for (const build of [
      () => TypeZoo.query.filter((z) => z['a_string']!.eq(undefined)),
      () => TypeZoo.query.filter((z) => z['a_string']!.ne(undefined)),
      () => TypeZoo.query.filter((z) => z['an_integer']!.gt(undefined)),
      () => TypeZoo.query.filter((z) => z['an_integer']!.in([1, undefined])),
      () => TypeZoo.query.filterBy({ a_string: undefined }),
      () => client.models['Computer']!.query.filter((c) => c['owner']!.eq(undefined)),
      () => client.models['Computer']!.query.filterBy({ owner: undefined }),
    ]) {
      const error = catching(build);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(/isNull\(\)/);
    }
    expect(requests()).toBe(before);
    // null keeps meaning NULL.
    expect(await lastValueFrom(TypeZoo.query.filter((z) => z['a_numeric']!.eq(null)).count())).toBe(1);
  });

  it('the limits are the server\'s: years 1 and 9999, ±(2**53 − 1), a listed enum value and nested JSON are stored and read back', async () => {
    const { client, TypeZoo } = await countedClient();
    const early = TypeZoo.create({
      a_string: 'early', a_date: utc('0001-01-01T00:00:00Z'), a_datetime: utc('0001-01-01T00:00:00Z'),
      an_integer: Number.MAX_SAFE_INTEGER, an_enum: 'blue', a_json: { text: 'emoji 😀', list: [1, 2.5, null, true], nested: {} },
    });
    const late = TypeZoo.create({
      a_string: 'late', a_date: utc('9999-12-31T00:00:00Z'), a_datetime: utc('9999-12-31T23:59:59.999Z'), an_integer: Number.MIN_SAFE_INTEGER,
    });
    await lastValueFrom(client.save());

    const fresh = (await countedClient()).TypeZoo;
    const first = (await firstValueFrom(fresh.get(early['id'] as number))) as DynamicEntity;
    expect((first['a_date'] as Date).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect((first['a_datetime'] as Date).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(first['an_integer']).toBe(Number.MAX_SAFE_INTEGER);
    expect(first['an_enum']).toBe('blue');
    expect(first['a_json']).toEqual({ text: 'emoji 😀', list: [1, 2.5, null, true], nested: {} });
    const last = (await firstValueFrom(fresh.get(late['id'] as number))) as DynamicEntity;
    expect((last['a_date'] as Date).toISOString()).toBe('9999-12-31T00:00:00.000Z');
    expect((last['a_datetime'] as Date).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(last['an_integer']).toBe(Number.MIN_SAFE_INTEGER);

    // The same extremes as filter values.
    const names = async (query: { all(): import('rxjs').Observable<DynamicEntity[]> }) => (await firstValueFrom(query.all())).map((z) => z['a_string']);
    expect(await names(fresh.query.filter((z) => z['a_date']!.eq(utc('0001-01-01T00:00:00Z'))))).toEqual(['early']);
    expect(await names(fresh.query.filter((z) => z['a_datetime']!.ge(utc('9999-12-31T23:59:59.999Z'))))).toEqual(['late']);
    expect(await names(fresh.query.filter((z) => z['an_integer']!.eq(Number.MIN_SAFE_INTEGER)))).toEqual(['late']);
    expect(await names(fresh.query.filter((z) => z['a_date']!.eq('9999-12-31')))).toEqual(['late']);
  });

  it('a time filter takes the whole day, 00:00:00 to 23:59:59.999999', async () => {
    const { TypeZoo } = await countedClient();
    expect(await lastValueFrom(TypeZoo.query.filter((z) => z['a_time']!.le('23:59:59')).count())).toBe(1);
    expect(await lastValueFrom(TypeZoo.query.filter((z) => z['a_time']!.ge('00:00:00'), (z) => z['a_time']!.lt('23:59:59.999999')).count())).toBe(1);
  });
});

function catching(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
