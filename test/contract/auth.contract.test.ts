/**
 * Re-authentication against both targets, each started with token authentication in front of the
 * API (the emulator's `auth` option, the real server's TEST_AUTH=1): an expired token costs one
 * new login and one replay, so a pending save goes through once; a wrong password at connect()
 * is an AuthError that never quotes it.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { AuthError, bearerAuth, type FetchLike } from '../../src/index.js';
import { TARGET_NAME, clientOf, skipOnJsonApi, useContractTarget } from './target.js';

const USERNAME = 'roy';
const PASSWORD = 'correct-horse-battery';
const target = useContractTarget({ peers: false, auth: { username: USERNAME, password: PASSWORD } });

/** The global fetch, counting each request by method and path. */
function counting() {
  const sent: string[] = [];
  const fetchImpl: FetchLike = (input, init) => {
    sent.push(`${init?.method ?? 'GET'} ${new URL(input).pathname}`);
    return fetch(input, init);
  };
  return { sent, fetch: fetchImpl };
}

describe.skipIf(skipOnJsonApi('the NG test server (test/server/ng/) has no authentication'))(`re-authentication (${TARGET_NAME})`, () => {
  it('a token that expired while a change was pending: one new login, the save goes through once', async () => {
    const traffic = counting();
    const client = await clientOf(target(), { auth: bearerAuth({ username: USERNAME, password: PASSWORD }), fetch: traffic.fetch });
    const { Tag } = client.models;
    const name = `re-auth ${Date.now()}`;
    const tag = Tag!.create({ name });
    await target().expireTokens();
    await lastValueFrom(client.save());
    expect(tag.isNew).toBe(false);
    expect(traffic.sent.filter((line) => line === 'POST /api/auth')).toHaveLength(2);
    expect(traffic.sent.filter((line) => line === 'POST /api/tag')).toHaveLength(2);
    // Exactly one row: the first POST was refused before the server acted on it.
    const found = await firstValueFrom(Tag!.query.filterBy({ name }).all());
    expect(found).toEqual([tag]);
    const fresh = await clientOf(target(), { auth: bearerAuth({ username: USERNAME, password: PASSWORD }) });
    expect(await firstValueFrom(fresh.models['Tag']!.query.filterBy({ name }).count())).toBe(1);
  });

  it('reads after expiry re-login once and carry on', async () => {
    const traffic = counting();
    const client = await clientOf(target(), { auth: bearerAuth({ username: USERNAME, password: PASSWORD }), fetch: traffic.fetch });
    await target().expireTokens();
    const [people, tags] = await Promise.all([firstValueFrom(client.models['Person']!.all()), firstValueFrom(client.models['Tag']!.all())]);
    expect(people.length).toBeGreaterThan(0);
    expect(tags.length).toBeGreaterThan(0);
    expect(traffic.sent.filter((line) => line === 'POST /api/auth')).toHaveLength(2);
  });

  it('a wrong password at connect() is an AuthError (401) that does not quote it', async () => {
    const wrong = 'not-the-password-42';
    const error = await clientOf(target(), { auth: bearerAuth({ username: USERNAME, password: wrong }) }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).code).toBe('AUTH_ERROR');
    expect(`${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 10, showHidden: true })}`).not.toContain(wrong);
  });

  it('no credentials at all: connect() is an AuthError saying the server wants some', async () => {
    await expect(clientOf(target())).rejects.toThrow(/answered 401: the server wants credentials; give connect\(\) an `auth` option/);
  });
});
