/**
 * Why the client refuses some values before sending (README "Column types"): the real classic
 * server's answers to them, sent raw. Each is an HTML 500, which a client cannot tell from a
 * crash after the commit; an enum value outside the enum, and any interval, IS committed first
 * and then breaks every read of the table. The emulator answers some of these differently (it is not the point
 * of the emulator to reproduce crashes), so this file runs on the real server only; the client's
 * refusals themselves are in test/contract/values.contract.test.ts, on both.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRealServer, type RealServer } from '../server/real-server.js';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer({ peers: false });
}, 180_000);
beforeEach(async () => {
  await server.reset();
});
afterAll(async () => {
  await server?.stop();
});

/** POSTs a JSON text as it is (JSON.stringify could not write 2**64 or keep a lone surrogate escaped on purpose). */
async function post(json: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/api/type_zoo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: json });
  return { status: response.status, text: await response.text() };
}

async function rows(): Promise<number> {
  const response = await fetch(`${server.url}/api/type_zoo`);
  return response.status === 200 ? ((await response.json()) as { num_results: number }).num_results : -response.status;
}

describe('the real server and values it cannot store', () => {
  it.each([
    ['year 0', '{"a_date": "0000-12-31"}'],
    ['year 10000', '{"a_date": "10000-01-01"}'],
    ['a date that does not exist', '{"a_date": "2021-02-30"}'],
    ['a datetime in year 10000', '{"a_datetime": "10000-01-01T00:00:00"}'],
    ['a lone surrogate', '{"a_unicode": "x\\ud800"}'],
    ['hour 25', '{"a_time": "25:99:00"}'],
    ['2**64 in an Integer column', '{"an_integer": 18446744073709551616}'],
    ['2**63 in an Integer column', '{"an_integer": 9223372036854775808}'],
  ])('%s is an HTML 500', async (_what, json) => {
    const answer = await post(json);
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('Internal Server Error');
    expect(await rows()).toBe(1);
  });

  it('an enum value outside the enum is stored, then every read of the table is an HTML 500', async () => {
    expect((await post('{"an_enum": "purple", "a_string": "enum-row"}')).status).toBe(500);
    expect(await rows()).toBe(-500);
  });

  it('an interval is stored, then every read of the table is an HTML 500 (a timedelta is not JSON serializable)', async () => {
    expect((await post('{"an_interval": 3600, "a_string": "interval-row"}')).status).toBe(500);
    expect(await rows()).toBe(-500);
  });

  it('the limits: years 1 and 9999 and 2**63 - 1 are stored and read back as sent', async () => {
    const answer = await post('{"a_date": "0001-01-01", "a_datetime": "9999-12-31T23:59:59.999999", "an_integer": 9223372036854775807}');
    expect(answer.status).toBe(201);
    expect(answer.text).toContain('"a_date":"0001-01-01"');
    expect(answer.text).toContain('"a_datetime":"9999-12-31T23:59:59.999999"');
    expect(answer.text).toContain('"an_integer":9223372036854775807');
  });

  it('a Time column takes no value at all through JSON on SQLite, not even "23:59:59" (only Python time objects)', async () => {
    expect((await post('{"a_time": "23:59:59"}')).status).toBe(500);
    expect(await rows()).toBe(1);
  });
});
