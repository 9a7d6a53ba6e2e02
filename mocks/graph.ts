/**
 * The seed data as a plain in-memory object graph with a `RecordAccess`, for unit tests of the
 * evaluator and the sorter that should not depend on the emulator. A relation set to `undefined`
 * is "not loaded"; a field absent from `values` is "not carried".
 */
import type { RecordAccess, WireValue } from '../src/query/expression.js';
import type { ModelDef } from '../src/schema/datamodel.js';
import { parseDatamodel } from '../src/schema/parse-datamodel.js';
import { recordedDatamodel } from './datamodel.js';

export interface GraphRecord {
  readonly values: Record<string, WireValue>;
  readonly related: Record<string, GraphRecord | null | GraphRecord[] | undefined>;
}

export const graphAccess: RecordAccess<GraphRecord> = {
  value: (record, field) => (Object.hasOwn(record.values, field) ? record.values[field] : undefined),
  related: (record, relation) => record.related[relation],
};

export const datamodel = parseDatamodel(recordedDatamodel);

/** A model definition of the recorded datamodel. */
export function modelOf(name: string): ModelDef {
  const model = datamodel.models.get(name);
  if (!model) throw new Error(`no model ${name}`);
  return model;
}

/** A fresh graph of the seed rows (each call builds new objects, so tests may change them). */
export function seedGraph() {
  const record = (values: Record<string, WireValue>): GraphRecord => ({ values, related: {} });
  const people = {
    alice: record({ id: 1, name: 'Alice', birth_date: '1990-01-15' }),
    bob: record({ id: 2, name: 'Bob', birth_date: '1985-06-30' }),
    carol: record({ id: 3, name: 'Carol', birth_date: '2000-12-01' }),
    dave: record({ id: 4, name: 'Dave', birth_date: null }),
    eve: record({ id: 5, name: 'Eve', birth_date: '1975-03-03' }),
  };
  const computers = {
    laptop: record({ id: 1, name: 'alice-laptop', vendor: 'Pear', purchase_time: '2020-05-01T10:30:00', owner_id: 1 }),
    desktop: record({ id: 2, name: 'alice-desktop', vendor: 'Dull', purchase_time: '2021-07-14T08:00:05', owner_id: 1 }),
    box: record({ id: 3, name: 'bob-box', vendor: 'Pear', purchase_time: '2019-11-02T23:59:59', owner_id: 2 }),
    orphan: record({ id: 4, name: 'orphan', vendor: 'Lenowo', purchase_time: null, owner_id: null }),
  };
  const owners: Array<[GraphRecord, GraphRecord | null]> = [
    [computers.laptop, people.alice],
    [computers.desktop, people.alice],
    [computers.box, people.bob],
    [computers.orphan, null],
  ];
  for (const person of Object.values(people)) person.related['computers'] = [];
  for (const [computer, owner] of owners) {
    computer.related['owner'] = owner;
    computer.values['owner_name'] = owner === null ? [] : [owner.values['name'] ?? null];
    if (owner) (owner.related['computers'] as GraphRecord[]).push(computer);
  }
  const tags = { python: record({ id: 1, name: 'python' }), flask: record({ id: 2, name: 'flask' }), rest: record({ id: 3, name: 'rest' }) };
  const articles = {
    intro: record({ id: 1, title: 'Intro to Flask-Restless' }),
    tips: record({ id: 2, title: 'SQLAlchemy tips' }),
    untagged: record({ id: 3, title: 'Untagged' }),
  };
  const links: Array<[GraphRecord, GraphRecord[]]> = [
    [articles.intro, [tags.python, tags.flask, tags.rest]],
    [articles.tips, [tags.python]],
    [articles.untagged, []],
  ];
  for (const tag of Object.values(tags)) tag.related['articles'] = [];
  for (const [article, itsTags] of links) {
    article.related['tags'] = itsTags;
    article.values['tag_names'] = itsTags.map((tag) => tag.values['name'] ?? null);
    for (const tag of itsTags) (tag.related['articles'] as GraphRecord[]).push(article);
  }
  const zoo = record({
    id: 1, a_string: 'str', a_unicode: 'uni', a_text: 'long text', an_integer: 7, a_float: 1.5, a_numeric: null,
    a_boolean: true, a_date: '2018-01-01', a_datetime: '2018-01-01T13:14:15.123456', a_time: '09:08:07',
    an_interval: null, a_json: { awe: 'some', list: [1, 2, 3] }, a_binary: null, an_enum: 'green', double_integer: 14,
  });
  return { people, computers, tags, articles, zoo };
}
