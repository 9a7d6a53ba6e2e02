import type { OutcomeRules } from '../dialect/dialect.js';
import { delayFor, type RetryOptions } from '../transport/retry.js';

/**
 * How a write may be retried: `create` (not idempotent: only when it certainly was not applied),
 * `idempotent` (an update sending the same values again) or `delete` (idempotent, and sent again
 * at once when its outcome is unknown).
 */
export type RetryPolicy = 'create' | 'idempotent' | 'delete';

/**
 * The delay before retrying a write, or undefined. Idempotent writes follow the read policy; a
 * DELETE whose outcome is unknown (a 500 after the commit, a lost answer) is sent again at once
 * too, since the 404 it then meets says the first one went through. A create is retried only when
 * the server certainly did not create anything: a duplicate create is data corruption, worse than
 * a failed save. `rules` (the dialect's) say what a failure means.
 */
export function writeDelayFor(rules: OutcomeRules, policy: RetryPolicy, attempt: number, error: unknown, options: RetryOptions, random?: () => number): number | undefined {
  if (policy === 'create' && !rules.certainlyNotApplied(error)) return undefined;
  const delay = delayFor(attempt, error, options, random);
  if (delay !== undefined || policy !== 'delete') return delay;
  return rules.inDoubt(error) && attempt < (options.attempts ?? 3) ? 0 : undefined;
}
