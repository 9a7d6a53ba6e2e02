import { stateOf } from './entity-state.js';

/** Equality of field values: by time for dates, by bytes for binaries, by identity for entities and lists of them, structurally for JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((byte, i) => byte === b[i]);
  if (stateOf(a) !== undefined || stateOf(b) !== undefined) return false;
  // Relation lists hold entities and are sets to the server (it answers them in its own order):
  // equal when they hold the same objects.
  if (Array.isArray(a) && Array.isArray(b) && (a.some((item) => stateOf(item)) || b.some((item) => stateOf(item)))) {
    return a.length === b.length && a.every((item) => b.includes(item));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    // JSON column values: compare structurally so that a reload of the same document is no change.
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

