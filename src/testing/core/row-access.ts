/**
 * How the evaluator and the sorter read the emulator's rows. A column association proxy is
 * computed from the related rows and handed over as a list (`[]` when there is no related row),
 * which the evaluator matches with SQLAlchemy's proxy semantics ("some related row satisfies it").
 */
import type { ColumnProxies } from './field-kind.js';
import { proxyPath } from './field-kind.js';
import type { RecordAccess, WireValue } from '../../query/expression.js';
import type { Datamodel } from '../../schema/datamodel.js';
import type { EmulatorDatabase, StoredRow } from './db.js';

export function rowAccess(db: EmulatorDatabase, datamodel: Datamodel, proxies: ColumnProxies): RecordAccess<StoredRow> {
  return {
    value(row, field): WireValue {
      const path = proxyPath(row.model, field, datamodel, proxies);
      if (path === undefined) return row.values[field] ?? null;
      const related = db.relatedRows(row, path.relation);
      const rows = related === null ? [] : Array.isArray(related) ? related : [related];
      return rows.map((item) => item.values[path.column] ?? null);
    },
    related(row, relation) {
      return db.relatedRows(row, relation);
    },
  };
}
