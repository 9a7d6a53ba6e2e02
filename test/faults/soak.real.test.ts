/**
 * The same soak, smaller, on the real classic server through the fault proxy (npm run test:real).
 * It runs under faults (a few hundred operations), after a short fault-free run that checks the
 * harness against the real server. `FAULT_SEED=n` replays; `FAULT_SOAK=0` skips the faulty run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../server/fault-proxy.js';
import { startRealServer, type RealServer } from '../server/real-server.js';
import { seedFromEnvironment } from './prng.js';
import { proxySoakServer } from './proxy-server.js';
import { runSoak } from './run-soak.js';

/** Under faults by default; `FAULT_SOAK=0` leaves that run out. */
const FULL = process.env['FAULT_SOAK'] !== '0';
let server: RealServer;
let proxy: FaultProxy;

beforeAll(async () => {
  server = await startRealServer({ peers: false });
  proxy = await startFaultProxy({ target: server.url });
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

describe('fault soak on the real server, through the fault proxy', () => {
  it('without faults, the harness finds nothing to report', async () => {
    await server.reset();
    const tally = await runSoak({ seed: seedFromEnvironment(), servers: [proxySoakServer(proxy, server.url)], operationsPerLane: 80, kinds: [] });
    expect(tally.report()).toBe('no violations');
  }, 60_000);

  it.runIf(FULL)('a few hundred operations under every fault kind keep every invariant', async () => {
    await server.reset();
    const tally = await runSoak({ seed: seedFromEnvironment(), servers: [proxySoakServer(proxy, server.url)], operationsPerLane: Number(process.env['FAULT_OPS'] ?? 300), timeoutMs: 300, deadlineMs: 4000 });
    const actions = new Map<string, number>();
    for (const entry of proxy.log) actions.set(entry.action, (actions.get(entry.action) ?? 0) + 1);
    console.log(`fault proxy: ${proxy.log.length} requests, ${[...actions].map(([action, count]) => `${action}=${count}`).join(' ')}`);
    expect(tally.lines()).toEqual([]);
  }, 180_000);
});
