/**
 * A create that rides in its owner's POST (nest.ts) shares that POST's fate: cancelled in flight,
 * both are in doubt; an answer that does not say the nested row's key leaves that one in doubt.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { FakeServer, gate } from '../../test/support/fake-server.js';
import { harness, ofType, seedReference, start, type SaveRun } from '../../test/support/save-harness.js';
import { connect } from '../client.js';
import { ProtocolError, SaveError } from '../errors.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function finish(save: ReturnType<typeof start>): Promise<SaveRun> {
  await vi.runAllTimersAsync();
  return save.done;
}

describe('the fate of a create carried in another POST', () => {
  it('cancelled while in flight: both are in doubt, and no later save sends either', async () => {
    const h = await harness();
    const maurice = h.model('Person').create({ name: 'Maurice' });
    const beast = h.model('Computer').create({ name: 'TheBeast', owner: maurice });
    const never = gate();
    h.server.script('POST /api/compjutahs', { hold: never.promise });
    const save = start(h.client.save());
    await vi.advanceTimersByTimeAsync(0);
    save.unsubscribe();
    expect([maurice.inDoubt, beast.inDoubt]).toEqual([true, true]);
    expect(String(maurice.saveError)).toMatch(/cancelled while the request was in flight.*may or may not have created this Person/);
    const again = await finish(start(h.client.save()));
    expect(again.error).toBeUndefined();
    expect(new Set(ofType(again.events, 'skipped').map((event) => event.entity))).toEqual(new Set([maurice, beast]));
    expect(h.server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);

    // beast.save() after the doubt is known: the user says its POST made nothing, so neither row exists; both go again, in one POST.
    const resent = await finish(start(beast.save()));
    expect(resent.error).toBeUndefined();
    expect(ofType(resent.events, 'created').map((event) => event.entity)).toEqual([maurice, beast]);
    // The first (aborted, so never applied by this fake) and this one.
    expect(h.server.writes()).toEqual([0, 1].map(() => ({ route: 'POST /api/compjutahs', body: { name: 'TheBeast', owner: { name: 'Maurice' } } })));
    expect([maurice.inDoubt, beast.inDoubt, maurice.saveError, beast.saveError]).toEqual([false, false, undefined, undefined]);
    expect(h.server.rows('Person').filter((row) => row['name'] === 'Maurice')).toHaveLength(1);
  });

  it('an answer without the nested row: the computer is created, its new owner is in doubt (its row exists, which one is unknown)', async () => {
    const server = new FakeServer(recordedDatamodel);
    seedReference(server);
    const client = await connect({
      url: 'http://fake',
      datamodel: recordedDatamodel,
      // The server made both rows; the answer (a proxy's rewrite) lost the nested owner.
      fetch: async (url, init) => {
        const response = await server.fetch(url, init);
        if (init?.method !== 'POST') return response;
        const { owner: _owner, ...rest } = (await response.json()) as Record<string, unknown>;
        return new Response(JSON.stringify(rest), { status: 201, headers: { 'Content-Type': 'application/json' } });
      },
    });
    const maurice = client.models.Person!.create({ name: 'Maurice' });
    const beast = client.models.Computer!.create({ name: 'TheBeast', owner: maurice });
    const run = await finish(start(client.save()));
    expect(SaveError.is(run.error)).toBe(true);
    expect(ofType(run.events, 'created').map((event) => event.entity)).toEqual([beast]);
    expect(ofType(run.events, 'failed').map((event) => event.entity)).toEqual([maurice]);
    expect([beast.isNew, maurice.isNew, maurice.inDoubt]).toEqual([false, true, true]);
    expect(ProtocolError.is(maurice.saveError)).toBe(true);
    expect(String(maurice.saveError)).toMatch(/did not say which row it created/);
    expect(server.rows('Person').map((row) => row['name'])).toContain('Maurice');
  });
});
