import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError, ProtocolError } from '../errors.js';
import { certainlyNotApplied, classicOutcomes, outcomeUnknown } from '../dialect/classic/outcomes.js';
import type { RetryOptions } from '../transport/retry.js';
import { writeDelayFor as delayOf, type RetryPolicy } from './write-retry.js';

const POLICY = { POST: 'create', PUT: 'idempotent', DELETE: 'delete' } as const satisfies Record<string, RetryPolicy>;
/** The classic server's retry policy of a write sent with `method`. */
const writeDelayFor = (method: keyof typeof POLICY, ...rest: [number, unknown, RetryOptions, (() => number)?]) => delayOf(classicOutcomes, POLICY[method], ...rest);

const refused = new NetworkError('POST http://h/api/person failed: fetch failed', { cause: new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }) });
const unresolved = new NetworkError('DNS', { cause: new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }) });
const dropped = new NetworkError('POST http://h/api/person failed: terminated', { cause: new TypeError('terminated') });
const reset = new NetworkError('reset', { cause: new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }) });
const status = (code: number, retryAfterMs?: number) => new HttpError(code, null, retryAfterMs === undefined ? {} : { retryAfterMs });

const options = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
const low = () => 0;
const high = () => 1;

describe('writeDelayFor: PUT and DELETE are idempotent', () => {
  it('retries network errors, 408, 429, 502, 503 and 504', () => {
    for (const method of ['PUT', 'DELETE'] as const) {
      for (const error of [dropped, refused, reset, status(408), status(429), status(502), status(503), status(504)]) {
        expect(writeDelayFor(method, 1, error, options, low), `${method} ${error.message}`).toBe(50);
      }
    }
  });

  it('never retries 400, 404, 409, 500 or an answer it could not read', () => {
    for (const error of [status(400), status(404), status(409), status(500), new ProtocolError('no key', {})]) {
      expect(writeDelayFor('PUT', 1, error, options, low)).toBeUndefined();
    }
  });

  it('backs off exponentially: half the ceiling plus jitter up to the ceiling, capped at maxDelayMs', () => {
    const at = (attempt: number, random: () => number) => writeDelayFor('PUT', attempt, dropped, options, random);
    expect([1, 2, 3, 4].map((attempt) => at(attempt, low))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((attempt) => at(attempt, high))).toEqual([100, 200, 400, 800]);
    expect(writeDelayFor('PUT', 4, dropped, { ...options, maxDelayMs: 300 }, high)).toBe(300);
    expect(at(2, () => 0.5)).toBe(150);
  });

  it('stops once `attempts` requests have been made (the first included)', () => {
    expect(writeDelayFor('PUT', 4, dropped, options, low)).toBe(400);
    expect(writeDelayFor('PUT', 5, dropped, options, low)).toBeUndefined();
    expect(writeDelayFor('PUT', 1, dropped, { attempts: 1 }, low)).toBeUndefined();
    expect(writeDelayFor('PUT', 3, dropped, {}, low)).toBeUndefined();
  });

  it('waits as long as Retry-After says, whatever the jitter', () => {
    expect(writeDelayFor('PUT', 1, status(429, 700), options, high)).toBe(700);
    expect(writeDelayFor('PUT', 3, status(503, 0), options, high)).toBe(0);
  });
});

describe('writeDelayFor: a POST goes again only when nothing was created', () => {
  it('retries 408, 429, 503 and connections that never opened', () => {
    for (const error of [status(408), status(429), status(503), refused, unresolved]) {
      expect(writeDelayFor('POST', 1, error, options, high), error.message).toBe(100);
    }
    expect(writeDelayFor('POST', 2, status(503, 250), options, high)).toBe(250);
  });

  it('never retries a connection lost after sending, a 502 or a 504 (the row may exist)', () => {
    for (const error of [dropped, reset, status(502), status(504), status(500), status(400)]) {
      expect(writeDelayFor('POST', 1, error, options, low), error.message).toBeUndefined();
    }
  });

  it('stops after `attempts` like any write', () => {
    expect(writeDelayFor('POST', 5, status(503), options, low)).toBeUndefined();
  });
});

describe('certainlyNotApplied / outcomeUnknown', () => {
  it('tells a failure that created nothing from one that may have created the row', () => {
    expect([status(408), status(429), status(503), refused, unresolved].map(certainlyNotApplied)).toEqual([true, true, true, true, true]);
    expect([dropped, reset, status(502), status(504), status(400)].map(certainlyNotApplied)).toEqual([false, false, false, false, false]);
    expect([dropped, reset, status(502), status(504)].map(outcomeUnknown)).toEqual([true, true, true, true]);
    expect([refused, status(503), status(400), status(409)].map(outcomeUnknown)).toEqual([false, false, false, false]);
  });

  it('finds the error code however deep the runtime nests it', () => {
    const deep = new NetworkError('x', { cause: { cause: { cause: { code: 'ECONNREFUSED' } } } });
    expect(certainlyNotApplied(deep)).toBe(true);
  });
});

describe('writeDelayFor: a DELETE whose outcome is unknown', () => {
  it('is sent again at once while attempts remain (the 404 it then meets means done); a 400 is not', () => {
    expect(writeDelayFor('DELETE', 1, status(500), options, low)).toBe(0);
    expect(writeDelayFor('DELETE', 4, status(500), options, low)).toBe(0);
    expect(writeDelayFor('DELETE', 5, status(500), options, low)).toBeUndefined();
    expect(writeDelayFor('DELETE', 1, status(400), options, low)).toBeUndefined();
    expect(writeDelayFor('PUT', 1, status(500), options, low)).toBeUndefined();
  });
});
