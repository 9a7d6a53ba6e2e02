import { ValidationError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS } from './http.js';
import type { RetryOptions } from './retry.js';

/** setTimeout fires at once for longer delays (they overflow a 32-bit signed integer). */
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * The transport options of `connect`, checked before anything is sent: a negative attempt count
 * or a NaN delay would otherwise show up much later as a request that is never retried, or
 * retried at once for ever.
 */
export function checkedRetry(retry: unknown): RetryOptions {
  if (retry === undefined) return {};
  if (typeof retry !== 'object' || retry === null) throw new ValidationError(`retry must be an object { attempts, baseDelayMs, maxDelayMs }, got ${typeof retry}`, { field: 'retry' });
  const { attempts, baseDelayMs, maxDelayMs } = retry as Record<string, unknown>;
  if (attempts !== undefined && !(typeof attempts === 'number' && Number.isInteger(attempts) && attempts >= 1)) {
    throw new ValidationError(`retry.attempts must be a whole number >= 1 (1 = no retry), got ${show(attempts)}`, { field: 'retry.attempts' });
  }
  for (const [name, value] of [['baseDelayMs', baseDelayMs], ['maxDelayMs', maxDelayMs]] as const) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= LONGEST_TIMER_MS)) {
      throw new ValidationError(`retry.${name} must be a number of milliseconds from 0 to ${LONGEST_TIMER_MS}, got ${show(value)}`, { field: `retry.${name}` });
    }
  }
  return retry as RetryOptions;
}

/** `timeoutMs`: positive, and short enough for a timer (default 30,000). */
export function checkedTimeout(timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0 && timeoutMs <= LONGEST_TIMER_MS)) {
    throw new ValidationError(`timeoutMs must be a number of milliseconds > 0 and at most ${LONGEST_TIMER_MS}, got ${show(timeoutMs)}`, { field: 'timeoutMs' });
  }
  return timeoutMs;
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
