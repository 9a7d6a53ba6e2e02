/**
 * What `getattr(instance, relation)` loads on the NG server, association proxies onto a
 * relationship included (`Article2.tags` through `articletags.tag`: the association objects'
 * targets, in their order).
 */
import type { RecordAccess, WireValue } from '../../query/expression.js';
import type { StoredRow } from '../core/db.js';
import { rowAccess } from '../core/row-access.js';
import type { JsonApiContext } from './context.js';

/** The related rows of `row`: a row or null for a to-one, a list for a to-many. */
export function relatedOf(row: StoredRow, relation: string, ctx: Pick<JsonApiContext, 'db' | 'relationProxies'>): StoredRow | null | StoredRow[] {
  const proxy = proxyOf(row, relation, ctx);
  if (proxy === undefined) return ctx.db.relatedRows(row, relation);
  const [through = '', target = ''] = proxy.split('.');
  const middle = ctx.db.relatedRows(row, through);
  const items = middle === null ? [] : Array.isArray(middle) ? middle : [middle];
  return items.flatMap((item) => {
    const found = ctx.db.relatedRows(item, target);
    return found === null ? [] : Array.isArray(found) ? found : [found];
  });
}

/** The `association.target` path of a relation proxy of `row`'s model (or its parents). */
export function proxyOf(row: StoredRow, relation: string, ctx: Pick<JsonApiContext, 'db' | 'relationProxies'>): string | undefined {
  return ctx.relationProxies[row.model.name]?.[relation] ?? (row.model.parent === undefined ? undefined : ctx.relationProxies[row.model.parent]?.[relation]);
}

/** The evaluator's view of stored rows, relation proxies included. */
export function jsonApiAccess(ctx: Pick<JsonApiContext, 'db' | 'datamodel' | 'proxies' | 'relationProxies'>): RecordAccess<StoredRow> {
  const base = rowAccess(ctx.db, ctx.datamodel, ctx.proxies);
  return {
    value: (row, field): WireValue | undefined => base.value(row, field),
    related: (row, relation) => relatedOf(row, relation, ctx),
  };
}
