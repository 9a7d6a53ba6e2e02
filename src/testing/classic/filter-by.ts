/**
 * `session.query(model).filter_by(**attrs).first()`, which a PATCH's `remove` uses for an item
 * without `id` (docs/protocol/classic/write.md #62): the first row in table order whose columns equal the given values
 * as SQLite compares them (None is IS NULL). A name that is not a column is SQLAlchemy's
 * InvalidRequestError, an HTML 500; a string for a date column is refused by its bind processor.
 */
import { classifyField } from '../core/field-kind.js';
import type { WireValue } from '../../query/expression.js';
import { affinityOf, boundValue, storedValue } from '../../query/normalize.js';
import { compareOperands } from '../../query/sqlite.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { DatabaseError } from '../core/database-error.js';
import type { StoredRow } from '../core/db.js';
import { HtmlAbort, NotEmulated } from './rpc-abort.js';

/** The first row of `model` matching every `column: value` of `attrs`. */
export function filterByFirst(model: ModelDef, attrs: Readonly<Record<string, WireValue>>, ctx: EmulatorContext): StoredRow | undefined {
  const tests = Object.entries(attrs).map(([field, value]) => {
    const kind = classifyField(model, field, ctx.datamodel, ctx.proxies);
    if (kind.kind === 'unknown' || kind.kind === 'python-attribute') throw new HtmlAbort(500, `InvalidRequestError: Entity namespace for "${model.name}" has no property "${field}"`);
    if (kind.kind !== 'column') throw new NotEmulated(`filter_by on ${model.name}.${field} (a relation or an association proxy) in a remove`);
    const type = kind.attribute.type;
    if (value !== null && (type === 'date' || type === 'datetime' || type === 'time')) throw new HtmlAbort(500, `StatementError: SQLite ${type} type only accepts Python ${type} objects as input.`);
    const bound = boundValue(value, type, false);
    if (bound === undefined) throw new DatabaseError('ProgrammingError', `${model.name}.${field}: Error binding parameter - probably unsupported type`);
    return (row: StoredRow): boolean => {
      const stored = storedValue(row.values[field] ?? null, type);
      return bound === null ? stored === null : compareOperands({ value: stored, affinity: affinityOf(type) }, { value: bound, affinity: 'none' }) === 0;
    };
  });
  return ctx.db.scan(model).find((row) => tests.every((test) => test(row)));
}
