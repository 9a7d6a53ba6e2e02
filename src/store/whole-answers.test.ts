/**
 * An answer is applied whole or not at all, whatever carries it: a save's answer body and a
 * method's result (reads are covered on both servers by test/contract/store.contract.test.ts),
 * and the store's transactions themselves (nested ones, new entities, polymorphic refinement).
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { harness, runSave } from '../../test/support/save-harness.js';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { INTERNALS, connect } from '../client.js';
import { CodecError, ProtocolError } from '../errors.js';
import { bytesToHex } from '../rpc/codec/hex.js';
import type { EntityStore } from './entity-store.js';
import { ingest } from './ingest.js';
import { classicRows } from '../dialect/classic/rows.js';
import { columnCodec } from '../schema/column-codec.js';
import type { DynamicEntity } from '../model/types.js';

const storeOf = (client: object) => (client as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;

describe('a save answer', () => {
  it('with a nested row that cannot be read merges nothing it carries; the 2xx still means the sent field was applied', async () => {
    const { client, server, model } = await harness();
    const box = await firstValueFrom(model('Computer').get(3));
    const bob = box['owner'] as DynamicEntity;
    box['vendor'] = 'Robot';
    server.script('PUT /api/compjutahs/3', { status: 200, body: { id: 3, name: 'renamed-box', vendor: 'Robot', owner_id: 2, owner: { id: 2, name: 'Bobby', birth_date: 'soon' } } });
    const events: unknown[] = [];
    client.changes$.subscribe((event) => events.push(event));
    const { error } = await runSave(box.save());
    expect(error).toBeUndefined();
    expect(box['name']).toBe('bob-box');
    expect(bob['name']).toBe('Bob');
    expect(box.dirtyFields).toEqual([]);
    expect(box['vendor']).toBe('Robot');
    expect(events.filter((event) => (event as { type: string }).type === 'loaded')).toEqual([]);
  });
});

describe('a method result', () => {
  it('with one unusable row merges none of its rows and fails with the row named', async () => {
    const instance = (id: number, name: string, purchase: unknown) => ({ __cereal_lazer_instance__: ['Computer', { id, name, vendor: 'Pear', purchase_time: purchase, owner_id: 1 }] });
    const payload = bytesToHex(msgpackEncode([instance(1, 'renamed-laptop', null), instance(9, 'new-one', null), instance(2, 'renamed-desktop', 'Tuesday')]));
    const fetch = async (url: string) => {
      if (url.includes('/api/method/')) return new Response(JSON.stringify({ payload }), { headers: { 'Content-Type': 'application/json' } });
      return new Response(JSON.stringify({ id: 1, name: 'Alice', birth_date: null, computers: [{ id: 1, name: 'alice-laptop', vendor: 'Pear', purchase_time: null, owner_id: 1 }] }), { headers: { 'Content-Type': 'application/json' } });
    };
    const client = await connect({ url: 'http://rpc.test', datamodel: recordedDatamodel, fetch });
    const alice = await firstValueFrom(client.models['Person']!.get(1));
    const laptop = (alice['computers'] as DynamicEntity[])[0]!;
    const sizeBefore = storeOf(client).size;
    const error = await firstValueFrom(alice.call('all_computers')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CodecError);
    expect((error as Error).cause).toBeInstanceOf(ProtocolError);
    expect(String(error)).toContain('Computer.purchase_time');
    expect(laptop['name']).toBe('alice-laptop');
    expect(storeOf(client).size).toBe(sizeBefore);
  });
});

describe('a store transaction that throws', () => {
  it('forgets the rows it made, restores what it changed and announces nothing; an inner failure that is caught undoes only itself', async () => {
    const { client, model } = await harness();
    const store = storeOf(client);
    const bob = await firstValueFrom(model('Person').get(2));
    const context = { store, rows: classicRows(store.datamodel), codec: columnCodec('UTC') };
    const Person = model('Person').definition;
    const events: unknown[] = [];
    client.changes$.subscribe((event) => events.push(event));
    const size = store.size;
    expect(() =>
      store.transaction(() => {
        ingest(context, Person, { id: 2, name: 'Bobby' });
        ingest(context, Person, { id: 77, name: 'New' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(bob['name']).toBe('Bob');
    expect(store.size).toBe(size);
    expect(store.find(Person, 77)).toBeUndefined();
    expect(events).toEqual([]);

    store.transaction(() => {
      ingest(context, Person, { id: 2, name: 'Bobby' });
      try {
        store.transaction(() => {
          ingest(context, Person, { id: 2, name: 'Robert' });
          ingest(context, Person, { id: 2, birth_date: 'never' });
        });
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
      }
    });
    expect(bob['name']).toBe('Bobby');
    expect(events).toHaveLength(1);
  });

  it('puts back the model of a row it refined to a polymorphic subclass', async () => {
    const { client, model } = await harness();
    const store = storeOf(client);
    const Employee = model('Employee').definition;
    const { state } = store.transaction(() => store.obtain(Employee, 3));
    const entity = state.entity;
    const context = { store, rows: classicRows(store.datamodel), codec: columnCodec('UTC') };
    expect(() =>
      store.transaction(() => {
        ingest(context, Employee, { id: 3, name: 'Grace', type: 'manager', reports: 2 });
        expect(entity).toBeInstanceOf(model('Manager'));
        ingest(context, model('Person').definition, { id: 1, birth_date: 'never' });
      }),
    ).toThrow(ProtocolError);
    expect(state.model).toBe(Employee);
    expect(entity).not.toBeInstanceOf(model('Manager'));
  });
});
