/**
 * What reached the emulated server, in arrival order, so a test can assert on the traffic itself
 * ("exactly one POST was applied") rather than only on its outcome. Each entry says whether the
 * request was applied: run against the emulated database (a fault may answer instead of it).
 */

/** One request as it arrived. */
export interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  /** The body text, or undefined when the request had none. */
  readonly body: string | undefined;
  /** Whether the emulated server processed it (false when a fault answered instead). */
  readonly applied: boolean;
}

/** `emulator.requests`: the requests so far, and `clear()` to start counting again. */
export interface RequestLog extends ReadonlyArray<LoggedRequest> {
  clear(): void;
}

/** A log and the one function that appends to it. */
export function createRequestLog(): { readonly log: RequestLog; record(entry: LoggedRequest): void } {
  const entries: LoggedRequest[] = [];
  // A plain array (filter/map/toEqual behave as on any array) with a non-enumerable clear().
  Object.defineProperty(entries, 'clear', { value: () => void entries.splice(0), enumerable: false });
  return { log: entries as unknown as RequestLog, record: (entry) => void entries.push(Object.freeze(entry)) };
}
