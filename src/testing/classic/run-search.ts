/**
 * Runs a decoded search on the emulated database the way SQLite runs the server's query:
 * WHERE (the shared evaluator), GROUP BY (first row of each group in table order), ORDER BY
 * (primary key when none is given; an inner join for a related column, which drops rows without
 * a related row and repeats rows per related row of a to-many path). LIMIT/OFFSET and the page
 * slice are the caller's, since the server applies them in two different ways.
 */
import type { DecodedClassicQuery } from './decode-query.js';
import { evaluate } from '../../query/evaluate.js';
import { storedValue } from '../../query/normalize.js';
import { sortRecords, sortRecordsJoined } from '../../query/sort.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import type { StoredRow } from '../core/db.js';

/** The ordered rows of a search before LIMIT/OFFSET; a row can repeat (a to-many `order_by`). */
export function searchRows(model: ModelDef, query: DecodedClassicQuery, ctx: EmulatorContext): StoredRow[] {
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
