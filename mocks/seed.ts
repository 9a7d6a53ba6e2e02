/**
 * The seed data of every classic recording (docs/protocol/classic/*.md, and test/server/seed.py
 * that recreates it on the real server), in the emulator's wire-form rows. Values are taken from
 * the recorded GET bodies.
 *
 * Manager rows are listed under `Manager`; the emulator stores them in the Employee table with
 * the discriminator set, as single-table inheritance does. Article rows list their tags by
 * primary key (the many-to-many link table).
 */
import type { WireValue } from '../src/query/expression.js';

type SeedRows = Readonly<Record<string, ReadonlyArray<Readonly<Record<string, WireValue>>>>>;

export const seedRows = {
  Person: [
    { id: 1, name: 'Alice', birth_date: '1990-01-15' },
    { id: 2, name: 'Bob', birth_date: '1985-06-30' },
    { id: 3, name: 'Carol', birth_date: '2000-12-01' },
    { id: 4, name: 'Dave', birth_date: null },
    { id: 5, name: 'Eve', birth_date: '1975-03-03' },
  ],
  Computer: [
    { id: 1, name: 'alice-laptop', vendor: 'Pear', purchase_time: '2020-05-01T10:30:00', owner_id: 1 },
    { id: 2, name: 'alice-desktop', vendor: 'Dull', purchase_time: '2021-07-14T08:00:05', owner_id: 1 },
    { id: 3, name: 'bob-box', vendor: 'Pear', purchase_time: '2019-11-02T23:59:59', owner_id: 2 },
    { id: 4, name: 'orphan', vendor: 'Lenowo', purchase_time: null, owner_id: null },
  ],
  Employee: [
    { id: 1, name: 'Erin', type: 'employee' },
    { id: 2, name: 'Frank', type: 'employee' },
  ],
  Manager: [{ id: 3, name: 'Grace', type: 'manager', reports: 2 }],
  Tag: [
    { id: 1, name: 'python' },
    { id: 2, name: 'flask' },
    { id: 3, name: 'rest' },
  ],
  Article: [
    { id: 1, title: 'Intro to Flask-Restless', tags: [1, 2, 3] },
    { id: 2, title: 'SQLAlchemy tips', tags: [1] },
    { id: 3, title: 'Untagged', tags: [] },
  ],
  TypeZoo: [
    {
      id: 1,
      a_string: 'str',
      a_unicode: 'uni',
      a_text: 'long text',
      an_integer: 7,
      a_float: 1.5,
      a_numeric: null,
      a_boolean: true,
      a_date: '2018-01-01',
      a_datetime: '2018-01-01T13:14:15.123456',
      a_time: '09:08:07',
      an_interval: null,
      a_json: { awe: 'some', list: [1, 2, 3] },
      a_binary: null,
      an_enum: 'green',
      // A hybrid property: the emulator cannot compute Python, so the row carries its value.
      double_integer: 14,
    },
  ],
} as const satisfies SeedRows;

/**
 * The association proxies onto a column of the reference models: listed by the datamodel as
 * attributes, filterable, never in GET bodies.
 */
export const seedColumnProxies = {
  Computer: { owner_name: 'owner.name' },
  Article: { tag_names: 'tags.name' },
} as const;

/**
 * What the reference app's models declare beyond the datamodel (test/server/models.py): unique
 * names, Tag.name NOT NULL, the colour enum, Numeric(10, 2), Employee's own identity, and the
 * `double_integer` hybrid (`(an_integer or 0) * 2`).
 */
export const seedSchema = {
  Person: { unique: ['name'] },
  Computer: { unique: ['name'] },
  Tag: { unique: ['name'], notNull: ['name'] },
  Employee: { identity: 'employee' },
  TypeZoo: {
    enums: { an_enum: ['red', 'green', 'blue'] },
    scales: { a_numeric: 2 },
    hybrids: { double_integer: (row: Readonly<Record<string, WireValue>>): WireValue => doubled(row['an_integer'] ?? null) },
  },
} as const;

/** Python's `(value or 0) * 2` for the values an Integer column reads back. */
function doubled(value: WireValue): WireValue {
  if (typeof value === 'number') return value * 2;
  if (typeof value === 'string' && value !== '') return value.repeat(2);
  return 0;
}
