/**
 * Fault injection: rules that make the emulated server answer a request otherwise than it would —
 * a given status (the write is not applied), a dropped connection (applied or not), a refused
 * connection, or a late answer — so a test can see what its code does when the network or the
 * server fails. Rules match in the order they were added and each serves `times` requests.
 */
import { ValidationError } from '../errors.js';

/** The Node.js error codes of a connection that was never made (nothing reached the server). */
export type ConnectionErrorCode = 'ECONNREFUSED' | 'ENOTFOUND' | 'EAI_AGAIN';

/** What happens to a request a rule matches. */
export type Fault =
  /** Answered with this instead; the request is not applied. */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }
  /** The connection drops after the server applied the request: the client cannot know it was. */
  | { readonly kind: 'network'; readonly applied: true }
  /**
   * The connection drops before the request is applied; with `code`, it is refused outright and
   * the client's fetch rejects with an error carrying that code, as Node's does.
   */
  | { readonly kind: 'network'; readonly applied: false; readonly code?: ConnectionErrorCode }
  /** Answered normally, `ms` milliseconds late. */
  | { readonly kind: 'delay'; readonly ms: number };

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

/** The faults of one emulator: `emulator.faults`. */
export interface EmulatorFaults {
  /** Adds a rule after the existing ones. */
  add(rule: FaultRule): void;
  /** Removes every rule. */
  clear(): void;
}

export class FaultList implements EmulatorFaults {
  #rules: Array<{ readonly rule: FaultRule; remaining: number }> = [];

  add(rule: FaultRule): void {
    check(rule);
    this.#rules.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The fault for a request, using up one turn of the first rule that matches it. */
  take(method: string, pathname: string): Fault | undefined {
    const entry = this.#rules.find(({ rule, remaining }) => remaining > 0 && matches(rule, method, pathname));
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
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
      return;
    case 'network':
      if (typeof fault.applied !== 'boolean') throw new ValidationError('faults: a network fault says whether the request was applied (applied: true or false)');
      return;
    case 'delay':
      if (!Number.isFinite(fault.ms) || fault.ms < 0) throw new ValidationError(`faults: a delay needs ms >= 0, got ${String(fault.ms)}`);
      return;
    default:
      throw new ValidationError(`faults: fault.kind must be 'status', 'network' or 'delay', got ${JSON.stringify((rule.fault as { kind?: unknown } | undefined)?.kind)}`);
  }
}
