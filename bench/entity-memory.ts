/**
 * Bytes per entity (printed, never asserted): 100,000 entities (50,000 people, each with one
 * computer, as a classic server sends them) read into one client's store and kept
 * (gcTimeMs: Infinity), against the same rows parsed from JSON and kept as plain objects: the floor
 * an app pays to hold the data at all. Heap measured after a full garbage collection, above an empty
 * baseline, in one run. Target (issue 11): at most 1.3 x the parsed JSON row.
 * Run: node --expose-gc --import tsx bench/entity-memory.ts (part of npm run bench)
 */
import { firstValueFrom } from 'rxjs';
import { connect, type FetchLike } from '../src/index.js';
import { recordedDatamodel } from '../mocks/datamodel.js';
import { result } from './result.js';

const PEOPLE = 50_000;
const PER_PAGE = 1_000;
const ENTITIES = PEOPLE * 2;

const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) throw new Error('Run with node --expose-gc (npm run bench does)');

function body(first: number, count: number): string {
  const objects = Array.from({ length: count }, (_, index) => {
    const id = first + index;
    return {
      id,
      name: `Person ${id}`,
      birth_date: '1990-01-15',
      computers: [{ id, name: `pc-${id}`, owner_id: id, purchase_time: '2020-05-01T10:30:00', vendor: 'Pear' }],
    };
  });
  return JSON.stringify({ num_results: count, objects, page: 1, total_pages: 1 });
}

async function settledHeap(): Promise<number> {
  for (let round = 0; round < 3; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage!();
  }
  return process.memoryUsage().heapUsed;
}

interface RawPerson {
  birth_date: string | Date;
  computers: Array<{ purchase_time: string | Date }>;
}

/** The floor: the parsed rows, kept (with `dates`, their date strings turned into Dates, as the client gives them). */
async function parsedRows(dates: boolean): Promise<number> {
  const before = await settledHeap();
  const kept: unknown[] = [];
  for (let first = 1; first <= PEOPLE; first += PER_PAGE) {
    const people = (JSON.parse(body(first, PER_PAGE)) as { objects: RawPerson[] }).objects;
    if (dates) {
      for (const person of people) {
        person.birth_date = new Date(person.birth_date);
        for (const computer of person.computers) computer.purchase_time = new Date(computer.purchase_time);
      }
    }
    kept.push(people);
  }
  const after = await settledHeap();
  if (kept.length === 0) throw new Error('unreachable');
  return (after - before) / ENTITIES;
}

/** The client: the same rows read through Person.all(), a page per read, all kept in the store. */
async function storeRows(): Promise<number> {
  let next = 1;
  const fetch: FetchLike = async () => {
    const text = body(next, PER_PAGE);
    next += PER_PAGE;
    return new Response(text, { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const before = await settledHeap();
  const client = await connect({ url: 'http://bench.local', datamodel: recordedDatamodel, fetch, gcTimeMs: Infinity });
  const Person = client.models['Person']!;
  while (next <= PEOPLE) await firstValueFrom(Person.all());
  const after = await settledHeap();
  if (Person.query === undefined) throw new Error('unreachable');
  return (after - before) / ENTITIES;
}

await parsedRows(false); // warm-up
const floor = await parsedRows(false);
const withDates = await parsedRows(true);
const store = await storeRows();
result({ measure: `bytes per entity held (${ENTITIES.toLocaleString('en')} entities)`, result: `${store.toFixed(0)} B = ${(store / floor).toFixed(2)} x parsed JSON rows, ${(store / withDates).toFixed(2)} x rows with Date values`, target: '<= 1.3 x parsed JSON' });
console.log(`entity memory: ${ENTITIES.toLocaleString('en')} entities (people with one computer each), heap after gc() per entity`);
console.log(`  parsed JSON rows kept: ${floor.toFixed(0)} B | the same with Date values: ${withDates.toFixed(0)} B | in the client's store: ${store.toFixed(0)} B`);
console.log(`  store / parsed rows: ${(store / floor).toFixed(2)} x (issue 11 target <= 1.3 x) | store / rows with Dates: ${(store / withDates).toFixed(2)} x`);
