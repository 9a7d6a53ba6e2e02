/**
 * What one edit costs with many live lists open (printed, never asserted): 10,000 Computers in the
 * store, 1,000 live lists (one per vendor, 10 members each), then single-field edits of one member.
 * Side by side in one run: the same edits with 1 list open (the floor: a store batch and one list).
 * Only lists that hold the changed entity should emit, so the cost should stay near the floor.
 * Run: npx tsx bench/live-lists.ts (also in npm run bench)
 */
import { firstValueFrom, type Subscription } from 'rxjs';
import { connect, type DynamicEntity, type FetchLike } from '../src/index.js';
import { recordedDatamodel } from '../mocks/datamodel.js';

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
