/**
 * Benchmarks of a save's bookkeeping (printed, never asserted), each beside the algorithm it
 * replaced, measured in the same run:
 * 1. planning a dependency chain of depth 4,000 (target <= 20 ms): in-degree counters vs a rescan
 *    of every node per level (bench/baseline/plan-rescan.ts);
 * 2. `store.pending()` with 300,000 clean entities and one edited (target <= 0.1 ms): the dirty
 *    set vs a scan of every entity.
 * Run: npm run bench
 */
import { recordedDatamodel } from '../mocks/datamodel.js';
import { parseDatamodel } from '../src/schema/parse-datamodel.js';
import { EntityState } from '../src/store/entity-state.js';
import { EntityStore } from '../src/store/entity-store.js';
import { edit } from '../src/store/entity-writes.js';
import { createId, type Pending } from '../src/save/collect.js';
import { plan } from '../src/save/plan.js';
import { planByRescan } from './baseline/plan-rescan.js';
import { result } from './result.js';

const DEPTH = 4_000;
const ENTITIES = 300_000;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function time(runs: number, work: () => unknown): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const datamodel = parseDatamodel(recordedDatamodel);
const person = datamodel.models.get('Person');
if (!person) throw new RangeError('the recorded datamodel has no Person');

// A chain: each new entity's create waits for the previous one's (given last first, the worst order for a rescan).
const chain: Pending[] = Array.from({ length: DEPTH }, (_, index) => new EntityState(index + 1, person, undefined, 'new')).map((state, index, states): Pending => ({
  operation: { kind: 'create', id: createId(state), state, fields: ['name'], deferred: [] },
  dependsOn: index === 0 ? [] : [{ on: createId(states[index - 1] as EntityState) }],
})).reverse();
const counted = plan(chain);
const rescanned = planByRescan(chain);
if (counted.levels.length !== DEPTH || JSON.stringify(counted.levels.map((l) => l.map((o) => o.id))) !== JSON.stringify(rescanned.levels.map((l) => l.map((o) => o.id)))) {
  throw new Error('plan and its baseline disagree');
}
const planMs = time(5, () => plan(chain));
const planOldMs = time(3, () => planByRescan(chain));

const store = new EntityStore(datamodel, { create: () => ({}), reshape: () => undefined });
store.transaction(() => {
  for (let pk = 1; pk <= ENTITIES; pk += 1) store.obtain(person, pk);
});
const one = store.find(person, ENTITIES / 2);
if (!one) throw new Error('missing entity');
edit(store, one, 'name', 'Edited');
// The old `pending()`: a scan of every entity of the store.
const everything = [...store.family(person)];
const scan = () => everything.filter((state) => state.status === 'new' || (state.status === 'clean' && state.local.size > 0));
if ([...store.pending()].length !== 1 || scan().length !== 1) throw new Error('pending() disagrees with the scan');
const pendingMs = time(101, () => [...store.pending()]);
const scanMs = time(21, scan);

result({ measure: `plan: dependency chain of depth ${DEPTH}`, result: `${planMs.toFixed(1)} ms (old algorithm ${planOldMs.toFixed(0)} ms)`, target: '<= 20 ms' });
result({ measure: `pending(): ${ENTITIES.toLocaleString('en')} clean entities, 1 dirty`, result: `${pendingMs.toFixed(4)} ms (store scan ${scanMs.toFixed(2)} ms)`, target: '<= 0.1 ms' });
console.log('\nSave bookkeeping (median ms; old algorithm measured in the same run)');
console.table([
  { measure: `plan: chain of depth ${DEPTH}`, ms: +planMs.toFixed(3), 'old ms': +planOldMs.toFixed(1), speedup: `${(planOldMs / planMs).toFixed(0)}x`, target: '<= 20 ms' },
  { measure: `pending(): ${ENTITIES} clean, 1 dirty`, ms: +pendingMs.toFixed(4), 'old ms': +scanMs.toFixed(2), speedup: `${(scanMs / pendingMs).toFixed(0)}x`, target: '<= 0.1 ms' },
]);
