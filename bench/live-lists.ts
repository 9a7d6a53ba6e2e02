/**
 * What one edit costs with many live lists open (printed, never asserted): 10,000 Computers in the
 * store, 1,000 live lists (one per vendor, 10 members each), then single-field edits of one member.
 * Side by side in one run: the same edits with 1 list open (the floor: a store batch and one list).
 * Only lists that hold the changed entity should emit, so the cost should stay near the floor.
 *
 * Then what one change costs in sorted lists (issue 11 targets: <= 1 ms for 100 lists over 10,000
 * entities and for one list over 100,000; <= 5 ms for 1,000 lists), each beside the same edits with
 * no list open (the floor: an edit and its store batch), and the list over 100,000 beside one full
 * re-sort of its members (what every batch cost a list before members were kept in order).
 * Run: npx tsx bench/live-lists.ts (also in npm run bench)
 */
import { firstValueFrom, type Subscription } from 'rxjs';
import { connect, type DynamicEntity, type FetchLike } from '../src/index.js';
import { recordedDatamodel } from '../mocks/datamodel.js';
import { parseDatamodel } from '../src/schema/parse-datamodel.js';
import { sortRecords } from '../src/query/sort.js';
import type { WireValue } from '../src/query/expression.js';
import { INTERNALS } from '../src/client.js';
import type { EntityStore } from '../src/store/entity-store.js';
import { result } from './result.js';

const ENTITIES = 10_000;
const LISTS = 1_000;
const EDITS = 5_000;

const rows = Array.from({ length: ENTITIES }, (_, index) => ({ id: index + 1, name: `pc-${index + 1}`, vendor: `v${index % LISTS}`, owner_id: null, purchase_time: null }));

/** A collection endpoint that understands `vendor == x` (the only filter this bench sends). */
const fetchRows: FetchLike = async (input) => {
  const url = new URL(input);
  const q = url.searchParams.get('q');
  const filters = q === null ? [] : ((JSON.parse(q) as { filters?: Array<{ name: string; val: unknown }> }).filters ?? []);
  const vendor = filters.find((filter) => filter.name === 'vendor')?.val;
  const objects = vendor === undefined ? rows : rows.filter((row) => row.vendor === vendor);
  return new Response(JSON.stringify({ num_results: objects.length, objects, page: 1, total_pages: 1 }), { headers: { 'Content-Type': 'application/json' } });
};

async function measure(lists: number): Promise<{ perEditMs: number; emissionsPerEdit: number }> {
  const client = await connect({ url: 'http://bench.local', datamodel: recordedDatamodel, fetch: fetchRows, gcTimeMs: Infinity });
  const Computer = client.models['Computer']!;
  const everyone = await firstValueFrom(Computer.all());
  let emissions = 0;
  const subscriptions: Subscription[] = [];
  for (let k = 0; k < lists; k += 1) {
    let first = true;
    await new Promise<void>((resolve) => {
      subscriptions.push(
        Computer.query.filterBy({ vendor: `v${k}` }).all().subscribe(() => {
          if (first) {
            first = false;
            resolve();
          } else emissions += 1;
        }),
      );
    });
  }
  const edited = everyone.filter((computer) => computer['vendor'] === 'v0') as DynamicEntity[];
  emissions = 0;
  const start = performance.now();
  for (let edit = 0; edit < EDITS; edit += 1) edited[edit % edited.length]!['name'] = `renamed-${edit}`;
  const elapsed = performance.now() - start;
  for (const subscription of subscriptions) subscription.unsubscribe();
  return { perEditMs: elapsed / EDITS, emissionsPerEdit: emissions / EDITS };
}

await measure(1); // warm-up: the first run pays for compiling the code paths
const floor = await measure(1);
const many = await measure(LISTS);
console.log(`live lists: ${ENTITIES.toLocaleString('en')} entities, one-field edits of a list member, ${EDITS} edits`);
console.log(`  1 list open:      ${floor.perEditMs.toFixed(3)} ms per edit, ${floor.emissionsPerEdit} list emission(s) per edit`);
console.log(`  ${LISTS.toLocaleString('en')} lists open:  ${many.perEditMs.toFixed(3)} ms per edit, ${many.emissionsPerEdit} list emission(s) per edit`);
console.log(`  ratio: ${(many.perEditMs / floor.perEditMs).toFixed(1)}x the one-list floor (a batch reaches only the lists that hold the entity or whose equality it now meets)`);

// ---------------------------------------------------------------- sorted lists, one change

interface Row {
  id: number;
  name: string;
  vendor: string;
  purchase_time: null;
  owner_id: number;
  owner_name: null;
}

let seed = 7;
function nextName(): string {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return `n${seed.toString(36).padStart(7, '0')}`;
}

/** A collection endpoint that applies `>=` and `<` on owner_id (the band filters below). */
function bandServer(table: readonly Row[]): FetchLike {
  return async (input) => {
    const q = new URL(input).searchParams.get('q');
    const filters = q === null ? [] : ((JSON.parse(q) as { filters?: Array<{ op: string; val: number }> }).filters ?? []);
    const objects = table.filter((row) => filters.every((filter) => (filter.op === '>=' ? row.owner_id >= filter.val : row.owner_id < filter.val)));
    return new Response(JSON.stringify({ num_results: objects.length, objects, page: 1, total_pages: 1 }), { headers: { 'Content-Type': 'application/json' } });
  };
}

/**
 * Per-change time with `lists` lists open, each a band of owner_id ordered by name (a range: no
 * index, every list hears every change), or one list of everything when `lists` is 1; each change
 * moves an entity to the next band under a new name (it leaves one list and joins another).
 */
async function perChange(entities: number, lists: number, changes: number): Promise<{ ms: number; floorMs: number }> {
  const table = Array.from({ length: entities }, (_, index): Row => ({ id: index + 1, name: nextName(), vendor: 'v', purchase_time: null, owner_id: index % lists, owner_name: null }));
  const client = await connect({ url: 'http://bench.local', datamodel: recordedDatamodel, fetch: bandServer(table), gcTimeMs: Infinity });
  const Computer = client.models['Computer']!;
  const everyone = (await firstValueFrom(Computer.all())) as DynamicEntity[];
  let pick = 11;
  const store = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;
  /** The median time of `count` changes, each one store batch (the machine may be shared). */
  const edit = (count: number) => {
    const samples: number[] = [];
    for (let n = 0; n < count; n++) {
      pick = (pick * 48_271) % 2_147_483_647;
      const entity = everyone[pick % everyone.length]!;
      const name = nextName();
      const start = performance.now();
      store.transaction(() => {
        if (lists > 1) entity['owner_id'] = ((entity['owner_id'] as number) + 1) % lists;
        entity['name'] = name;
      });
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
  };
  edit(changes); // warm-up
  const floorMs = edit(changes);
  const subscriptions: Subscription[] = [];
  for (let k = 0; k < lists; k++) {
    const query = lists === 1 ? Computer.query.orderBy({ name: 'asc' }) : Computer.query.filter((c) => c['owner_id']!.ge(k), (c) => c['owner_id']!.lt(k + 1)).orderBy({ name: 'asc' });
    await new Promise<void>((resolve) => subscriptions.push(query.all().subscribe(() => resolve())));
  }
  edit(Math.min(changes, 50)); // warm-up with the lists open
  const ms = edit(changes);
  for (const subscription of subscriptions) subscription.unsubscribe();
  return { ms, floorMs };
}

/** One full re-sort of `count` rows by name with the same sort code (the old per-batch cost of a list). */
function resortMs(count: number): number {
  const datamodel = parseDatamodel(recordedDatamodel);
  const model = datamodel.models.get('Computer')!;
  const records = Array.from({ length: count }, (_, index) => ({ id: index + 1, name: nextName() }));
  const access = { value: (record: { id: number; name: string }, field: string): WireValue | undefined => (field === 'name' ? record.name : record.id), related: () => undefined };
  sortRecords(records, [{ field: 'name', direction: 'asc' }], model, datamodel, access);
  const start = performance.now();
  for (let run = 0; run < 3; run++) sortRecords(records, [{ field: 'name', direction: 'asc' }], model, datamodel, access);
  return (performance.now() - start) / 3;
}

console.log('sorted live lists, one change (an entity moves to another list under a new name: one store batch), median; floor = the same change with no list open');
for (const [entities, lists, changes] of [
  [10_000, 100, 300],
  [10_000, 1_000, 300],
  [100_000, 1, 300],
] as const) {
  const { ms, floorMs } = await perChange(entities, lists, changes);
  const label = lists === 1 ? `1 list over ${entities.toLocaleString('en')} entities, by name` : `${lists.toLocaleString('en')} lists (owner_id bands, by name) over ${entities.toLocaleString('en')} entities`;
  result({ measure: `one change, ${label}`, result: `${ms.toFixed(3)} ms`, target: lists === 1000 ? '<= 5 ms' : '<= 1 ms' });
  console.log(`  ${label.padEnd(58)} ${ms.toFixed(3)} ms per change (floor ${floorMs.toFixed(3)} ms: ${(ms / floorMs).toFixed(1)} x)`);
}
console.log(`  one full re-sort of 100,000 members (the old cost of every batch for that list): ${resortMs(100_000).toFixed(1)} ms`);

// ---------------------------------------------------------------- filtered through a relation

/**
 * People filtered by their computers (`any(computers, vendor == 'Pear')`), 10,000 people with one
 * computer each; one computer's vendor changes: the list re-checks the changed computer's owner
 * only (found through `computer.owner`). Beside it, computers filtered by their owner
 * (`has(owner, name like 'A%')`), loaded without `Person.computers`: a renamed person's computers
 * are found through the list's own reverse index of `Computer.owner` (before it, every computer
 * of the store was re-checked on every batch).
 */
async function throughRelation(people: number, changes: number): Promise<{ inverseMs: number; reverseMs: number; floorMs: number }> {
  const computers = Array.from({ length: people }, (_, index) => ({ id: index + 1, name: `pc-${index + 1}`, vendor: index % 10 === 0 ? 'Pear' : 'Dull', purchase_time: null, owner_id: index + 1, owner_name: null }));
  const persons = computers.map((computer) => ({ id: computer.id, name: computer.id % 10 === 0 ? `A${computer.id}` : `B${computer.id}`, birth_date: null }));
  const server: FetchLike = async (input) => {
    const path = new URL(input).pathname;
    const objects = path.includes('person') ? persons.map((person, index) => ({ ...person, computers: [computers[index]] })) : computers.map((computer, index) => ({ ...computer, owner: persons[index] }));
    return new Response(JSON.stringify({ num_results: objects.length, objects, page: 1, total_pages: 1 }), { headers: { 'Content-Type': 'application/json' } });
  };
  const client = await connect({ url: 'http://bench.local', datamodel: recordedDatamodel, fetch: server, gcTimeMs: Infinity });
  const store = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;
  const { Person, Computer } = client.models as Record<string, NonNullable<(typeof client.models)[string]>>;
  const median = (count: number, change: (n: number) => void) => {
    const samples: number[] = [];
    for (let n = 0; n < count; n++) {
      const start = performance.now();
      store.transaction(() => change(n));
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
  };
  // Computers first, with their owners: Person.computers is not loaded yet.
  const boxes = (await firstValueFrom(Computer!.all())) as DynamicEntity[];
  const owners = boxes.map((box) => box['owner'] as DynamicEntity);
  const renameOwner = (n: number) => {
    const owner = owners[(n * 7) % owners.length]!;
    owner['name'] = String(owner['name']).startsWith('A') ? `B${n}` : `A${n}`;
  };
  median(changes, renameOwner);
  const floorMs = median(changes, renameOwner);
  const open = async (list$: import('rxjs').Observable<unknown>): Promise<Subscription> => {
    let subscription: Subscription | undefined;
    await new Promise<void>((resolve) => {
      subscription = list$.subscribe(() => resolve());
    });
    return subscription!;
  };
  const byOwner = await open(Computer!.query.filter((c) => c['owner']!.has((p) => p['name']!.like('A%'))).all());
  median(Math.min(changes, 20), renameOwner);
  const reverseMs = median(changes, renameOwner);
  byOwner.unsubscribe();
  // Now people with their computers: the way back from a computer is its `owner`.
  await firstValueFrom(Person!.all());
  const pear = await open(Person!.query.filter((p) => p['computers']!.any((c) => c['vendor']!.eq('Pear'))).all());
  const switchVendor = (n: number) => {
    const box = boxes[(n * 13) % boxes.length]!;
    box['vendor'] = box['vendor'] === 'Pear' ? 'Dull' : 'Pear';
  };
  median(Math.min(changes, 20), switchVendor);
  const inverseMs = median(changes, switchVendor);
  pear.unsubscribe();
  return { inverseMs, reverseMs, floorMs };
}

const relation = await throughRelation(10_000, 200);
console.log('a list filtered through a relation, 10,000 rows, one change, median');
console.log(`  people with a Pear computer, a computer's vendor changes (owner found through computer.owner): ${relation.inverseMs.toFixed(3)} ms`);
console.log(`  computers whose owner is named A…, an owner renamed (Person.computers not loaded: found through the list's reverse index): ${relation.reverseMs.toFixed(3)} ms (floor ${relation.floorMs.toFixed(3)} ms)`);
