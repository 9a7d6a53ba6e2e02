import { describe, expect, it } from 'vitest';
import { datamodel, modelOf } from '../../../mocks/graph.js';
import { seedColumnProxies } from '../../../mocks/seed.js';
import type { Condition } from '../../query/expression.js';
import { decodeClassicQuery, type DecodedClassicQuery } from './decode-query.js';
import type { QueryRejection } from './query-rejection.js';

const NOW = new Date('2026-11-23T15:59:08.250Z');

function decode(q: unknown, model = 'Person') {
  const text = typeof q === 'string' ? q : JSON.stringify(q);
  return decodeClassicQuery(text, modelOf(model), datamodel, { columnProxies: seedColumnProxies, now: () => NOW });
}

function accepted(q: unknown, model = 'Person'): DecodedClassicQuery {
  const result = decode(q, model);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.rejection)}`);
  return result.query;
}

function refused(q: unknown, model = 'Person'): QueryRejection['kind'] {
  const result = decode(q, model);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.query)}`);
  return result.rejection.kind;
}

const filtersOf = (q: unknown, model = 'Person') => accepted(q, model).expression.filters;
const one = (name: string, op: string, val?: unknown) => ({ filters: [val === undefined ? { name, op } : { name, op, val }] });

describe('operators', () => {
  const aliases: Array<[string[], string]> = [
    [['==', 'eq', 'equals', 'equal_to'], 'eq'],
    [['!=', 'ne', 'neq', 'not_equal_to', 'does_not_equal'], 'ne'],
    [['>', 'gt'], 'gt'],
    [['<', 'lt'], 'lt'],
    [['>=', 'ge', 'gte', 'geq'], 'ge'],
    [['<=', 'le', 'lte', 'leq'], 'le'],
    [['like'], 'like'],
    [['ilike'], 'ilike'],
  ];
  it.each(aliases)('reads %j as %s', (names, op) => {
    for (const name of names) expect(filtersOf(one('id', name, 1))).toEqual([{ kind: 'field', field: 'id', op, value: 1 }]);
  });

  it('reads in, not_in, is_null and is_not_null', () => {
    expect(filtersOf(one('id', 'in', [1, 2]))).toEqual([{ kind: 'field', field: 'id', op: 'in', value: [1, 2] }]);
    expect(filtersOf(one('id', 'not_in', []))).toEqual([{ kind: 'field', field: 'id', op: 'notIn', value: [] }]);
    expect(filtersOf(one('birth_date', 'is_null'))).toEqual([{ kind: 'field', field: 'birth_date', op: 'isNull' }]);
    expect(filtersOf(one('birth_date', 'is_not_null'))).toEqual([{ kind: 'field', field: 'birth_date', op: 'isNotNull' }]);
  });

  it('reads in over a dict as its keys, as Python iterates it', () => {
    expect(filtersOf(one('name', 'in', { Alice: 1, Bob: 2 }))).toEqual([{ kind: 'field', field: 'name', op: 'in', value: ['Alice', 'Bob'] }]);
  });

  it('reads has and any with a nested filter, and nests them', () => {
    expect(filtersOf({ filters: [{ name: 'owner', op: 'has', val: { name: 'name', op: '==', val: 'Bob' } }] }, 'Computer')).toEqual([
      { kind: 'has', relation: 'owner', where: { kind: 'field', field: 'name', op: 'eq', value: 'Bob' } },
    ]);
    const nested = { name: 'articles', op: 'any', val: { name: 'tags', op: 'any', val: { name: 'name', op: '==', val: 'rest' } } };
    expect(filtersOf({ filters: [nested] }, 'Tag')).toEqual([
      { kind: 'any', relation: 'articles', where: { kind: 'any', relation: 'tags', where: { kind: 'field', field: 'name', op: 'eq', value: 'rest' } } },
    ]);
  });

  it('reads the legacy rel__field form of has/any as an implicit ==', () => {
    expect(filtersOf(one('owner__name', 'has', 'Bob'), 'Computer')).toEqual([{ kind: 'has', relation: 'owner', where: { kind: 'field', field: 'name', op: 'eq', value: 'Bob' } }]);
    expect(filtersOf(one('computers__vendor', 'any', 'Dull'))).toEqual([{ kind: 'any', relation: 'computers', where: { kind: 'field', field: 'vendor', op: 'eq', value: 'Dull' } }]);
  });

  it('swaps the halves of a__b inside a nested has/any object, as the server does', () => {
    const inner = { name: 'vendor__computers', op: 'any', val: 'Dull' };
    expect(filtersOf({ filters: [{ name: 'owner', op: 'has', val: inner }] }, 'Computer')).toEqual([
      { kind: 'has', relation: 'owner', where: { kind: 'any', relation: 'computers', where: { kind: 'field', field: 'vendor', op: 'eq', value: 'Dull' } } },
    ]);
    expect(refused({ filters: [{ name: 'owner', op: 'has', val: { name: 'computers__vendor', op: 'any', val: 'Dull' } }] }, 'Computer')).toBe('unconstructable');
  });

  it('reads or/and nesting and column comparisons', () => {
    const q = { filters: [{ or: [{ name: 'name', op: '==', val: 'Alice' }, { and: [{ name: 'id', op: '>', val: 1 }] }] }] };
    expect(filtersOf(q)).toEqual([
      { kind: 'or', conditions: [{ kind: 'field', field: 'name', op: 'eq', value: 'Alice' }, { kind: 'and', conditions: [{ kind: 'field', field: 'id', op: 'gt', value: 1 }] }] },
    ]);
    expect(filtersOf({ filters: [{ name: 'a_float', op: '<', field: 'an_integer' }] }, 'TypeZoo')).toEqual([{ kind: 'fields', field: 'a_float', op: 'lt', other: 'an_integer' }]);
  });

  it('drops empty junctions, which SQLAlchemy leaves out of the WHERE clause', () => {
    expect(filtersOf({ filters: [{ or: [] }, { and: [{ or: [] }] }] })).toEqual([]);
  });

  it('reads is_null on a relation (and on rel__field) as "the relation is empty"', () => {
    expect(filtersOf(one('owner', 'is_null'), 'Computer')).toEqual([{ kind: 'field', field: 'owner', op: 'isNull' }]);
    expect(filtersOf(one('owner__name', 'is_null'), 'Computer')).toEqual([{ kind: 'field', field: 'owner', op: 'isNull' }]);
  });

  it('compares a Python @property as the server does: == never matches, != always', () => {
    expect(filtersOf(one('name_upper', '==', 'ALICE'))).toEqual([{ kind: 'or', conditions: [] }]);
    expect(filtersOf(one('name_upper', '!=', 'ALICE'))).toEqual([{ kind: 'and', conditions: [] }]);
  });

  it('accepts filters on association proxies and hybrids', () => {
    expect(filtersOf(one('owner_name', '==', 'Bob'), 'Computer')).toEqual([{ kind: 'field', field: 'owner_name', op: 'eq', value: 'Bob' }]);
    expect(filtersOf(one('double_integer', '==', 14), 'TypeZoo')).toEqual([{ kind: 'field', field: 'double_integer', op: 'eq', value: 14 }]);
  });
});

describe('dates (the server converts top-level filter values only)', () => {
  it('converts top-level date and datetime values to the stored form', () => {
    expect(filtersOf(one('birth_date', '<', '1986-01-01T10:00:00'))).toEqual([{ kind: 'field', field: 'birth_date', op: 'lt', value: '1986-01-01' }]);
    expect(filtersOf(one('purchase_time', '>', '2020-01-01'), 'Computer')).toEqual([{ kind: 'field', field: 'purchase_time', op: 'gt', value: '2020-01-01 00:00:00.000000' }]);
    expect(filtersOf(one('owner__birth_date', 'has', '31 Dec 1999'), 'Computer')).toEqual([
      { kind: 'has', relation: 'owner', where: { kind: 'field', field: 'birth_date', op: 'eq', value: '1999-12-31' } },
    ]);
  });

  it('leaves nested values alone', () => {
    const q = { filters: [{ or: [{ name: 'birth_date', op: '<', val: '1986-01-01T10:00:00' }] }] };
    expect(filtersOf(q)).toEqual([{ kind: 'or', conditions: [{ kind: 'field', field: 'birth_date', op: 'lt', value: '1986-01-01T10:00:00' }] }]);
  });

  it('turns CURRENT_DATE and CURRENT_TIMESTAMP into SQLite UTC values', () => {
    expect(filtersOf(one('birth_date', '<', 'CURRENT_DATE'))[0]).toMatchObject({ value: '2026-11-23' });
    expect(filtersOf(one('purchase_time', '<', 'CURRENT_TIMESTAMP'), 'Computer')[0]).toMatchObject({ value: '2026-11-23 15:59:08' });
    expect(accepted(one('purchase_time', '<', 'LOCALTIMESTAMP'), 'Computer').failsWhenRun).toMatch(/LOCALTIMESTAMP/);
  });

  it('makes a blank date null, which then cannot be compared (400)', () => {
    expect(refused(one('birth_date', '==', '  '))).toBe('unconstructable');
    expect(filtersOf({ filters: [{ name: 'birth_date', op: 'is_null', val: '' }] })).toEqual([{ kind: 'field', field: 'birth_date', op: 'isNull' }]);
  });
});

describe('order_by, group_by, limit, offset, single', () => {
  it('reads order_by; a missing direction is asc; rel__field is a dotted path', () => {
    expect(accepted({ order_by: [{ field: 'name' }, { field: 'id', direction: 'desc' }] }).expression.orderBy).toEqual([
      { field: 'name', direction: 'asc' },
      { field: 'id', direction: 'desc' },
    ]);
    expect(accepted({ order_by: [{ field: 'owner__name', direction: 'desc' }] }, 'Computer').expression.orderBy).toEqual([{ field: 'owner.name', direction: 'desc' }]);
  });

  it('fails when run for an order through a link table (no foreign key to join on)', () => {
    expect(accepted({ order_by: [{ field: 'tags__name' }] }, 'Article').failsWhenRun).toMatch(/join/);
  });

  it('reads limit and offset with Python int(): strings work, 0 means none', () => {
    expect(accepted({ limit: '2', offset: 1 }).expression).toMatchObject({ limit: 2, offset: 1 });
    expect(accepted({ limit: 0 }).expression.limit).toBeUndefined();
    expect(accepted({ limit: '0' }).expression.limit).toBe(0);
    expect(accepted({ limit: 2.7 }).expression.limit).toBe(2);
  });

  it('reads single and group_by, and ignores disjunction and unknown keys', () => {
    expect(accepted({ single: true }).single).toBe(true);
    expect(accepted({ single: 0 }).single).toBe(false);
    expect(accepted({ single: 'false' }).single).toBe(true);
    expect(accepted({ group_by: [{ field: 'type' }] }, 'Employee').groupBy).toEqual(['type']);
    expect(filtersOf({ disjunction: true, functions: [], filters: [one('id', '==', 1).filters[0], one('id', '==', 2).filters[0]] })).toHaveLength(2);
  });

  it('reads an empty q as no search', () => {
    expect(accepted({}).expression).toEqual({ model: 'Person', filters: [], orderBy: [] });
    expect(decodeClassicQuery(null, modelOf('Person'), datamodel).ok).toBe(true);
  });
});

describe('refusals, as the server answers them (docs/protocol/classic/errors.md)', () => {
  const cases: Array<[string, unknown, QueryRejection['kind'], string?]> = [
    ['q is not JSON', '{filters: []}', 'undecodable'],
    ['q is empty', '', 'undecodable'],
    ['q is a JSON list', [1, 2], 'server-error'],
    ['filters is null', { filters: null }, 'server-error'],
    ['filters is a dict', { filters: { name: 'name', op: '==', val: 'Bob' } }, 'unconstructable'],
    ['an unknown field with val', one('shoe_size', '==', 42), 'server-error'],
    ['an unknown field with val null', one('shoe_size', '==', null), 'server-error'],
    ['an unknown field without val', one('shoe_size', 'is_null'), 'unconstructable'],
    ['an unknown operator', one('name', 'resembles', 'Bob'), 'unconstructable'],
    ['a missing op', { filters: [{ name: 'name', val: 'Bob' }] }, 'unconstructable'],
    ['== with val null', one('birth_date', '==', null), 'unconstructable'],
    ['in on a date column', one('birth_date', 'in', ['1990-01-15']), 'server-error'],
    ['a non-string date', one('birth_date', '<', 19900101), 'server-error'],
    ['an unparsable date', one('birth_date', '<', 'not a date'), 'unconstructable'],
    ['a date dateutil may read but the emulator cannot', one('birth_date', '<', '1999'), 'unsupported'],
    ['any on a to-one', { filters: [{ name: 'owner', op: 'any', val: { name: 'name', op: '==', val: 'Bob' } }] }, 'unconstructable', 'Computer'],
    ['has on a to-many', { filters: [{ name: 'computers', op: 'has', val: { name: 'vendor', op: '==', val: 'Pear' } }] }, 'unconstructable'],
    ['rel__field with a plain operator', one('owner__name', '==', 'Bob'), 'unconstructable', 'Computer'],
    ['a column as rel in rel__field with val', one('vendor__x', '==', 'Pear'), 'server-error', 'Computer'],
    ['three parts in a name with val', one('a__b__c', '==', 1), 'server-error'],
    ['an unknown order_by field', { order_by: [{ field: 'nope', direction: 'asc' }] }, 'unconstructable'],
    ['a bad order_by direction', { order_by: [{ field: 'name', direction: 'up' }] }, 'unconstructable'],
    ['an unexpected order_by key', { order_by: [{ field: 'name', dir: 'asc' }] }, 'unconstructable'],
    ['an unknown group_by field', { group_by: [{ field: 'nope' }] }, 'unconstructable'],
    ['a limit that is not an integer', { limit: 'abc' }, 'unconstructable'],
    ['in over a string', one('name', 'in', 'Bob'), 'unconstructable'],
    ['the desc pseudo-operator', one('name', 'desc'), 'unconstructable'],
    ['a filter on a relation proxy', one('peers', 'is_null'), 'unsupported', 'Computer'],
  ];
  it.each(cases)('%s', (_, q, kind, model = 'Person') => {
    expect(refused(q, model)).toBe(kind);
  });

  it('flags values SQLite refuses when the query runs', () => {
    expect(accepted(one('name', '==', ['Bob'])).failsWhenRun).toMatch(/binding/);
    expect(accepted(one('name', 'in', [['Bob']])).failsWhenRun).toMatch(/binding/);
    expect(accepted(one('a_json', '==', { a: 1 }), 'TypeZoo').failsWhenRun).toBeUndefined();
  });
});

it('round-trips what encode-query writes', async () => {
  const { encodeQuery } = await import('../../dialect/classic/encode-query.js');
  const filters: Condition[] = [
    { kind: 'field', field: 'name', op: 'like', value: 'A%' },
    { kind: 'or', conditions: [{ kind: 'field', field: 'id', op: 'in', value: [1, 2] }, { kind: 'field', field: 'birth_date', op: 'isNull' }] },
    { kind: 'any', relation: 'computers', where: { kind: 'field', field: 'vendor', op: 'eq', value: 'Pear' } },
  ];
  const expression = { model: 'Person', filters, orderBy: [{ field: 'name', direction: 'desc' as const }], limit: 3, offset: 1 };
  expect(accepted(encodeQuery(expression)).expression).toEqual(expression);
});
