/**
 * The `logger` option against both targets, started with token authentication: reads, a save
 * and a 401 replay each leave structured records, and no record carries a password, a token or
 * an Authorization header, whichever auth is used.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { basicAuth, bearerAuth, type FetchLike, type LogRecord } from '../../src/index.js';
import { TARGET_NAME, clientOf, skipOnJsonApi, useContractTarget } from './target.js';

const USERNAME = 'roy';
const PASSWORD = 'correct-horse-battery';
const target = useContractTarget({ peers: false, auth: { username: USERNAME, password: PASSWORD } });

/** The global fetch, keeping every Authorization header it sends (to search the log for them). */
function watchingAuthorization() {
  const sentAuthorization = new Set<string>();
  const fetchImpl: FetchLike = (input, init) => {
    const value = (init?.headers as Record<string, string> | undefined)?.['Authorization'];
    if (value !== undefined) sentAuthorization.add(value);
    return fetch(input, init);
  };
  return { sentAuthorization, fetch: fetchImpl };
}

function expectNoSecret(records: readonly LogRecord[], secrets: Iterable<string>): void {
  const text = records.map((record) => JSON.stringify(record)).join('\n');
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    // The token alone, without its scheme.
    expect(text).not.toContain(secret.replace(/^(Bearer|Basic) /, ''));
  }
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toMatch(/authorization|bearer|basic/i);
}

describe.skipIf(skipOnJsonApi('the NG test server (test/server/ng/) has no authentication'))(`logger (${TARGET_NAME})`, () => {
  it('bearerAuth: records for the login, reads, a save and a 401 replay, none with a credential', async () => {
    const records: LogRecord[] = [];
    const traffic = watchingAuthorization();
    const client = await clientOf(target(), { auth: bearerAuth({ username: USERNAME, password: PASSWORD }), fetch: traffic.fetch, logger: (record) => records.push(record) });
    const people = await firstValueFrom(client.models['Person']!.all());
    expect(people.length).toBeGreaterThan(0);
    const tag = client.models['Tag']!.create({ name: `logged ${Date.now()}` });
    await target().expireTokens();
    await lastValueFrom(client.save());
    expect(tag.isNew).toBe(false);

    const requests = records.filter((record) => record.kind === 'request');
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', url: `${target().url}/api/auth`, status: 200, outcome: 'ok', attempt: 1 }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', status: 200, outcome: 'ok', url: expect.stringContaining('/api/person') }));
    // The expired token: the first POST is refused, the replay after the new login is attempt 2.
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', url: `${target().url}/api/tag`, status: 401, outcome: 'http-error', attempt: 1 }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', url: `${target().url}/api/tag`, status: 201, outcome: 'ok', attempt: 2 }));
    for (const record of requests) expect(record.durationMs).toBeGreaterThanOrEqual(0);
    const steps = records.filter((record) => record.kind === 'save').map((record) => record.type);
    expect(steps).toEqual(['planned', 'request', 'created', 'completed']);
    expect(records).toContainEqual({ kind: 'save', type: 'created', model: 'Tag', key: expect.anything() as unknown });

    expect(traffic.sentAuthorization.size).toBeGreaterThan(1);
    expectNoSecret(records, traffic.sentAuthorization);
  });

  it('basicAuth refused: the failed request is logged, the password and its encoding are not', async () => {
    const records: LogRecord[] = [];
    const traffic = watchingAuthorization();
    const failed = await clientOf(target(), { auth: basicAuth({ username: USERNAME, password: PASSWORD }), fetch: traffic.fetch, logger: (record) => records.push(record) }).then(
      () => false,
      () => true,
    );
    expect(failed).toBe(true);
    expect(records).toContainEqual(expect.objectContaining({ kind: 'request', method: 'GET', status: 401, outcome: 'http-error', attempt: 1 }));
    expect(traffic.sentAuthorization.size).toBe(1);
    expectNoSecret(records, traffic.sentAuthorization);
  });
});
