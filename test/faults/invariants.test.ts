/**
 * The checks find what they are for: a duplicate row, a value changed behind the client's back,
 * and an edit the server never got, planted on purpose after a fault-free run.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emulatorSoakServer } from './emulator-server.js';
import { checkLane, readServer } from './invariants.js';
import { Lane } from './lane.js';
import { Prng } from './prng.js';
import { Tally } from './tally.js';

const { server: soakServer, emulator } = emulatorSoakServer('http://invariants.soak.test');
const msw = setupServer(...emulator.handlers);
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());

it('report a duplicate row, a store that differs from the server, and a lost edit', async () => {
  const tally = new Tally();
  const lane = new Lane({ lane: 0, seed: 5, prng: new Prng(5), server: soakServer, tally, kinds: [], faultRate: 0, timeoutMs: 150, deadlineMs: 3000, maxHangs: 1, exclude: ['delete-person', 'foreign-delete-person', 'foreign-change', 'delete-computer'] });
  await lane.start();
  await lane.run(40);
  checkLane(lane, await readServer(soakServer.url, 3000, soakServer.credentials), false);
  expect(tally.violations).toEqual([]);

  const computer = lane.tracked.find((each) => each.model === 'Computer' && !each.entity.isNew)!;
  const person = lane.tracked.find((each) => each.model === 'Person' && !each.entity.isNew)!;
  emulator.db.insert('Person', { name: person.token, birth_date: null });
  emulator.db.update('Computer', computer.entity['id'] as never, { vendor: 'Planted' });
  checkLane(lane, await readServer(soakServer.url, 3000, soakServer.credentials), false);
  lane.stop();
  const found = tally.violations.map((violation) => [violation.invariant, violation.subject]);
  expect(found).toContainEqual(['duplicate-row', `Person ${person.token}`]);
  expect(found).toContainEqual(['store-differs', `Computer ${computer.token}`]);
  expect(found).toContainEqual(['lost-edit', `Computer ${computer.token}`]);
});
