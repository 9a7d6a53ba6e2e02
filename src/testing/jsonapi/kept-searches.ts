/**
 * A client reads a collection page by page with the same filter and sort: the ordered rows of a
 * search are kept until the database changes (its `version`), so reading N rows in pages filters
 * and sorts once, not once per page (as the classic emulator's run-search.ts does).
 */
import type { EmulatorDatabase, StoredRow } from '../core/db.js';

/** How many searches per database are kept (a few clients reading a few collections at once). */
const KEPT = 16;

const kept = new WeakMap<EmulatorDatabase, { version: number; readonly results: Map<string, readonly StoredRow[]> }>();

/** The rows `run` computes for `key`, computed once per version of `db`. Read-only: shared by the pages of a read. */
export function keptSearch(db: EmulatorDatabase, key: string, run: () => readonly StoredRow[]): readonly StoredRow[] {
  let entry = kept.get(db);
  if (entry === undefined || entry.version !== db.version) {
    entry = { version: db.version, results: new Map() };
    kept.set(db, entry);
  }
  const found = entry.results.get(key);
  if (found !== undefined) return found;
  const rows = run();
  if (entry.results.size >= KEPT) entry.results.delete(entry.results.keys().next().value ?? '');
  entry.results.set(key, rows);
  return rows;
}
