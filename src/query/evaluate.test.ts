import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { datamodel, graphAccess, modelOf, seedGraph, type GraphRecord } from '../../mocks/graph.js';
import { evaluate, type EvaluateOptions } from './evaluate.js';
import type { Condition, FieldOp, WireValue } from './expression.js';

const Person = modelOf('Person');
const Computer = modelOf('Computer');
const Article = modelOf('Article');
const TypeZoo = modelOf('TypeZoo');

const field = (name: string, op: FieldOp, value?: WireValue): Condition =>
  value === undefined ? { kind: 'field', field: name, op } : { kind: 'field', field: name, op, value };

/** The ids of the records a condition matches (`true` only). */
function matching(records: readonly GraphRecord[], condition: Condition, model = Person, options: EvaluateOptions = {}): WireValue[] {
  return records.filter((record) => evaluate(condition, record, model, datamodel, graphAccess, options) === true).map((record) => record.values['id'] ?? null);
}

const g = seedGraph();
const people = Object.values(g.people);
const computers = Object.values(g.computers);
const articles = Object.values(g.articles);

describe('comparison operators', () => {
  it('eq, ne, gt, ge, lt, le compare like the server', () => {
    expect(matching(people, field('name', 'eq', 'Bob'))).toEqual([2]);
    expect(matching(people, field('id', 'ne', 1))).toEqual([2, 3, 4, 5]);
    expect(matching(people, field('id', 'gt', 3))).toEqual([4, 5]);
    expect(matching(people, field('id', 'ge', 4))).toEqual([4, 5]);
    expect(matching(people, field('id', 'lt', 2))).toEqual([1]);
    expect(matching(people, field('id', 'le', 1))).toEqual([1]);
  });

  it('eq on strings is case-sensitive', () => {
    expect(matching(people, field('name', 'eq', 'bob'))).toEqual([]);
  });

  it('a comparison with NULL never matches, so ne leaves NULL rows out', () => {
    expect(matching(people, field('birth_date', 'ne', '1990-01-15'))).toEqual([2, 3, 5]);
    expect(matching(people, field('birth_date', 'gt', '1900-01-01'))).toEqual([1, 2, 3, 5]);
  });

  it('a numeric string equals the number in an integer column, and a number the string in a text column', () => {
    expect(matching(people, field('id', 'eq', '2'))).toEqual([2]);
    expect(matching(people, field('id', 'in', ['1', 3]))).toEqual([1, 3]);
    expect(matching([g.zoo], field('a_string', 'eq', 'str'), TypeZoo)).toEqual([1]);
    expect(matching([g.zoo], field('an_integer', 'eq', '7.0'), TypeZoo)).toEqual([1]);
  });

  it('numbers sort before text in SQLite, so an integer column is below any non-numeric string', () => {
    expect(matching(people, field('id', 'lt', 'abc'))).toEqual([1, 2, 3, 4, 5]);
    expect(matching(people, field('id', 'gt', 'abc'))).toEqual([]);
  });

  it('booleans compare as 0/1 and a string is not a boolean', () => {
    expect(matching([g.zoo], field('a_boolean', 'eq', true), TypeZoo)).toEqual([1]);
    expect(matching([g.zoo], field('a_boolean', 'eq', 1), TypeZoo)).toEqual([1]);
    expect(matching([g.zoo], field('a_boolean', 'eq', 'true'), TypeZoo)).toEqual([]);
  });

  it('a float column compares numerically with an integer value', () => {
    expect(matching([g.zoo], field('a_float', 'gt', 1), TypeZoo)).toEqual([1]);
    expect(matching([g.zoo], field('a_float', 'eq', '1.5'), TypeZoo)).toEqual([1]);
  });

  it('a JSON column compares with the JSON text the server stores', () => {
    expect(matching([g.zoo], field('a_json', 'eq', { awe: 'some', list: [1, 2, 3] }), TypeZoo)).toEqual([1]);
    expect(matching([g.zoo], field('a_json', 'eq', { list: [1, 2, 3], awe: 'some' }), TypeZoo)).toEqual([]);
  });

  it('a list where a scalar is expected cannot be bound and matches nothing', () => {
    expect(matching(people, field('name', 'eq', ['Bob']))).toEqual([]);
  });
});

describe('in and notIn', () => {
  it('in matches listed values, notIn the others except NULL', () => {
    expect(matching(people, field('name', 'in', ['Alice', 'Eve', 'Nobody']))).toEqual([1, 5]);
    expect(matching(people, field('id', 'notIn', [1, 2, 3]))).toEqual([4, 5]);
    expect(matching(people, field('birth_date', 'notIn', ['1990-01-15']))).toEqual([2, 3, 5]);
  });

  it('in [] matches nothing and notIn [] everything, NULL included', () => {
    expect(matching(people, field('id', 'in', []))).toEqual([]);
    expect(matching(people, field('birth_date', 'notIn', []))).toEqual([1, 2, 3, 4, 5]);
  });

  it('a NULL in a NOT IN list makes every comparison unknown', () => {
    expect(matching(people, field('id', 'notIn', [1, null]))).toEqual([]);
    expect(matching(people, field('id', 'in', [1, null]))).toEqual([1]);
  });

  it('in needs a list', () => {
    expect(() => evaluate(field('id', 'in', 1), g.people.alice, Person, datamodel, graphAccess)).toThrow(ValidationError);
  });
});

describe('isNull and isNotNull', () => {
  it('test a column for NULL', () => {
    expect(matching(people, field('birth_date', 'isNull'))).toEqual([4]);
    expect(matching(people, field('birth_date', 'isNotNull'))).toEqual([1, 2, 3, 5]);
  });

  it('test a relation for emptiness, as the server does for {"name": "owner", "op": "is_null"}', () => {
    expect(matching(computers, field('owner', 'isNull'), Computer)).toEqual([4]);
    expect(matching(people, field('computers', 'isNotNull'))).toEqual([1, 2]);
  });

  it('eq null and ne null mean IS NULL and IS NOT NULL (SQLAlchemy)', () => {
    expect(matching(people, field('birth_date', 'eq', null))).toEqual([4]);
    expect(matching(people, field('birth_date', 'ne', null))).toEqual([1, 2, 3, 5]);
  });
});

describe('like and ilike', () => {
  it('are SQL patterns, case-insensitive for ASCII letters', () => {
    expect(matching(people, field('name', 'like', '%a%'))).toEqual([1, 3, 4]);
    expect(matching(people, field('name', 'ilike', '%A%'))).toEqual([1, 3, 4]);
    expect(matching(people, field('name', 'like', 'c%'))).toEqual([3]);
    expect(matching(people, field('name', 'like', '_ve'))).toEqual([5]);
    expect(matching(people, field('name', 'like', 'Bo'))).toEqual([]);
  });

  it('fold only ASCII: É does not match é', () => {
    const records = [{ values: { id: 1, name: 'Élodie' }, related: {} }, { values: { id: 2, name: 'élodie' }, related: {} }];
    expect(matching(records, field('name', 'like', 'é%'))).toEqual([2]);
  });

  it('match the text form of numbers and dates', () => {
    expect(matching(people, field('id', 'like', '1%'))).toEqual([1]);
    expect(matching(people, field('birth_date', 'like', '19%'))).toEqual([1, 2, 5]);
  });
});

describe('dates, datetimes and times', () => {
  it('read top-level date values as dates, whatever their form', () => {
    expect(matching(people, field('birth_date', 'lt', '1986-01-01'))).toEqual([2, 5]);
    expect(matching(people, field('birth_date', 'lt', '1986-01-01T23:00:00'))).toEqual([2, 5]);
    expect(matching(people, field('birth_date', 'eq', 'Jan 15, 1990'))).toEqual([1]);
  });

  it('read top-level datetime values as instants: seconds, microseconds and offsets do not matter', () => {
    expect(matching(computers, field('purchase_time', 'gt', '2020-01-01'), Computer)).toEqual([1, 2]);
    expect(matching(computers, field('purchase_time', 'eq', '2020-05-01T10:30:00'), Computer)).toEqual([1]);
    expect(matching(computers, field('purchase_time', 'eq', '2020-05-01 10:30'), Computer)).toEqual([1]);
    expect(matching(computers, field('purchase_time', 'eq', '2020-05-01T10:30:00+02:00'), Computer)).toEqual([1]);
  });

  it('compare nested datetime values as raw text with the stored form, as the server does', () => {
    const nested: Condition = { kind: 'or', conditions: [field('purchase_time', 'eq', '2020-05-01T10:30:00')] };
    expect(matching(computers, nested, Computer)).toEqual([]);
    const stored: Condition = { kind: 'or', conditions: [field('purchase_time', 'eq', '2020-05-01 10:30:00.000000')] };
    expect(matching(computers, stored, Computer)).toEqual([1]);
    const laterDay: Condition = { kind: 'or', conditions: [field('purchase_time', 'gt', '2020-01-01T00:00:00')] };
    expect(matching(computers, laterDay, Computer)).toEqual([1, 2]);
  });

  it('treat the members of a root and as top-level filters', () => {
    const list: Condition = { kind: 'and', conditions: [field('purchase_time', 'eq', '2020-05-01T10:30:00')] };
    expect(matching(computers, list, Computer)).toEqual([1]);
    expect(matching(computers, list, Computer, { temporal: 'verbatim' })).toEqual([]);
  });

  it('store times with microseconds, so HH:MM:SS does not equal them', () => {
    expect(matching([g.zoo], field('a_time', 'eq', '09:08:07'), TypeZoo)).toEqual([]);
    expect(matching([g.zoo], field('a_time', 'eq', '09:08:07.000000'), TypeZoo)).toEqual([1]);
    expect(matching([g.zoo], field('a_time', 'gt', '09:00'), TypeZoo)).toEqual([1]);
  });

  it('keep microseconds of datetimes', () => {
    expect(matching([g.zoo], field('a_datetime', 'eq', '2018-01-01T13:14:15.123456'), TypeZoo)).toEqual([1]);
    expect(matching([g.zoo], field('a_datetime', 'eq', '2018-01-01T13:14:15'), TypeZoo)).toEqual([]);
  });
});

describe('has and any', () => {
  it('has: the related row exists and matches', () => {
    const condition: Condition = { kind: 'has', relation: 'owner', where: field('name', 'eq', 'Bob') };
    expect(matching(computers, condition, Computer)).toEqual([3]);
  });

  it('any: some related row matches', () => {
    expect(matching(people, { kind: 'any', relation: 'computers', where: field('vendor', 'eq', 'Pear') })).toEqual([1, 2]);
    expect(matching(articles, { kind: 'any', relation: 'tags', where: field('name', 'eq', 'flask') }, Article)).toEqual([1]);
  });

  it('nest: tags of articles tagged rest', () => {
    const inner: Condition = { kind: 'any', relation: 'tags', where: field('name', 'eq', 'rest') };
    const tags = Object.values(g.tags);
    expect(matching(tags, { kind: 'any', relation: 'articles', where: inner }, modelOf('Tag'))).toEqual([1, 2, 3]);
  });

  it('answer unknown when the relation is not loaded', () => {
    const unloaded: GraphRecord = { values: { id: 9 }, related: {} };
    expect(evaluate({ kind: 'has', relation: 'owner', where: field('id', 'eq', 1) }, unloaded, Computer, datamodel, graphAccess)).toBeUndefined();
    expect(evaluate({ kind: 'any', relation: 'computers', where: field('id', 'eq', 1) }, unloaded, Person, datamodel, graphAccess)).toBeUndefined();
  });

  it('refuse has on a to-many and any on a to-one, as the server does', () => {
    expect(() => evaluate({ kind: 'has', relation: 'computers', where: field('id', 'eq', 1) }, g.people.alice, Person, datamodel, graphAccess)).toThrow(ValidationError);
    expect(() => evaluate({ kind: 'any', relation: 'owner', where: field('id', 'eq', 1) }, g.computers.box, Computer, datamodel, graphAccess)).toThrow(ValidationError);
  });
});

describe('association proxies (array values)', () => {
  it('match when one related value matches', () => {
    expect(matching(articles, field('tag_names', 'eq', 'flask'), Article)).toEqual([1]);
    expect(matching(articles, field('tag_names', 'like', 'py%'), Article)).toEqual([1, 2]);
    expect(matching(articles, field('tag_names', 'ne', 'python'), Article)).toEqual([1]);
    expect(matching(computers, field('owner_name', 'eq', 'Bob'), Computer)).toEqual([3]);
  });

  it('notIn: no related value is in the list (rows without related rows match)', () => {
    expect(matching(articles, field('tag_names', 'notIn', ['python']), Article)).toEqual([3]);
    expect(matching(computers, field('owner_name', 'notIn', ['Alice']), Computer)).toEqual([3, 4]);
  });

  it('isNull: no related row, or one holding NULL', () => {
    expect(matching(articles, field('tag_names', 'isNull'), Article)).toEqual([3]);
    expect(matching(articles, field('tag_names', 'isNotNull'), Article)).toEqual([1, 2]);
  });
});

describe('three-valued logic', () => {
  const unknown = field('shoe_size', 'eq', 1);
  const record: GraphRecord = { values: { id: 1, name: 'Alice' }, related: {} };
  const model = { ...Person, attributes: new Map([...Person.attributes, ['shoe_size', { name: 'shoe_size', type: 'integer', readOnly: false, proxy: false } as const]]) };
  const run = (condition: Condition) => evaluate(condition, record, model, datamodel, graphAccess);

  it('a column the record does not carry is unknown', () => {
    expect(run(unknown)).toBeUndefined();
  });

  it('false AND unknown is false, true AND unknown unknown', () => {
    expect(run({ kind: 'and', conditions: [field('name', 'eq', 'Bob'), unknown] })).toBe(false);
    expect(run({ kind: 'and', conditions: [field('name', 'eq', 'Alice'), unknown] })).toBeUndefined();
  });

  it('true OR unknown is true, false OR unknown unknown', () => {
    expect(run({ kind: 'or', conditions: [field('name', 'eq', 'Alice'), unknown] })).toBe(true);
    expect(run({ kind: 'or', conditions: [field('name', 'eq', 'Bob'), unknown] })).toBeUndefined();
  });

  it('an empty and is true, an empty or false', () => {
    expect(run({ kind: 'and', conditions: [] })).toBe(true);
    expect(run({ kind: 'or', conditions: [] })).toBe(false);
  });
});

describe('column comparisons and errors', () => {
  it('fields compares two columns of the same record', () => {
    expect(matching([g.zoo], { kind: 'fields', field: 'a_float', op: 'lt', other: 'an_integer' }, TypeZoo)).toEqual([1]);
    expect(matching([g.zoo], { kind: 'fields', field: 'a_float', op: 'gt', other: 'an_integer' }, TypeZoo)).toEqual([]);
  });

  it('an unknown field is a ValidationError naming model and field', () => {
    expect(() => evaluate(field('shoe_size', 'eq', 1), g.people.alice, Person, datamodel, graphAccess)).toThrow(/Person has no attribute "shoe_size"/);
  });
});
