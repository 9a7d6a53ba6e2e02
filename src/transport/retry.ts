import { HttpError, NetworkError } from '../errors.js';

/** How failed requests are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3). */
  readonly attempts?: number;
  /** The delay before the first retry; doubled each time (default 200 ms). */
  readonly baseDelayMs?: number;
  /** The longest delay (default 5000 ms). */
  readonly maxDelayMs?: number;
}

const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** True for failures that a later identical request may not meet: the network, 408, 429, 502, 503, 504. */
export function isTransient(error: unknown): boolean {
  return NetworkError.is(error) || (HttpError.isRestlessError(error) && error instanceof HttpError && RETRYABLE_STATUS.has(error.status));
}

/**
 * The delay before retry number `attempt` (1 = the first retry), or undefined when no retry is
 * due. Exponential with equal jitter (half the ceiling, plus a random half); a Retry-After the
 * server sent wins, and one longer than `maxDelayMs` means no retry (never sooner than the server
 * asked). Pure: `random` is injected.
 */
export function delayFor(attempt: number, error: unknown, options: RetryOptions = {}, random: () => number = Math.random): number | undefined {
  const attempts = options.attempts ?? 3;
  if (attempt >= attempts || !isTransient(error)) return undefined;
  const max = options.maxDelayMs ?? 5000;
  if (error instanceof HttpError && error.retryAfterMs !== undefined) return error.retryAfterMs <= max ? error.retryAfterMs : undefined;
  const ceiling = Math.min(max, (options.baseDelayMs ?? 200) * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
