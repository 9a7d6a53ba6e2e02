/**
 * What a failed write on Flask-Restless-NG says about whether it was applied. NG commits before it
 * serializes its answer, and Flask answers any exception as an HTML 500 (README fact 12), so a 5xx
 * can follow an applied write; its 4xx error documents (400, 403, 404, 405, 406, 409, 415) are
 * refusals before anything was written.
 */
import { HttpError, NetworkError, ProtocolError } from '../../errors.js';
import type { OutcomeRules } from '../dialect.js';

/** Statuses that mean the server did not act on the request, so a POST may go again. */
const NOT_APPLIED_STATUS: ReadonlySet<number> = new Set([408, 429, 503]);
/** Network failures that happen before a request can leave (nothing reached the server). */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function certainlyNotApplied(error: unknown): boolean {
  if (error instanceof HttpError) return NOT_APPLIED_STATUS.has(error.status);
  if (!NetworkError.is(error)) return false;
  const code = causeCode(error.cause);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** Unknown: the answer was lost or cut, a gateway answered, the server failed with a 5xx, or a 2xx was unusable. */
export function outcomeUnknown(error: unknown): boolean {
  if (ProtocolError.is(error)) return true;
  if (NetworkError.is(error)) return !certainlyNotApplied(error);
  if (!(error instanceof HttpError)) return false;
  return error.status >= 500 && !NOT_APPLIED_STATUS.has(error.status);
}

export function unknownBecause(error: unknown): string {
  if (ProtocolError.is(error)) return `the server answered success without a usable resource (${error.message})`;
  if (error instanceof HttpError) {
    if (error.status === 502 || error.status === 504) return `a gateway answered ${error.status} instead of the server`;
    return `the server failed with ${error.status}${typeof error.body === 'string' ? ' (an HTML error page)' : ''}, which Flask-Restless-NG can do after it has committed the write`;
  }
  if (NetworkError.is(error) && error.timedOut) return 'no complete answer arrived before the deadline';
  return 'the connection failed after the request was sent';
}

export const jsonapiOutcomes: OutcomeRules = { certainlyNotApplied, inDoubt: outcomeUnknown, inDoubtBecause: unknownBecause };

function causeCode(cause: unknown): string | undefined {
  for (let current = cause, depth = 0; typeof current === 'object' && current !== null && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
