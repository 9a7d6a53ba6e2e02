/**
 * A read whose answer was on its way while this client deleted a row does not bring that row
 * back: the live list drops it and the store does not make a second entity for it.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { gate } from '../../test/support/gate.js';
import { referenceEmulator, REFERENCE_URL } from '../../test/support/reference-emulator.js';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { connect } from '../client.js';
import type { FetchLike } from '../transport/http.js';
import { harness, runSave, type DynamicEntity } from '../../test/support/save-harness.js';

const names = (entities: readonly DynamicEntity[]) => entities.map((entity) => entity['name']);
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('an answer older than a delete', () => {
  it('does not put the deleted row back into a live list or the store', async () => {
    const { emulator, fetch: emulated } = referenceEmulator();
    const held = gate();
    let holding = false;
    // The list's answer is made (with Bob) before the delete, and arrives after it.
    const fetch: FetchLike = async (url, init) => {
      const response = await emulated(url, init);
      if (holding && (init?.method ?? 'GET') === 'GET' && new URL(url).pathname === '/api/person') await held.promise;
      return response;
    };
    const client = await connect({ url: REFERENCE_URL, datamodel: recordedDatamodel, fetch });
    const Person = client.models['Person']!;
    const bob = await firstValueFrom(Person.get(2));
    holding = true;
    const emissions: DynamicEntity[][] = [];
    const subscription = Person.all().subscribe((list) => emissions.push(list));
    await until(() => emulator.requests.some((request) => request.method === 'GET' && new URL(request.url).pathname === '/api/person'));
    holding = false;
    await firstValueFrom(bob.delete(), { defaultValue: undefined });
    held.open();
    await until(() => emissions.length > 0);
    // Not even for one emission (a refetch would correct it later): no second Bob is ever made.
    expect(emissions.map(names)).toEqual([['Alice', 'Carol']]);
    subscription.unsubscribe();
  });

  it('a row this client deleted and the database then gave the same key again is read as the new row', async () => {
    const { client, model } = await harness();
    const carol = await firstValueFrom(model('Person').get(3));
    await firstValueFrom(carol.delete(), { defaultValue: undefined });
    const again = model('Person').create({ name: 'Carla' });
    await runSave(client.save());
    expect(again['id']).toBe(3);
    const people = await firstValueFrom(model('Person').all());
    expect(people).toContain(again);
    expect(people).not.toContain(carol);
  });
});
