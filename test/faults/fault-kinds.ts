/**
 * The faults the soak injects, by kind, and how each is made on the emulator (a fault rule) or by
 * the fault proxy in front of the real server. Kinds are chosen with `FAULT_KINDS=a,b` (default:
 * every kind); `auth-expiry` expires every bearer token of a server that logs clients in (the
 * emulator's `auth` option), so the next request meets a 401 and the client logs in again
 * (`FAULT_AUTH_EXPIRY=0` leaves it out).
 */
import type { FaultRule } from '../../src/testing/index.js';
import type { Prng } from './prng.js';

export const FAULT_KINDS = [
  'drop-before',
  'drop-after',
  'truncate',
  'garble',
  'stall',
  'gateway-5xx',
  'html-500-before',
  'html-500-after',
  'rate-limit',
  'auth-expiry',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** The 401 kind is on unless `FAULT_AUTH_EXPIRY=0`. */
export const AUTH_EXPIRY_ENABLED = process.env['FAULT_AUTH_EXPIRY'] !== '0';

/** The kinds this run injects. */
export function enabledKinds(): readonly FaultKind[] {
  const asked = process.env['FAULT_KINDS'];
  const kinds = asked === undefined || asked === '' ? FAULT_KINDS.filter((kind) => kind !== 'auth-expiry' || AUTH_EXPIRY_ENABLED) : asked.split(',').map((each) => each.trim());
  for (const kind of kinds) if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`FAULT_KINDS: unknown kind ${JSON.stringify(kind)}; known: ${FAULT_KINDS.join(', ')}`);
  if (kinds.includes('auth-expiry') && !AUTH_EXPIRY_ENABLED) throw new Error('FAULT_KINDS: auth-expiry is switched off by FAULT_AUTH_EXPIRY=0');
  return kinds as FaultKind[];
}

/** Flask's HTML 500 page, as the classic server sends it. */
export const FLASK_500_PAGE =
  '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n';

/** One fault, decided by the generator, made concrete enough for either target. */
export type FaultPlan =
  | { readonly kind: 'drop-before'; readonly refused: boolean }
  | { readonly kind: 'drop-after' }
  | { readonly kind: 'truncate' }
  | { readonly kind: 'garble'; readonly as: 'text' | 'html' | 'empty-object' }
  | { readonly kind: 'stall'; readonly applied: boolean }
  | { readonly kind: 'gateway-5xx'; readonly status: 502 | 503 | 504 }
  | { readonly kind: 'html-500-before' }
  | { readonly kind: 'html-500-after' }
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: 0 | 1 }
  | { readonly kind: 'auth-expiry' };

/** The details of a fault of `kind`. */
export function planFault(kind: FaultKind, prng: Prng): FaultPlan {
  switch (kind) {
    case 'drop-before':
      return { kind, refused: prng.chance(0.5) };
    case 'garble':
      return { kind, as: prng.pick(['text', 'html', 'empty-object'] as const) };
    case 'stall':
      return { kind, applied: prng.chance(0.5) };
    case 'gateway-5xx':
      return { kind, status: prng.pick([502, 503, 504] as const) };
    case 'rate-limit':
      return { kind, retryAfterSeconds: prng.pick([0, 1] as const) };
    default:
      return { kind };
  }
}

/** The emulator rule for a request-level fault (`auth-expiry` is not one: it expires the tokens). */
export function emulatorFault(plan: Exclude<FaultPlan, { kind: 'auth-expiry' }>): FaultRule['fault'] {
  switch (plan.kind) {
    case 'drop-before':
      return plan.refused ? { kind: 'network', applied: false, code: 'ECONNREFUSED' } : { kind: 'network', applied: false };
    case 'drop-after':
      return { kind: 'network', applied: true };
    case 'truncate':
      return { kind: 'truncate' };
    case 'garble':
      return { kind: 'garble', as: plan.as };
    case 'stall':
      return { kind: 'stall', applied: plan.applied };
    case 'gateway-5xx':
      return { kind: 'status', status: plan.status, body: `${plan.status} from the gateway` };
    case 'html-500-before':
      return { kind: 'status', status: 500, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: FLASK_500_PAGE };
    case 'html-500-after':
      return { kind: 'status', status: 500, applied: true, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: FLASK_500_PAGE };
    case 'rate-limit':
      return { kind: 'status', status: 429, headers: { 'Retry-After': String(plan.retryAfterSeconds) }, body: 'Too Many Requests' };
  }
}
