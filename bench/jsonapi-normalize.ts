/**
 * The jsonapi dialect's normalization of a compound document into the store, beside the JSON:API
 * deserializers jsona and kitsu-core on the same document, in one run (printed, never asserted):
 * 10,000 resources, 5,000 people each with one included computer whose linkage points back, as
 * NG sends `GET /api/person?include=computers` (docs/protocol/jsonapi/read.md #55). The store's
 * time covers the page check, reading every resource into rows and loading them as entities with
 * their relations (identity map, both sides of each relation); the libraries' time their
 * `deserialize` into linked plain objects. The goal: ratios below 1.0.
 * Run: npx tsx bench/jsonapi-normalize.ts
 */
import { Jsona } from 'jsona';
import * as kitsuCore from 'kitsu-core';
import { connect, type Client } from '../src/index.js';
import { INTERNALS } from '../src/client.js';
import { jsonapiDialect } from '../src/dialect/jsonapi/index.js';
import { columnCodec } from '../src/schema/column-codec.js';
import type { EntityStore } from '../src/store/entity-store.js';
import { ingest } from '../src/store/ingest.js';
import { ngDatamodel } from '../test/support/ng-datamodel.js';
import { result } from './result.js';

// kitsu-core's type declarations re-export without file extensions, which NodeNext resolution cannot follow.
const { deserialise } = kitsuCore as unknown as { deserialise(document: unknown): unknown };

const PEOPLE = 5_000;
const RUNS = 7;
const ROOT = 'http://bench.local';

function compoundDocument(): Record<string, unknown> {
  const data = Array.from({ length: PEOPLE }, (_, index) => ({
    attributes: { birth_date: '1990-01-15', name: `Person ${index + 1}` },
    id: String(index + 1),
    relationships: { computers: { data: [{ id: String(index + 1), type: 'computer' }] } },
    type: 'person',
  }));
  const included = Array.from({ length: PEOPLE }, (_, index) => ({
    attributes: { name: `pc-${index + 1}`, owner_name: `Person ${index + 1}`, purchase_time: '2020-05-01T10:30:00', vendor: 'Pear' },
    id: String(index + 1),
    relationships: { owner: { data: { id: String(index + 1), type: 'person' } } },
    type: 'computer',
  }));
  return { data, included, jsonapi: { version: '1.0' }, links: { first: null, last: null, next: null, prev: null, self: '/api/person' }, meta: { total: PEOPLE } };
}

const document = compoundDocument();
const codec = columnCodec('UTC');

/** One normalization into a fresh store: what `Person.all()` does with the answer of one page. */
async function normalizeIntoStore(): Promise<number> {
  const client: Client = await connect({ url: ROOT, dialect: 'jsonapi', datamodel: ngDatamodel, gcTimeMs: Infinity });
  const { store } = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!;
  const dialect = jsonapiDialect(ROOT, client.datamodel);
  const person = client.datamodel.models.get('Person')!;
  const url = dialect.reads.page(`${ROOT}/api/person`, undefined, { number: 1, size: 100 }).replace('page%5Bsize%5D=100', `page%5Bsize%5D=${PEOPLE}`);
  const start = performance.now();
  const page = dialect.reads.parsePage(document, url, 1);
  const context = { store, rows: dialect.rows, codec, url };
  const states = store.transaction(() => page.rows.map((row) => ingest(context, person, row)));
  const ms = performance.now() - start;
  if (states.length !== PEOPLE || store.find(client.datamodel.models.get('Computer')!, PEOPLE) === undefined) throw new Error('the document was not normalized');
  return ms;
}

const jsona = (): number => {
  const copy = structuredClone(document);
  const formatter = new Jsona();
  const start = performance.now();
  const result = formatter.deserialize(copy as never);
  const ms = performance.now() - start;
  if (!Array.isArray(result) || result.length !== PEOPLE) throw new Error('jsona did not deserialize every person');
  return ms;
};
const kitsu = (): number => {
  const copy = structuredClone(document);
  const start = performance.now();
  const result = deserialise(copy) as { data?: unknown[] };
  const ms = performance.now() - start;
  if (!Array.isArray(result.data) || result.data.length !== PEOPLE) throw new Error('kitsu-core did not deserialize every person');
  return ms;
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
// Warm-up of every contender, then the runs interleaved so that all see the same machine.
await normalizeIntoStore();
jsona();
kitsu();
const ours: number[] = [];
const theirs = { jsona: [] as number[], kitsu: [] as number[] };
for (let run = 0; run < RUNS; run += 1) {
  ours.push(await normalizeIntoStore());
  theirs.jsona.push(jsona());
  theirs.kitsu.push(kitsu());
}
const store = median(ours);
console.log(`normalize a compound document of ${PEOPLE * 2} resources (${PEOPLE} people + ${PEOPLE} included computers) into the store: ${store.toFixed(1)} ms median of ${RUNS}`);
result({ measure: `JSON:API compound document of ${PEOPLE * 2} resources normalized into the store, beside jsona / kitsu-core`, result: `${(store / median(theirs.jsona)).toFixed(2)} x / ${(store / median(theirs.kitsu)).toFixed(2)} x their time`, target: '< 1.0 x' });
console.log(`  jsona ${median(theirs.jsona).toFixed(1)} ms: ratio store / jsona = ${(store / median(theirs.jsona)).toFixed(2)}`);
console.log(`  kitsu-core ${median(theirs.kitsu).toFixed(1)} ms: ratio store / kitsu-core = ${(store / median(theirs.kitsu)).toFixed(2)}`);
