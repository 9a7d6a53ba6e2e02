import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError } from '../errors.js';
import { delayFor } from './retry.js';

describe('retry policy', () => {
  const network = new NetworkError('reset');
  it('backs off exponentially with jitter, up to the limit', () => {
    expect(delayFor(1, network, { baseDelayMs: 100 }, () => 0)).toBe(50);
    expect(delayFor(1, network, { baseDelayMs: 100 }, () => 1)).toBe(100);
    expect(delayFor(2, network, { baseDelayMs: 100 }, () => 1)).toBe(200);
    expect(delayFor(3, network, { baseDelayMs: 100, attempts: 5, maxDelayMs: 300 }, () => 1)).toBe(300);
  });
  it('stops after the attempts and never retries other 4xx', () => {
    expect(delayFor(3, network, { attempts: 3 })).toBeUndefined();
    expect(delayFor(1, new HttpError(400, { message: 'IntegrityError' }))).toBeUndefined();
    expect(delayFor(1, new HttpError(500, '<html>'))).toBeUndefined();
    for (const status of [408, 429, 502, 503, 504]) expect(delayFor(1, new HttpError(status, null), {}, () => 0)).toBeGreaterThan(0);
  });
  it('honours Retry-After', () => {
    expect(delayFor(1, new HttpError(429, null, { retryAfterMs: 1500 }))).toBe(1500);
  });

  it('does not retry sooner than a Retry-After beyond maxDelayMs asks: it gives up', () => {
    expect(delayFor(1, new HttpError(429, null, { retryAfterMs: 60_000 }), { maxDelayMs: 5000 })).toBeUndefined();
    expect(delayFor(1, new HttpError(429, null, { retryAfterMs: 60_000 }), { maxDelayMs: 60_000 })).toBe(60_000);
  });
});
