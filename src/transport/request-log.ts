/** How one HTTP request ended, as a `RequestLogRecord` reports it. */
export type RequestOutcome = 'ok' | 'http-error' | 'network-error' | 'timeout' | 'aborted';

/**
 * One HTTP request the client made (one per attempt: a retried GET or a 401 replay logs each
 * send). Holds no headers and no bodies; the URL has no userinfo and no secret query values.
 */
export interface RequestLogRecord {
  readonly kind: 'request';
  readonly method: string;
  readonly url: string;
  /** The HTTP status, or undefined when no answer came (network error, timeout, abort). */
  readonly status: number | undefined;
  readonly durationMs: number;
  /** 1 for the first send of this request, 2 for its first retry or replay, ... */
  readonly attempt: number;
  readonly outcome: RequestOutcome;
}

/** Query parameters whose values are secrets wherever they appear. */
const SECRET_PARAMETER = /token|password|passwd|secret|auth|key|credential/i;

/** The URL with userinfo removed and secret-looking query values replaced by `***`. */
export function loggableUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not absolute: keep only the path, since nothing can be checked in it reliably.
    return url.split('?')[0] ?? '';
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMETER.test(name)) parsed.searchParams.set(name, '***');
  }
  return parsed.toString();
}

/** Calls the user's logger; a logger that throws must never break the request it reports. */
export function emitLog<R>(logger: ((record: R) => void) | undefined, record: () => R): void {
  if (logger === undefined) return;
  try {
    logger(record());
  } catch {
    // Ignored on purpose: logging is best effort.
  }
}
