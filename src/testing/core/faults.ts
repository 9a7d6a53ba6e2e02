/**
 * Fault injection: rules that make the emulated server answer a request otherwise than it would —
 * a given status (before or after the write is applied), a dropped connection (applied or not), a
 * refused connection, a late answer, an answer cut mid-body, a garbled body, or no answer at all —
 * so a test can see what its code does when the network or the server fails. Rules match in the
 * order they were added and each serves `times` requests.
 */
import { ValidationError } from '../../errors.js';

/** The Node.js error codes of a connection that was never made (nothing reached the server). */
export type ConnectionErrorCode = 'ECONNREFUSED' | 'ENOTFOUND' | 'EAI_AGAIN';

/** What happens to a request a rule matches. */
export type Fault =
  /**
   * Answered with this instead. The request is not applied unless `applied: true`: then the server
   * applies it first and the answer is replaced (the classic server can commit a write, then fail
   * with its HTML 500 page). Give `headers` for a `Retry-After`.
   */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
      readonly applied?: boolean;
    }
  /** The connection drops after the server applied the request: the client cannot know it was. */
  | { readonly kind: 'network'; readonly applied: true }
  /**
   * The connection drops before the request is applied; with `code`, it is refused outright and
   * the client's fetch rejects with an error carrying that code, as Node's does.
   */
  | { readonly kind: 'network'; readonly applied: false; readonly code?: ConnectionErrorCode }
  /** Answered normally, `ms` milliseconds late. */
  | { readonly kind: 'delay'; readonly ms: number }
  /**
   * The server applies the request and answers, but the connection dies mid-body: the status,
   * headers and the full body's Content-Length arrive, then half the body, then reading the body
   * fails. An answer without a body (204) is dropped instead.
   */
  | { readonly kind: 'truncate' }
  /**
   * The server applies the request; its answer keeps the status (a 2xx stays a 2xx) but the body is
   * replaced: `'text'` is not JSON, `'html'` is a proxy's HTML page, `'empty-object'` is JSON
   * without the key the client needs (`{}`).
   */
  | { readonly kind: 'garble'; readonly as: GarbledBody }
  /**
   * A silent server: it accepts the request and never answers, until the client aborts it (its
   * AbortSignal) or the rules are cleared (then the connection drops). Not applied unless
   * `applied: true` (the server did the work and hung before answering).
   */
  | { readonly kind: 'stall'; readonly applied?: boolean };

/** What a `garble` fault puts in place of the body. */
export type GarbledBody = 'text' | 'html' | 'empty-object';

const GARBLED_BODIES: readonly GarbledBody[] = ['text', 'html', 'empty-object'];

/** Which requests get a fault, and how many times. */
export interface FaultRule {
  /** `'POST'` or `['PUT', 'PATCH']` (any case); every method when absent. */
  readonly method?: string | readonly string[];
  /** The URL's pathname: a string matches exactly (`'/api/person'`), a RegExp is tested. Any path when absent. */
  readonly path?: string | RegExp;
  /** How many matching requests it serves (default 1; `Infinity` for all of them). */
  readonly times?: number;
  readonly fault: Fault;
}

/** One added rule: how many requests it has served so far, and a way to take it back. */
export interface FaultHandle {
  /** Matching requests this rule has answered (at most its `times`). */
  readonly served: number;
  /** Removes the rule if it is still there (its turns not used up). */
  remove(): void;
}

/** The faults of one emulator: `emulator.faults`. */
export interface EmulatorFaults {
  /** Adds a rule after the existing ones. */
  add(rule: FaultRule): FaultHandle;
  /** Removes every rule, and drops the connections of requests a `stall` still holds. */
  clear(): void;
}

export class FaultList implements EmulatorFaults {
  #rules: Array<{ readonly rule: FaultRule; remaining: number; served: number }> = [];
  /** Releases of the requests a stall holds: clear() lets them go so nothing outlives a test. */
  readonly #stalled = new Set<() => void>();

  add(rule: FaultRule): FaultHandle {
    check(rule);
    const entry = { rule, remaining: rule.times ?? 1, served: 0 };
    this.#rules.push(entry);
    return {
      get served() {
        return entry.served;
      },
      remove: () => {
        this.#rules = this.#rules.filter((other) => other !== entry);
      },
    };
  }

  clear(): void {
    this.#rules = [];
    for (const release of [...this.#stalled]) release();
  }

  /**
   * Resolves when the request is aborted or the rules are cleared: a stalled request holds no
   * timer, and whichever comes first ends it. (With node-fetch/cross-fetch, msw's request never
   * sees the client's abort, so clear() is what ends those.)
   */
  stallUntilReleased(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        this.#stalled.delete(release);
        signal.removeEventListener('abort', release);
        resolve();
      };
      if (signal.aborted) return resolve();
      this.#stalled.add(release);
      signal.addEventListener('abort', release);
    });
  }

  /** The fault for a request, using up one turn of the first rule that matches it. */
  take(method: string, pathname: string): Fault | undefined {
    const entry = this.#rules.find(({ rule, remaining }) => remaining > 0 && matches(rule, method, pathname));
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    entry.served += 1;
    if (entry.remaining <= 0) this.#rules = this.#rules.filter((other) => other !== entry);
    return entry.rule.fault;
  }
}

function matches(rule: FaultRule, method: string, pathname: string): boolean {
  const methods = rule.method === undefined ? undefined : typeof rule.method === 'string' ? [rule.method] : rule.method;
  if (methods !== undefined && !methods.some((each) => each.toUpperCase() === method.toUpperCase())) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return rule.path === pathname;
  rule.path.lastIndex = 0;
  return rule.path.test(pathname);
}

function check(rule: FaultRule): void {
  const times = rule.times ?? 1;
  if (!(times === Infinity || (Number.isInteger(times) && times > 0))) throw new ValidationError(`faults: times must be a positive integer or Infinity, got ${String(rule.times)}`);
  const fault = rule.fault as Fault | undefined;
  switch (fault?.kind) {
    case 'status':
      if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599) throw new ValidationError(`faults: a status fault needs an HTTP status from 200 to 599, got ${String(fault.status)}`);
      if (fault.applied !== undefined && typeof fault.applied !== 'boolean') throw new ValidationError('faults: applied, when given, is true or false');
      return;
    case 'stall':
      if (fault.applied !== undefined && typeof fault.applied !== 'boolean') throw new ValidationError('faults: applied, when given, is true or false');
      return;
    case 'truncate':
      return;
    case 'garble':
      if (!GARBLED_BODIES.includes(fault.as)) throw new ValidationError(`faults: a garble fault's "as" is one of ${GARBLED_BODIES.map((each) => `'${each}'`).join(', ')}, got ${JSON.stringify(fault.as)}`);
      return;
    case 'network':
      if (typeof fault.applied !== 'boolean') throw new ValidationError('faults: a network fault says whether the request was applied (applied: true or false)');
      return;
    case 'delay':
      if (!Number.isFinite(fault.ms) || fault.ms < 0) throw new ValidationError(`faults: a delay needs ms >= 0, got ${String(fault.ms)}`);
      return;
    default:
      throw new ValidationError(`faults: fault.kind must be 'status', 'network', 'delay', 'truncate', 'garble' or 'stall', got ${JSON.stringify((rule.fault as { kind?: unknown } | undefined)?.kind)}`);
  }
}

/** Whether the server processes a request that meets `fault` (none: it does). */
export function isApplied(fault: Fault | undefined): boolean {
  switch (fault?.kind) {
    case undefined:
    case 'delay':
    case 'truncate':
    case 'garble':
      return true;
    case 'network':
      return fault.applied;
    case 'status':
    case 'stall':
      return fault.applied === true;
  }
}
