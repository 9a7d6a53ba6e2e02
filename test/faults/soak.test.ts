/**
 * The seeded fault soak on the emulator: lanes of operations under every fault kind, then the
 * invariants (see invariants.ts). `FAULT_SOAK=1` runs the full soak (10,000 operations); without
 * it, a short run WITHOUT faults keeps the harness itself honest. `FAULT_SEED=n` replays a run;
 * `FAULT_KINDS=a,b` narrows the kinds; `FAULT_OPS=n` sets the total.
 *
 * The full soak runs in CI (`npm run test:soak`); every violation of every invariant fails it.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emulatorSoakServer } from './emulator-server.js';
import { seedFromEnvironment } from './prng.js';
import { runSoak } from './run-soak.js';

const FULL = process.env['FAULT_SOAK'] === '1';
const LANES = 8;
const lanes = Array.from({ length: LANES }, (_, index) => emulatorSoakServer(`http://lane${index}.soak.test`));
const server = setupServer(...lanes.flatMap((lane) => lane.emulator.handlers));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** msw prints every refused connection (the fault's EmulatedConnectionError): thousands in a soak. */
function muteRefusedConnections(): void {
  const original = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const [first] = args;
    if ((first instanceof Error && first.name === 'EmulatedConnectionError') || (typeof first === 'string' && first.includes('[MSW] Encountered an unhandled exception'))) return;
    original(...args);
  });
}

describe('fault soak on the emulator', () => {
  it('without faults, the harness finds nothing to report', async () => {
    const tally = await runSoak({ seed: seedFromEnvironment(), servers: lanes.map((lane) => lane.server), operationsPerLane: 60, kinds: [] });
    expect(tally.report()).toBe('no violations');
    expect(tally.checks).toBeGreaterThan(500);
  }, 60_000);

  it.runIf(FULL)('10,000 operations under every fault kind keep every invariant', async () => {
    muteRefusedConnections();
    for (const lane of lanes) lane.emulator.db.reset();
    const total = Number(process.env['FAULT_OPS'] ?? 10_000);
    const tally = await runSoak({ seed: seedFromEnvironment(), servers: lanes.map((lane) => lane.server), operationsPerLane: Math.ceil(total / LANES) });
    expect(tally.operationCount).toBeGreaterThanOrEqual(total);
    expect(tally.lines()).toEqual([]);
  }, 300_000);
});
