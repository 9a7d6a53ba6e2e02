/**
 * What a soak lane needs of the server it runs against: where its client connects, a way to make
 * the next request(s) fail (armed faults), writes by "another client", and a fault-free URL for
 * the final comparison. The emulator and the real server (through the fault proxy) both provide it.
 */
import type { FaultPlan } from './fault-kinds.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Wire-form values for foreign writes. */
export type WireRow = Readonly<Record<string, string | number | boolean | null | readonly number[]>>;

/** An armed fault: how many requests it has served so far. */
export interface Armed {
  served(): number;
}

export interface SoakServer {
  /** Where the soak's client connects (faults apply here). */
  readonly url: string;
  /** Where the checks connect: no faults ever. */
  readonly cleanUrl: string;
  /** The credentials of a server that wants a bearer login (then `expireTokens` expires its tokens). */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Makes the next `times` requests with `method` (and a path matching `path`) meet `plan`. */
  arm(plan: Exclude<FaultPlan, { kind: 'auth-expiry' }>, method: HttpMethod, path: RegExp | undefined, times: number): Armed;
  /** Expires every bearer token now (`auth-expiry`); undefined when the server cannot. */
  readonly expireTokens: (() => void) | undefined;
  /** Removes what is still armed and drops the connections of stalled requests. */
  disarm(): void;
  /** Another client's writes, applied at once and fault-free. */
  readonly foreign: ForeignWriter;
}

export interface ForeignWriter {
  insert(model: string, row: WireRow): Promise<number>;
  update(model: string, id: number, changes: WireRow): Promise<void>;
  remove(model: string, id: number): Promise<void>;
}
