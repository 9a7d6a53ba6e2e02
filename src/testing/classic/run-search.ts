/**
 * Runs a decoded search on the emulated database the way SQLite runs the server's query:
 * WHERE (the shared evaluator), GROUP BY (first row of each group in table order), ORDER BY
 * (primary key when none is given; an inner join for a related column, which drops rows without
 * a related row and repeats rows per related row of a to-many path). LIMIT/OFFSET and the page
 * slice are the caller's, since the server applies them in two different ways.
 *
 * A client reads a collection page by page with the same `q`: the ordered rows of a search are
 * kept until the database changes (its `version`), so a read of N rows in pages sorts once, not
 * once per page. The key is the DECODED search, whose CURRENT_DATE-like values are already the
 * clock's, so a later page never reuses a result of another instant.
 */
import type { DecodedClassicQuery } from './decode-query.js';
import { evaluate } from '../../query/evaluate.js';
import { storedValue } from '../../query/normalize.js';
import { sortRecords, sortRecordsJoined } from '../../query/sort.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import type { EmulatorDatabase, StoredRow } from '../core/db.js';

/** How many searches per database are kept (a few clients reading a few collections at once). */
const KEPT_SEARCHES = 16;

const searches = new WeakMap<EmulatorDatabase, { version: number; readonly results: Map<string, readonly StoredRow[]> }>();

/** The ordered rows of a search before LIMIT/OFFSET; a row can repeat (a to-many `order_by`). Read-only: shared by the pages of a read. */
export function searchRows(model: ModelDef, query: DecodedClassicQuery, ctx: EmulatorContext): readonly StoredRow[] {
  let kept = searches.get(ctx.db);
  if (kept === undefined || kept.version !== ctx.db.version) {
    kept = { version: ctx.db.version, results: new Map() };
    searches.set(ctx.db, kept);
  }
  const key = JSON.stringify([model.name, query.expression.filters, query.expression.orderBy, query.groupBy]);
  const found = kept.results.get(key);
  if (found !== undefined) return found;
  const rows = runSearch(model, query, ctx);
  if (kept.results.size >= KEPT_SEARCHES) kept.results.delete(kept.results.keys().next().value ?? '');
  kept.results.set(key, rows);
  return rows;
}

function runSearch(model: ModelDef, query: DecodedClassicQuery, ctx: EmulatorContext): StoredRow[] {
  const { filters, orderBy } = query.expression;
  const matching = ctx.db
    .scan(model)
    .filter((row) => filters.every((condition) => evaluate(condition, row, model, ctx.datamodel, ctx.access, { temporal: 'verbatim' }) === true));
  const grouped = query.groupBy.length === 0 ? matching : firstOfEachGroup(matching, query.groupBy, model);
  const joins = orderBy.some((key) => key.field.includes('.'));
  return joins ? sortRecordsJoined(grouped, orderBy, model, ctx.datamodel, ctx.access) : sortRecords(grouped, orderBy, model, ctx.datamodel, ctx.access);
}

/** Rows as the legacy Query hands them out: each entity once, in first-seen order. */
export function distinctRows(rows: readonly StoredRow[]): StoredRow[] {
  return [...new Set(rows)];
}

function firstOfEachGroup(rows: readonly StoredRow[], fields: readonly string[], model: ModelDef): StoredRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = JSON.stringify(fields.map((field) => storedValue(row.values[field] ?? null, model.attributes.get(field)?.type ?? 'json')));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
