/**
 * Server-given counts are checked before anything is planned from them: a page whose
 * `total_pages`, `num_results` or `page` is not a sane whole number, disagrees with the others,
 * or is absurdly large is a ProtocolError, never a RangeError or an attempt to allocate.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { recordedDatamodel } from '../../../mocks/datamodel.js';
import { connect } from '../../client.js';
import { ProtocolError } from '../../errors.js';

const row = (id: number) => ({ id, name: `P${id}`, birth_date: null, computers: [] });

/** A server that answers every Person search with the counts given, and `rows` as its objects. */
async function people(counts: Record<string, unknown>, rows: unknown[] = [row(1), row(2)]) {
  const requests: string[] = [];
  const fetch = async (url: string) => {
    requests.push(url);
    const page = Number(new URL(url).searchParams.get('page') ?? 1);
    return new Response(JSON.stringify({ num_results: 2, objects: rows, page, total_pages: 1, ...counts }), { headers: { 'Content-Type': 'application/json' } });
  };
  const client = await connect({ url: 'http://counts.test', datamodel: recordedDatamodel, fetch });
  return { Person: client.models['Person']!, requests };
}

const protocolError = (error: unknown) => ProtocolError.is(error);

describe('page counts', () => {
  it.each([
    ['a total_pages of 1e12', { total_pages: 1e12, num_results: 1e14 }],
    ['a total_pages of 1e308', { total_pages: 1e308, num_results: 1e308 }],
    ['a fractional total_pages', { total_pages: 2.5 }],
    ['a negative num_results', { num_results: -1 }],
    ['a page that is not the one asked for', { page: 7 }],
    ['more pages than rows', { total_pages: 3, num_results: 2 }],
    ['no pages for some rows', { total_pages: 0 }],
    ['more rows on the page than in the result', { num_results: 1 }],
    ['a full page that does not fit the count', { total_pages: 2, num_results: 40 }],
    ['a NaN smuggled in as a string', { num_results: 'many' }],
  ])('%s is a ProtocolError for all(), and nothing is requested past page 1', async (_name, counts) => {
    const { Person, requests } = await people(counts);
    await expect(firstValueFrom(Person.all())).rejects.toSatisfy(protocolError);
    expect(requests).toHaveLength(1);
  });

  it('count(), first() and stream() check them too', async () => {
    await expect(firstValueFrom((await people({ total_pages: 1e12, num_results: 1e14, page: 0 })).Person.query.count())).rejects.toSatisfy(protocolError);
    await expect(firstValueFrom((await people({ num_results: -3 })).Person.query.first())).rejects.toSatisfy(protocolError);
    await expect(lastValueFrom((await people({ total_pages: 1e12, num_results: 1e14 })).Person.query.stream().pipe(toArray()))).rejects.toSatisfy(protocolError);
  });

  it('sane counts still read every page', async () => {
    const { Person, requests } = await people({ total_pages: 3, num_results: 6 });
    await firstValueFrom(Person.all());
    expect(requests).toHaveLength(3);
  });
});
