/**
 * What a failed write says about whether it was applied, for servers that commit before they
 * serialize their answer (both Flask-Restless lines do): a 5xx, whatever its body, can follow an
 * applied write, and only a few statuses and network failures say that nothing happened. A dialect
 * names its server and what a write makes, for the entity's error.
 */
import { HttpError, NetworkError, ProtocolError } from '../errors.js';
import type { OutcomeRules } from './dialect.js';

/** Statuses that mean the server did not act on the request, so a POST may go again. */
const NOT_APPLIED_STATUS: ReadonlySet<number> = new Set([408, 429, 503]);
/** Network failures that happen before a request can leave (nothing reached the server). */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when a POST that failed with `error` certainly created nothing. */
export function certainlyNotApplied(error: unknown): boolean {
  if (error instanceof HttpError) return NOT_APPLIED_STATUS.has(error.status);
  if (!NetworkError.is(error)) return false;
  const code = causeCode(error.cause);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/**
 * True when a POST failed in a way that leaves it unknown whether the server created the row: the
 * connection died after sending or the answer never completed (a timeout included), a gateway
 * answered instead of the server, or the server failed with a 5xx. A 2xx whose body is unusable is
 * in doubt too (see save/execute): the row exists, its key is unknown.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (ProtocolError.is(error)) return true;
  if (NetworkError.is(error)) return !certainlyNotApplied(error);
  if (!(error instanceof HttpError)) return false;
  return error.status >= 500 && !NOT_APPLIED_STATUS.has(error.status);
}

/** How a dialect words the reasons: its server's name, what a write makes, how it calls an HTML error body. */
export interface OutcomeWords {
  readonly server: string;
  readonly made: string;
  readonly htmlPage: string;
}

/** The rules above, with reasons in the dialect's words. */
export function httpOutcomes(words: OutcomeWords): OutcomeRules {
  const inDoubtBecause = (error: unknown): string => {
    if (ProtocolError.is(error)) return `the server answered success without a usable ${words.made} (${error.message})`;
    if (error instanceof HttpError) {
      if (error.status === 502 || error.status === 504) return `a gateway answered ${error.status} instead of the server`;
      return `the server failed with ${error.status}${typeof error.body === 'string' ? ` (${words.htmlPage})` : ''}, which ${words.server} can do after it has committed the write`;
    }
    if (NetworkError.is(error) && error.timedOut) return 'no complete answer arrived before the deadline';
    return 'the connection failed after the request was sent';
  };
  return { certainlyNotApplied, inDoubt: outcomeUnknown, inDoubtBecause };
}

function causeCode(cause: unknown): string | undefined {
  for (let current = cause, depth = 0; typeof current === 'object' && current !== null && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
