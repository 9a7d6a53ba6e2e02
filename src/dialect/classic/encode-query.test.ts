import { columnCodec } from '../../schema/column-codec.js';
import { describe, expect, it } from 'vitest';
import { parseDatamodel } from '../../schema/parse-datamodel.js';
import { recordedDatamodel } from '../../../mocks/datamodel.js';
import { Query } from '../../model/query.js';
import type { QueryRunner } from '../../query/query-runner.js';
import type { PagedReads } from '../../read/read-options.js';
import { and, not, or } from '../../query/criterion.js';
import { ValidationError } from '../../errors.js';
import { encodeQuery } from './encode-query.js';

const datamodel = parseDatamodel(recordedDatamodel);
const context = { datamodel, codec: columnCodec('UTC') };
const runner = {} as QueryRunner & PagedReads;
const query = (model: string) => new Query(datamodel.models.get(model)!, context, runner);
const q = (built: Query) => encodeQuery(built.expression);

describe('the classic q encoding', () => {
  it('encodes operators as the recorded requests do', () => {
    expect(q(query('Person').filter((p) => p['name']!.eq('Bob')))).toEqual({ filters: [{ name: 'name', op: '==', val: 'Bob' }] });
    expect(q(query('Person').filter((p) => p['birth_date']!.isNull()))).toEqual({ filters: [{ name: 'birth_date', op: 'is_null' }] });
    expect(q(query('Person').filter((p) => p['id']!.notIn([1, 2, 3])))).toEqual({ filters: [{ name: 'id', op: 'not_in', val: [1, 2, 3] }] });
    expect(q(query('TypeZoo').filter((z) => z['a_float']!.lt(z['an_integer']!)))).toEqual({ filters: [{ name: 'a_float', op: '<', field: 'an_integer' }] });
  });

  it('encodes relation conditions and paths as has/any with a nested filter', () => {
    expect(q(query('Person').filter((p) => p['computers']!['vendor']!.eq('Pear')))).toEqual({
      filters: [{ name: 'computers', op: 'any', val: { name: 'vendor', op: '==', val: 'Pear' } }],
    });
    expect(q(query('Computer').filter((c) => c['owner']!['computers']!['vendor']!.eq('Dull')))).toEqual({
      filters: [{ name: 'owner', op: 'has', val: { name: 'computers', op: 'any', val: { name: 'vendor', op: '==', val: 'Dull' } } }],
    });
  });

  it('distributes any over or, since the server reads one nested filter only', () => {
    expect(q(query('Person').filter((p) => p['computers']!.any((c) => or(c['vendor']!.eq('Pear'), c['vendor']!.eq('Dull')))))).toEqual({
      filters: [{ or: [
        { name: 'computers', op: 'any', val: { name: 'vendor', op: '==', val: 'Pear' } },
        { name: 'computers', op: 'any', val: { name: 'vendor', op: '==', val: 'Dull' } },
      ] }],
    });
    expect(() => query('Person').filter((p) => p['computers']!.any((c) => and(c['vendor']!.eq('Pear'), c['name']!.like('a%'))))).toThrow(ValidationError);
  });

  it('compiles not by inverting operators and De Morgan', () => {
    expect(q(query('Person').filter((p) => not(and(p['id']!.gt(1), p['name']!.eq('Bob')))))).toEqual({
      filters: [{ or: [{ name: 'id', op: '<=', val: 1 }, { name: 'name', op: '!=', val: 'Bob' }] }],
    });
    expect(q(query('Person').filter((p) => not(not(p['id']!.gt(1)))))).toEqual({ filters: [{ name: 'id', op: '>', val: 1 }] });
  });

  it('encodes order_by with related paths, limit, offset and single', () => {
    const built = query('Computer').orderBy({ 'owner.name': 'desc', id: 'asc' }).limit(2).offset(1);
    expect(encodeQuery(built.expression, { single: true })).toEqual({
      order_by: [{ field: 'owner__name', direction: 'desc' }, { field: 'id', direction: 'asc' }],
      limit: 2,
      offset: 1,
      single: true,
    });
    expect(encodeQuery(query('Person').expression)).toBeUndefined();
  });

  it('rejects bad order and window arguments at build time', () => {
    expect(() => query('Person').orderBy({ name: 'up' } as never)).toThrow(ValidationError);
    expect(() => query('Person').orderBy({ 'computers.name': 'asc' })).toThrow(ValidationError);
    expect(() => query('Person').limit(-1)).toThrow(ValidationError);
  });

  it('is immutable: every call returns a new query', () => {
    const base = query('Person');
    const filtered = base.filter((p) => p['id']!.gt(1));
    expect(base.expression.filters).toEqual([]);
    expect(filtered).not.toBe(base);
  });
});
