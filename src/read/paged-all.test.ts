/**
 * A paged `all()` loads each page into the store as it arrives (one store batch per page), and
 * its live list publishes once, when the read is complete.
 */
import { describe, expect, it } from 'vitest';
import { gate } from '../../test/support/gate.js';
import { referenceEmulator, REFERENCE_URL } from '../../test/support/reference-emulator.js';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { connect } from '../client.js';
import { HttpError } from '../errors.js';
import type { FetchLike } from '../transport/http.js';
import type { DynamicEntity } from '../model/types.js';

const names = (entities: readonly object[]) => (entities as DynamicEntity[]).map((entity) => String(entity['name']));
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
};

/** The reference emulator at one person a page, whose pages after the first wait for `later`. */
async function slowPages(later: Promise<Response | void>) {
  const { fetch: emulated } = referenceEmulator();
  const asked: string[] = [];
  const signals: Array<AbortSignal | undefined> = [];
  const fetch: FetchLike = async (url, init) => {
    const response = await emulated(url, init);
    const { pathname, searchParams } = new URL(url);
    if (pathname !== '/api/person') return response;
    asked.push(searchParams.get('page') ?? '1');
    signals.push(init?.signal ?? undefined);
    if (searchParams.get('page') === '1') return response;
    return (await later) ?? response;
  };
  const client = await connect({ url: REFERENCE_URL, datamodel: recordedDatamodel, fetch, pageSize: 1 });
  const Person = client.models['Person']!;
  // The people of each `loaded` batch (a page of people loads their computers too).
  const loaded: string[][] = [];
  client.changes$.subscribe((event) => {
    if (event.type === 'loaded') loaded.push(names(event.entities.filter((entity) => entity instanceof Person)));
  });
  return { client, Person, loaded, asked, signals };
}

describe('a paged all()', () => {
  it('has page 1 in the store while the other pages are on their way, and emits once, when all have come', async () => {
    const held = gate();
    const { Person, loaded, asked } = await slowPages(held.promise);
    const emissions: string[][] = [];
    const subscription = Person.all().subscribe((list) => emissions.push(names(list)));
    await until(() => asked.length === 3);
    expect(loaded).toEqual([['Alice']]);
    expect(emissions).toEqual([]);

    held.open();
    await until(() => emissions.length > 0);
    // One batch per page; pages 2 and 3 come in whichever order they arrive.
    expect(loaded).toHaveLength(3);
    expect(loaded.flat().sort()).toEqual(['Alice', 'Bob', 'Carol']);
    expect(emissions).toEqual([['Alice', 'Bob', 'Carol']]);
    subscription.unsubscribe();
  });

  it('unsubscribed during the read, aborts the pages still on their way and keeps the pages that came', async () => {
    const held = gate();
    const { Person, loaded, asked, signals } = await slowPages(held.promise);
    const emissions: string[][] = [];
    const subscription = Person.all().subscribe((list) => emissions.push(names(list)));
    await until(() => asked.length === 3);
    subscription.unsubscribe();
    expect(signals.slice(1).map((signal) => signal?.aborted)).toEqual([true, true]);
    held.open();
    await until(() => false);
    expect(loaded).toEqual([['Alice']]);
    expect(emissions).toEqual([]);
  });

  it('fails with the typed error of a later page, and keeps the rows of the pages that came', async () => {
    const failed = new Response('{"message": "boom"}', { status: 500, headers: { 'Content-Type': 'application/json' } });
    const { Person, loaded } = await slowPages(Promise.resolve(failed));
    const outcome = await new Promise<unknown>((resolve) => {
      Person.all().subscribe({ next: () => resolve('emitted'), error: resolve });
    });
    expect(HttpError.is(outcome)).toBe(true);
    expect((outcome as HttpError).status).toBe(500);
    expect(loaded).toEqual([['Alice']]);
  });
});
