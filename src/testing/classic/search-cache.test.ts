/**
 * The ordered rows of a search are kept between the pages of a read (run-search.ts): a page read
 * after a write, or after the clock moved under a CURRENT_DATE filter, must answer as if nothing
 * had been kept.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { recordedDatamodel } from '../../../mocks/datamodel.js';
import { createClassicEmulator } from '../index.js';

const BASE = 'http://search-cache.test';
let clock = new Date('2026-01-10T12:00:00Z');
const emulator = createClassicEmulator({
  baseUrl: BASE,
  datamodel: recordedDatamodel,
  now: () => clock,
  rows: { Person: [{ id: 1, name: 'Ann', birth_date: '2026-01-09' }, { id: 2, name: 'Bob', birth_date: '2026-01-11' }, { id: 3, name: 'Cid', birth_date: '2026-01-12' }] },
});
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  emulator.db.reset();
  clock = new Date('2026-01-10T12:00:00Z');
});
afterAll(() => server.close());

async function names(q: unknown, page = 1): Promise<unknown[]> {
  const response = await fetch(`${BASE}/api/person?page=${page}&results_per_page=2&q=${encodeURIComponent(JSON.stringify(q))}`);
  const body = (await response.json()) as { objects: Array<{ name: unknown }> };
  return body.objects.map((object) => object.name);
}

it('a page read after a write sees the write', async () => {
  const byName = { order_by: [{ field: 'name', direction: 'asc' }] };
  expect(await names(byName)).toEqual(['Ann', 'Bob']);
  const patched = await fetch(`${BASE}/api/person/3`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Aaron' }) });
  expect(patched.status).toBe(200);
  expect(await names(byName)).toEqual(['Aaron', 'Ann']);
  emulator.db.insert('Person', { id: 4, name: 'Aa' });
  expect(await names(byName)).toEqual(['Aa', 'Aaron']);
});

it('a CURRENT_DATE filter is evaluated at each request\'s own instant', async () => {
  const future = { filters: [{ name: 'birth_date', op: '>', val: 'CURRENT_DATE' }] };
  expect(await names(future)).toEqual(['Bob', 'Cid']);
  clock = new Date('2026-01-11T12:00:00Z');
  expect(await names(future)).toEqual(['Cid']);
});
