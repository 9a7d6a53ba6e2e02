import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { harness, type DynamicEntity } from '../../test/support/save-harness.js';

describe('a row that carries a foreign key without its relation', () => {
  it('moves the relation and both owners\' loaded lists to the row the key names', async () => {
    const { server, model } = await harness();
    const alice = await firstValueFrom(model('Person').get(1));
    const bob = await firstValueFrom(model('Person').get(2));
    const laptop = (alice['computers'] as DynamicEntity[]).find((computer) => computer['name'] === 'alice-laptop')!;
    expect(laptop['owner']).toBe(alice);
    // Someone gave the laptop to Bob; a list read answers its row with columns only.
    server.script('GET /api/compjutahs/1', { status: 200, body: { id: 1, name: 'alice-laptop', vendor: 'Pear', owner_id: 2 } });
    await firstValueFrom(model('Computer').get(1));
    expect(laptop['owner_id']).toBe(2);
    expect(laptop['owner']).toBe(bob);
    expect(alice['computers']).not.toContain(laptop);
    expect(bob['computers']).toContain(laptop);
  });

  it('makes the relation unknown when the store does not have the row the key names, and the old owner lets go', async () => {
    const { server, model } = await harness();
    const alice = await firstValueFrom(model('Person').get(1));
    const laptop = (alice['computers'] as DynamicEntity[]).find((computer) => computer['name'] === 'alice-laptop')!;
    server.script('GET /api/compjutahs/1', { status: 200, body: { id: 1, name: 'alice-laptop', vendor: 'Pear', owner_id: 3 } });
    await firstValueFrom(model('Computer').get(1));
    expect(laptop['owner_id']).toBe(3);
    expect(laptop['owner']).toBeUndefined();
    expect(alice['computers']).not.toContain(laptop);
  });
});

describe('an edited to-many list', () => {
  it('lets go of a member the server says belongs to nobody now, even when the loaded list never held it', async () => {
    const { server, model } = await harness();
    const alice = await firstValueFrom(model('Person').get(1));
    const bob = await firstValueFrom(model('Person').get(2));
    const laptop = (alice['computers'] as DynamicEntity[]).find((computer) => computer['name'] === 'alice-laptop')!;
    (bob['computers'] as DynamicEntity[]).push(laptop);
    // The PUT is applied but its answer is unusable: the laptop is settled, Bob's loaded list is not told.
    server.script('PUT /api/compjutahs/1', { status: 200, body: {} });
    await lastValueFrom(laptop.save()).catch(() => undefined);
    expect(bob['computers']).toContain(laptop);
    server.script('GET /api/compjutahs/1', { status: 200, body: { id: 1, name: 'alice-laptop', vendor: 'Pear', owner_id: null, owner: null } });
    await firstValueFrom(model('Computer').get(1));
    expect(laptop['owner']).toBeNull();
    expect(bob['computers']).not.toContain(laptop);
  });
});
