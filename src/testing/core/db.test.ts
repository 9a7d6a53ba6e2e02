/**
 * The emulated database's transactions and read caches: a write is undone from its own journal
 * (not a whole-database snapshot), and reads are served from orders and indexes built once per
 * change. Both must be invisible: what a rollback leaves and what a read after a write returns
 * are exactly what they were when every write copied the database and every read sorted it.
 */
import { describe, expect, it } from 'vitest';
import { parseDatamodel } from '../../schema/parse-datamodel.js';
import { EmulatorDatabase, type StoredRow } from './db.js';
import { relationLink } from './relation-link.js';

const datamodel = parseDatamodel({
  Person: {
    pk_name: 'id', collection_name: 'person', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode' },
    relations: { computers: { foreign_model: 'Computer', relation_type: 'ONETOMANY', backref: 'owner' } },
    properties: {}, methods: {},
  },
  Computer: {
    pk_name: 'id', collection_name: 'computer', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode', owner_id: 'integer' },
    relations: { owner: { foreign_model: 'Person', relation_type: 'MANYTOONE', backref: 'computers', local_column: 'owner_id' } },
    properties: {}, methods: {},
  },
  Label: {
    pk_name: 'code', collection_name: 'label', url_prefix: '/api',
    attributes: { code: 'unicode', text: 'unicode' },
    relations: { tags: { foreign_model: 'Tag', relation_type: 'MANYTOMANY', backref: 'labels' } },
    properties: {}, methods: {},
  },
  Tag: {
    pk_name: 'id', collection_name: 'tag', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode' },
    relations: { labels: { foreign_model: 'Label', relation_type: 'MANYTOMANY', backref: 'tags' } },
    properties: {}, methods: {},
  },
});

const model = (name: string) => datamodel.models.get(name)!;
const seeded = () =>
  new EmulatorDatabase(datamodel, {}, {
    Person: [{ id: 1, name: 'Ann' }, { id: 2, name: 'Bob' }],
    Computer: [{ id: 3, name: 'c3', owner_id: 1 }, { id: 1, name: 'c1', owner_id: 1 }, { id: 2, name: 'c2', owner_id: 2 }],
    Tag: [{ id: 1, name: 't1' }, { id: 2, name: 't2' }],
    Label: [{ code: 'zeta', text: 'z', tags: [2, 1] }, { code: 'alpha', text: 'a', tags: [1] }],
  });
const everything = (db: EmulatorDatabase) => ({
  people: db.rows('Person'),
  computers: db.rows('Computer'),
  labels: db.rows('Label'),
  tags: db.rows('Tag'),
  related: [db.related('Person', 1, 'computers'), db.related('Label', 'zeta', 'tags'), db.related('Tag', 1, 'labels')],
});
const names = (rows: readonly StoredRow[]) => rows.map((row) => row.values['name'] ?? row.values['code']);

describe('a write transaction', () => {
  it('rolls back changed values, deleted rows (in their place in table order), new rows, links and the next id', () => {
    const db = seeded();
    const before = everything(db);
    const transaction = db.begin();
    db.setValue(db.find(model('Person'), 1)!, 'name', 'Changed');
    db.deleteRow(db.find(model('Label'), 'zeta')!);
    db.deleteRow(db.find(model('Person'), 2)!);
    db.putRow({ model: model('Tag'), key: 'n:3', values: { id: 3, name: 't3' } });
    db.links.append(relationLink(model('Tag'), model('Tag').relations.get('labels')!, datamodel) as never, 'Tag', 'Label', 'n:3', 's:alpha');
    expect(db.nextId(model('Tag'))).toBe(4);
    transaction.rollback();
    expect(everything(db)).toEqual(before);
    expect(db.nextId(model('Tag'))).toBe(3);
    // The string-keyed table keeps insertion order: the restored row is first again, not last.
    expect(names(db.scan(model('Label')))).toEqual(['zeta', 'alpha']);
  });

  it('keeps what it committed, and a second rollback after a commit changes nothing', () => {
    const db = seeded();
    const transaction = db.begin();
    db.setValue(db.find(model('Person'), 1)!, 'name', 'Kept');
    transaction.commit();
    transaction.rollback();
    expect(db.get('Person', 1)?.['name']).toBe('Kept');
  });

  it('a failed update through the public API leaves the row where it was', () => {
    const db = seeded();
    expect(() => db.update('Label', 'zeta', { text: 'x', tags: 'not a list' })).toThrow();
    expect(db.rows('Label').map((row) => row['code'])).toEqual(['zeta', 'alpha']);
  });
});

describe('reads after writes', () => {
  it('see every change: table order by integer key, children by foreign key, linked rows', () => {
    const db = seeded();
    expect(names(db.scan(model('Computer')))).toEqual(['c1', 'c2', 'c3']);
    expect(names(db.relatedRows(db.find(model('Person'), 1)!, 'computers') as StoredRow[])).toEqual(['c1', 'c3']);
    db.insert('Computer', { id: 0, name: 'c0', owner_id: 1 });
    db.setValue(db.find(model('Computer'), 3)!, 'owner_id', 2);
    db.update('Label', 'alpha', { tags: [2, 1] });
    expect(names(db.scan(model('Computer')))).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(names(db.relatedRows(db.find(model('Person'), 1)!, 'computers') as StoredRow[])).toEqual(['c0', 'c1']);
    expect(names(db.relatedRows(db.find(model('Person'), 2)!, 'computers') as StoredRow[])).toEqual(['c2', 'c3']);
    expect(names(db.relatedRows(db.find(model('Tag'), 2)!, 'labels') as StoredRow[])).toEqual(['zeta', 'alpha']);
  });

  it('a new row takes the highest id + 1, and a deleted top id comes back', () => {
    const db = seeded();
    expect(db.insert('Computer', { name: 'c4' })['id']).toBe(4);
    db.delete('Computer', 4);
    expect(db.insert('Computer', { name: 'again' })['id']).toBe(4);
  });

  it('deleting a parent nulls its children keys, and a rollback brings them back', () => {
    const db = seeded();
    const transaction = db.begin();
    db.deleteRow(db.find(model('Person'), 1)!);
    expect(db.rows('Computer').map((row) => row['owner_id'])).toEqual([null, 2, null]);
    transaction.rollback();
    expect(db.rows('Computer').map((row) => row['owner_id'])).toEqual([1, 2, 1]);
  });
});
