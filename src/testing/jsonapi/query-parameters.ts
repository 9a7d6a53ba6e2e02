/**
 * The read parameters besides filters and pages: `sort` (read.md #46 to #52, errors.md #12),
 * `include` (read.md #53 to #57, errors.md #13) and `fields[type]` (read.md #58 to #61).
 */
import type { OrderBy } from '../../query/expression.js';
import { sortRecords, sortRecordsJoined } from '../../query/sort.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { StoredRow } from '../core/db.js';
import type { JsonApiContext } from './context.js';
import { failWith } from './request-failure.js';
import { errorResponse, htmlPage } from './responses.js';
import type { SparseFields } from './serialize.js';

/**
 * Rows in the order `sort` asks: by primary key without it (table order), no ordering at all for
 * `sort=0`, and an inner join for a dotted path (rows without a related row drop out, a to-many
 * path repeats rows) — the server's `meta.total` counts those joined rows too.
 */
export function sortedRows(rows: readonly StoredRow[], url: URL, model: ModelDef, ctx: JsonApiContext): StoredRow[] {
  const parameter = url.searchParams.get('sort');
  if (parameter === null || parameter === '' || parameter === '0') return [...rows];
  const orderBy: OrderBy[] = parameter.split(',').map((item) => {
    const descending = item.startsWith('-');
    const field = descending ? item.slice(1) : item;
    if (!knownPath(field, model)) failWith(errorResponse(400, { detail: `Invalid sorting: No such field ${field}` }));
    return { field, direction: descending ? 'desc' : 'asc' };
  });
  const joined = orderBy.some((key) => key.field.includes('.'));
  return joined ? sortRecordsJoined(rows, orderBy, model, ctx.datamodel, ctx.access) : sortRecords(rows, orderBy, model, ctx.datamodel, ctx.access);
}

function knownPath(field: string, model: ModelDef): boolean {
  const [head = '', column, ...rest] = field.split('.');
  if (column === undefined) return model.attributes.has(head);
  const relation = model.relations.get(head);
  return rest.length === 0 && relation !== undefined && relation.targetModel.attributes.has(column);
}

/** `fields[type]=a,b` for every type named. */
export function sparseFields(url: URL): SparseFields {
  const fields = new Map<string, ReadonlySet<string>>();
  for (const [key, value] of url.searchParams) {
    const match = /^fields\[(.*)\]$/.exec(key);
    if (match !== null) fields.set(match[1] ?? '', new Set(value === '' ? [] : value.split(',')));
  }
  return fields;
}

/** The `include` paths (`owner.computers` -> ['owner', 'computers']). */
export function includePaths(url: URL): string[][] {
  const parameter = url.searchParams.get('include');
  if (parameter === null || parameter === '') return [];
  return parameter.split(',').map((path) => path.split('.'));
}

/**
 * The rows `include` adds, each once and never a primary one, in the order they are reached (the
 * server's order comes from a Python set: not reproducible, and not stable there either); an unknown relation name is
 * the server's unhandled AttributeError (HTML 500). `related` reads one relation of a row.
 */
export function includedRows(primary: readonly StoredRow[], paths: readonly string[][], related: (row: StoredRow, relation: string) => StoredRow | null | StoredRow[]): StoredRow[] {
  const found = new Map<string, StoredRow>();
  const primaryKeys = new Set(primary.map((row) => `${row.model.root}\u0000${row.key}`));
  for (const path of paths) {
    let level: StoredRow[] = [...primary];
    for (const name of path) {
      const next: StoredRow[] = [];
      for (const row of level) {
        if (!row.model.relations.has(name)) failWith(htmlPage(500));
        const target = related(row, name);
        for (const item of target === null ? [] : Array.isArray(target) ? target : [target]) {
          next.push(item);
          const key = `${item.model.root}\u0000${item.key}`;
          // A primary resource is never repeated in `included` (read.md #56).
          if (!primaryKeys.has(key)) found.set(key, item);
        }
      }
      level = next;
    }
  }
  return [...found.values()];
}
