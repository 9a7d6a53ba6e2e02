/**
 * Entities belong to the client that made them: another client's entity (same server, same model,
 * maybe the same row) is refused wherever it would be linked, compared or sent.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { harness, type DynamicEntity } from '../../test/support/save-harness.js';
import { ValidationError } from '../errors.js';

async function twoClients() {
  const mine = await harness();
  const theirs = await harness();
  const box = await firstValueFrom(mine.model('Computer').get(3));
  const alice = await firstValueFrom(mine.model('Person').get(1));
  const theirBob = await firstValueFrom(theirs.model('Person').get(2));
  const theirBox = await firstValueFrom(theirs.model('Computer').get(1));
  return { mine, box, alice, theirBob, theirBox };
}

const anotherClient = (run: () => unknown) => {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  expect(String(caught)).toMatch(/belongs to another client/);
};

describe("another client's entity", () => {
  it('cannot be assigned to a to-one, pushed, spliced or index-assigned into a to-many, nor given to create()', async () => {
    const { mine, box, alice, theirBob, theirBox } = await twoClients();
    anotherClient(() => {
      box['owner'] = theirBob;
    });
    const computers = alice['computers'] as DynamicEntity[];
    anotherClient(() => computers.push(theirBox));
    anotherClient(() => computers.splice(0, 0, theirBox));
    anotherClient(() => {
      computers[0] = theirBox;
    });
    anotherClient(() => mine.model('Computer').create({ name: 'x', owner: theirBob }));
    expect(box['owner_id']).toBe(2);
    expect(computers).toHaveLength(2);
    expect(box.isDirty).toBe(false);
    expect(alice.isDirty).toBe(false);
  });

  it('cannot be compared against in filterBy() or eq()', async () => {
    const { mine, theirBob } = await twoClients();
    anotherClient(() => mine.model('Computer').query.filterBy({ owner: theirBob }));
    anotherClient(() => mine.model('Computer').query.filter((c) => c['owner']!.eq(theirBob)));
  });

  it('cannot be passed to a remote method, at any depth', async () => {
    const { alice, theirBox } = await twoClients();
    const refused = await firstValueFrom(alice.call('owns', [theirBox])).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    const nested = await firstValueFrom(alice.call('echo', [{ items: [theirBox] }])).catch((error: unknown) => error);
    expect(String(nested)).toMatch(/belongs to another client/);
  });

  it("while this client's own entities still work everywhere", async () => {
    const { mine, box, alice } = await twoClients();
    box['owner'] = alice;
    expect(box['owner_id']).toBe(1);
    expect(() => mine.model('Computer').query.filterBy({ owner: alice })).not.toThrow();
  });
});
