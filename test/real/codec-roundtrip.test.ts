/**
 * The codec against the real Python stack (msgpack 1.0.3 + cereal-lazer 0.1.6): random nested
 * values go to `Person.echo(*values)`, are decoded and re-encoded by the server, and must come
 * back equal. This is what the recorded vectors cannot show: that everything the client writes,
 * the server reads as the same Python value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { PyClass, connect } from '../../src/index.js';
import { startRealServer, type RealServer } from '../server/real-server.js';
import { PythonValues, prng } from '../support/python-values.js';

const SEED = 0x0ec4_0b0e;
const BATCHES = 30;
const PER_BATCH = 10;

/**
 * Values whose Python meaning is the JS meaning. Left out: `-0.0` (Python's sets treat it as `0`),
 * and classes, which the server turns into their name (no class of that name is registered there).
 */
class ServerValues extends PythonValues {
  override float(): number {
    const value = super.float();
    return Object.is(value, -0) ? 0.5 : value;
  }

  override hashable(): unknown {
    const value = super.hashable();
    return value instanceof PyClass ? value.name : value;
  }
}

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer({ peers: false });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe('the codec and the real server agree', () => {
  it(`${BATCHES * PER_BATCH} random nested values come back from Person.echo unchanged (seed ${SEED})`, async () => {
    const client = await connect({ url: server.url });
    const alice = await firstValueFrom(client.models['Person']!.get(1));
    const generate = new ServerValues(prng(SEED));
    for (let batch = 0; batch < BATCHES; batch++) {
      const values = Array.from({ length: PER_BATCH }, () => generate.value(0));
      const echoed = (await firstValueFrom(alice.call('echo', values))) as { first: unknown; second: unknown; args: unknown[] };
      expect([echoed.first, echoed.second, ...echoed.args], `batch ${batch} of seed ${SEED}`).toStrictEqual(values);
    }
  }, 60_000);
});
