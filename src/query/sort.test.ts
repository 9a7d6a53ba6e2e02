import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { datamodel, graphAccess, modelOf, seedGraph, type GraphRecord } from '../../mocks/graph.js';
import type { OrderBy } from './expression.js';
import { sortRecords, sortRecordsJoined } from './sort.js';

const Person = modelOf('Person');
const Computer = modelOf('Computer');
const g = seedGraph();
const ids = (records: readonly GraphRecord[]) => records.map((record) => record.values['id']);
const by = (field: string, direction: 'asc' | 'desc' = 'asc'): OrderBy => ({ field, direction });
const shuffled = [g.people.carol, g.people.eve, g.people.alice, g.people.dave, g.people.bob];

describe('sortRecords', () => {
  it('orders by primary key when no order is given, as the server does', () => {
    expect(ids(sortRecords(shuffled, [], Person, datamodel, graphAccess))).toEqual([1, 2, 3, 4, 5]);
  });

  it('orders text by code point, descending on request', () => {
    expect(ids(sortRecords(shuffled, [by('name', 'desc')], Person, datamodel, graphAccess))).toEqual([5, 4, 3, 2, 1]);
  });

  it('puts NULL first ascending and last descending (SQLite)', () => {
    expect(ids(sortRecords(shuffled, [by('birth_date')], Person, datamodel, graphAccess))).toEqual([4, 5, 2, 1, 3]);
    expect(ids(sortRecords(shuffled, [by('birth_date', 'desc')], Person, datamodel, graphAccess))).toEqual([3, 1, 2, 5, 4]);
  });

  it('keeps ties in input order and breaks them with the next key', () => {
    const computers = [g.computers.box, g.computers.orphan, g.computers.laptop, g.computers.desktop];
    expect(ids(sortRecords(computers, [by('vendor')], Computer, datamodel, graphAccess))).toEqual([2, 4, 3, 1]);
    expect(ids(sortRecords(computers, [by('vendor'), by('id', 'desc')], Computer, datamodel, graphAccess))).toEqual([2, 4, 3, 1]);
    expect(ids(sortRecords(computers, [by('vendor', 'desc'), by('id')], Computer, datamodel, graphAccess))).toEqual([1, 3, 4, 2]);
  });

  it('sorts numbers before text and compares code points, not UTF-16 units', () => {
    const records = ['b', 'a', 'Z', 10, 'é', '😀', '\uffff'].map((name, index): GraphRecord => ({ values: { id: index, name }, related: {} }));
    const names = sortRecords(records, [by('name')], Person, datamodel, graphAccess).map((record) => record.values['name']);
    expect(names).toEqual([10, 'Z', 'a', 'b', 'é', '\uffff', '😀']);
  });

  it('sorts dates by date, not by the text they were written in', () => {
    const records = ['2020-01-02T00:00:00', '2020-01-01T23:00:00'].map((purchase_time, id): GraphRecord => ({ values: { id, purchase_time }, related: {} }));
    expect(ids(sortRecords(records, [by('purchase_time')], Computer, datamodel, graphAccess))).toEqual([1, 0]);
  });

  it('sorts by a related column; a record without the related row sorts as NULL', () => {
    const computers = Object.values(g.computers);
    expect(ids(sortRecords(computers, [by('owner.name', 'desc')], Computer, datamodel, graphAccess))).toEqual([3, 1, 2, 4]);
    expect(ids(sortRecords(computers, [by('owner.name')], Computer, datamodel, graphAccess))).toEqual([4, 1, 2, 3]);
  });

  it('refuses a to-many path and unknown fields', () => {
    expect(() => sortRecords(shuffled, [by('computers.vendor')], Person, datamodel, graphAccess)).toThrow(ValidationError);
    expect(() => sortRecords(shuffled, [by('shoe_size')], Person, datamodel, graphAccess)).toThrow(/no attribute "shoe_size"/);
    expect(() => sortRecords(shuffled, [by('computers.owner.name')], Person, datamodel, graphAccess)).toThrow(ValidationError);
  });
});

describe('sortRecordsJoined (the server inner join)', () => {
  it('drops rows without a related row (recorded: order_by owner__name desc)', () => {
    const computers = Object.values(g.computers);
    expect(ids(sortRecordsJoined(computers, [by('owner.name', 'desc')], Computer, datamodel, graphAccess))).toEqual([3, 1, 2]);
  });

  it('repeats a row once per related row of a to-many path', () => {
    const people = Object.values(g.people);
    expect(ids(sortRecordsJoined(people, [by('computers.vendor')], Person, datamodel, graphAccess))).toEqual([1, 1, 2]);
  });

  it('without a path it is sortRecords', () => {
    expect(ids(sortRecordsJoined(shuffled, [by('name')], Person, datamodel, graphAccess))).toEqual([1, 2, 3, 4, 5]);
  });
});
