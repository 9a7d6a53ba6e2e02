/** Page, count and single URLs and answers, against the recorded exchanges of docs/protocol/jsonapi/read.md. */
import { describe, expect, it } from 'vitest';
import { ngDatamodel } from '../../../test/support/ng-datamodel.js';
import { ProtocolError, ValidationError } from '../../errors.js';
import type { QueryExpression } from '../../query/expression.js';
import { parseDatamodel } from '../../schema/parse-datamodel.js';
import { jsonapiReads } from './reads.js';

const datamodel = parseDatamodel(ngDatamodel);
const reads = jsonapiReads(datamodel);
const PERSON = 'http://127.0.0.1:5001/api/person';
const COMPUTER = 'http://127.0.0.1:5001/api/computer';
const person = (parts: Partial<QueryExpression> = {}): QueryExpression => ({ model: 'Person', filters: [], orderBy: [], ...parts });
const path = (url: string) => url.slice('http://127.0.0.1:5001'.length);

describe('jsonapi page URLs', () => {
  it('encodes page[number] and page[size] as the recorded request (read#5), including the relations as classic nests them (read#55)', () => {
    expect(path(reads.page(PERSON, person(), { number: 2, size: 2 }))).toBe('/api/person?include=computers&page%5Bnumber%5D=2&page%5Bsize%5D=2');
    expect(path(reads.page('http://127.0.0.1:5001/api/employee', { model: 'Employee', filters: [], orderBy: [] }, { number: 2, size: 2 }))).toBe('/api/employee?page%5Bnumber%5D=2&page%5Bsize%5D=2');
  });

  it('never asks for more than the server maximum of 100 (read#11, #12)', () => {
    expect(reads.page(PERSON, person(), { number: 1, size: 10_000 })).toContain('page%5Bsize%5D=100');
  });

  it('encodes filter[objects] byte for byte as recorded (read#19, #27, #29, #38)', () => {
    expect(path(reads.page(PERSON, person({ filters: [{ kind: 'field', field: 'name', op: 'eq', value: 'Alice' }] }), { number: 1, size: 10 }))).toBe(
      '/api/person?filter%5Bobjects%5D=%5B%7B%22name%22%3A%22name%22%2C%22op%22%3A%22%3D%3D%22%2C%22val%22%3A%22Alice%22%7D%5D&include=computers&page%5Bnumber%5D=1&page%5Bsize%5D=10',
    );
    const url = reads.page(PERSON, person({ filters: [{ kind: 'field', field: 'name', op: 'in', value: ['Alice', 'Bob'] }, { kind: 'field', field: 'birth_date', op: 'isNull' }] }), { number: 1, size: 10 });
    expect(url).toContain('filter%5Bobjects%5D=%5B%7B%22name%22%3A%22name%22%2C%22op%22%3A%22in%22%2C%22val%22%3A%5B%22Alice%22%2C%22Bob%22%5D%7D%2C%7B%22name%22%3A%22birth_date%22%2C%22op%22%3A%22is_null%22%7D%5D');
  });

  it('nests has, any, or and and as the server reads them (read#34, #35, #36)', () => {
    const has = reads.page(COMPUTER, { model: 'Computer', filters: [{ kind: 'has', relation: 'owner', where: { kind: 'field', field: 'name', op: 'eq', value: 'Bob' } }], orderBy: [] }, { number: 1, size: 10 });
    expect(decodeURIComponent(has)).toContain('filter[objects]=[{"name":"owner","op":"has","val":{"name":"name","op":"==","val":"Bob"}}]');
    const nested = reads.page(PERSON, person({ filters: [{ kind: 'or', conditions: [
      { kind: 'field', field: 'name', op: 'eq', value: 'Alice' },
      { kind: 'and', conditions: [{ kind: 'field', field: 'birth_date', op: 'gt', value: '2000-01-01' }, { kind: 'field', field: 'name', op: 'like', value: 'D%' }] },
    ] }] }), { number: 1, size: 10 });
    expect(decodeURIComponent(nested)).toContain('filter[objects]=[{"or":[{"name":"name","op":"==","val":"Alice"},{"and":[{"name":"birth_date","op":">","val":"2000-01-01"},{"name":"name","op":"like","val":"D%"}]}]}]');
    const any = reads.page(PERSON, person({ filters: [{ kind: 'any', relation: 'computers', where: { kind: 'fields', field: 'vendor', op: 'eq', other: 'name' } }] }), { number: 1, size: 10 });
    expect(decodeURIComponent(any)).toContain('[{"name":"computers","op":"any","val":{"name":"vendor","op":"==","field":"name"}}]');
  });

  it('sorts with sort=a,-b (read#46)', () => {
    const url = reads.page(PERSON, person({ orderBy: [{ field: 'name', direction: 'asc' }, { field: 'id', direction: 'desc' }] }), { number: 1, size: 10 });
    expect(url).toContain('sort=name%2C-id');
  });

  it('refuses to compare a LargeBinary column before sending (read#73, write#24)', () => {
    const expression: QueryExpression = { model: 'AllTypes', filters: [{ kind: 'field', field: 'binary_col', op: 'eq', value: 'AAE=' }], orderBy: [] };
    expect(() => reads.page('http://h/api/all_types', expression, { number: 1, size: 10 })).toThrow(ValidationError);
    expect(() => reads.page('http://h/api/all_types', { ...expression, filters: [{ kind: 'field', field: 'binary_col', op: 'isNull' }] }, { number: 1, size: 10 })).not.toThrow();
  });

  it('counts with page[size]=1, never 0 (read#9 serializes every row)', () => {
    expect(path(reads.count(PERSON, person()))).toBe('/api/person?page%5Bnumber%5D=1&page%5Bsize%5D=1');
  });

  it('asks for two rows for the exactly-one search, and counts them (read#43: filter[single] is ignored)', () => {
    expect(reads.single(PERSON, person())).toContain('page%5Bsize%5D=2');
    const answer = (data: unknown[]) => ({ data, meta: { total: data.length }, links: {}, jsonapi: { version: '1.0' } });
    expect(reads.parseSingle(answer([]), PERSON)).toBe('none');
    expect(reads.parseSingle(answer([{ type: 'person', id: '1' }, { type: 'person', id: '2' }]), PERSON)).toBe('many');
    expect(reads.parseSingle(answer([{ type: 'person', id: '1' }]), PERSON)).toMatchObject({ row: { resource: { id: '1' } } });
  });

  it('turns limit and offset into a page window and cuts the answer to the limit', () => {
    const url = reads.page(PERSON, person({ offset: 4, limit: 3 }), { number: 1, size: 10 });
    // 3 rows a page (3 is not a divisor of 4: 2 is), page 3 of size 2 starts at row 5.
    expect(url).toContain('page%5Bnumber%5D=3&page%5Bsize%5D=2');
    const resources = [{ type: 'person', id: '5' }, { type: 'person', id: '6' }];
    const page = reads.parsePage({ data: resources, meta: { total: 7 } }, url, 1);
    expect(page).toMatchObject({ total: 3, pages: 2, number: 1 });
    const second = reads.page(PERSON, person({ offset: 4, limit: 3 }), { number: 2, size: 10 });
    expect(reads.parsePage({ data: [{ type: 'person', id: '7' }], meta: { total: 7 } }, second, 2).rows).toHaveLength(1);
    const cut = reads.parsePage({ data: resources, meta: { total: 7 } }, second, 2);
    expect(cut.rows).toHaveLength(1);
  });
});

describe('jsonapi page answers', () => {
  // read#5: page 2 of size 2 of five people.
  const recorded = {
    data: [
      { attributes: { birth_date: '2001-12-31', name: 'Dave' }, id: '4', relationships: { computers: { data: [] } }, type: 'person' },
      { attributes: { birth_date: '1970-03-04', name: 'eve' }, id: '5', relationships: { computers: { data: [] } }, type: 'person' },
    ],
    jsonapi: { version: '1.0' },
    links: { first: 'http://127.0.0.1:5001/api/person?page[size]=2&page[number]=1', last: 'http://127.0.0.1:5001/api/person?page[size]=2&page[number]=3', next: 'http://127.0.0.1:5001/api/person?page[size]=2&page[number]=3', prev: 'http://127.0.0.1:5001/api/person?page[size]=2&page[number]=1', self: '/api/person' },
    meta: { total: 5 },
  };

  it('reads rows, meta.total and the number of pages (read#5)', () => {
    const page = reads.parsePage(recorded, reads.page(PERSON, person(), { number: 2, size: 2 }), 2);
    expect(page).toMatchObject({ total: 5, pages: 3, number: 2 });
    expect(page.rows).toHaveLength(2);
  });

  it('a page past the end is empty, not an error (read#7)', () => {
    const page = reads.parsePage({ ...recorded, data: [] }, reads.page(PERSON, person(), { number: 9, size: 2 }), 9);
    expect(page.rows).toEqual([]);
  });

  it.each([
    ['no meta.total', { data: [] }],
    ['a negative total', { data: [], meta: { total: -1 } }],
    ['more rows than the total', { data: [{ type: 'person', id: '1' }], meta: { total: 0 } }],
    ['a total of 1e12 pages', { data: [], meta: { total: 1e14 } }],
    ['data that is not a list', { data: {}, meta: { total: 1 } }],
  ])('%s is a ProtocolError', (_name, body) => {
    expect(() => reads.parsePage(body, reads.page(PERSON, person(), { number: 1, size: 2 }), 1)).toThrow(ProtocolError);
  });

  it('reads single resources and null to-one answers (read#3, read#66)', () => {
    expect(reads.parseInstance({ data: { type: 'person', id: '1', attributes: {} }, jsonapi: {} })).toMatchObject({ resource: { id: '1' } });
    expect(reads.parseRelated({ data: null, jsonapi: { version: '1.0' } })).toBeNull();
    expect(() => reads.parseInstance({ errors: [] })).toThrow(ProtocolError);
  });
});
