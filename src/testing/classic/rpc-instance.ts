/**
 * A model instance as flask-restless-datamodel sends it in an RPC payload: tagged with its concrete
 * class and carrying the view's serializer output, i.e. exactly the dict a GET returns (reusing the
 * emulator's serializer), keys in column order (docs/protocol/classic/rpc.md #18, #44, #49). What msgpack cannot pack in
 * that dict fails as on the server: a Numeric column's Decimal or an Interval's timedelta is
 * `ValueError: recursion limit exceeded.` (docs/protocol/classic/rpc.md #51). A LargeBinary value would pack as bytes,
 * but the emulator stores no bytes, so it answers 501.
 */
import { proxyPath } from '../core/field-kind.js';
import type { WireValue } from '../../query/expression.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import type { StoredRow } from '../core/db.js';
import { PythonError } from './python-error.js';
import { NotEmulated } from './rpc-abort.js';
import type { RpcRow } from './rpc-implementations.js';
import { storedForm } from './rpc-row.js';
import { columnsOf, serializeRow } from './serialize.js';

/** The payload of a stored row's instance tag, as codec values. */
export function instanceDict(row: StoredRow, ctx: EmulatorContext): Record<string, unknown> {
  const serialized = [row];
  for (const relation of row.model.relations.values()) {
    if (relation.proxy) continue;
    const related = ctx.db.relatedRows(row, relation.name);
    if (related !== null) serialized.push(...(Array.isArray(related) ? related : [related]));
  }
  for (const each of serialized) checkPackable(each, ctx);
  // The serializer marks floats with the codec's own PyFloat, so its output is already codec values.
  return serializeRow(row, row.model, ctx);
}

/** The payload of a transient instance (a model argument without a primary key): no related rows yet. */
export function transientDict(model: ModelDef, values: RpcRow, ctx: EmulatorContext): Record<string, unknown> {
  const row: StoredRow = { model, key: '', values: storedForm(values, model.attributes.keys()) as Record<string, WireValue> };
  checkPackable(row, ctx);
  const out: Record<string, unknown> = columnsOf(row, ctx);
  for (const relation of model.relations.values()) if (!relation.proxy) out[relation.name] = relation.many ? [] : null;
  return out;
}

function checkPackable(row: StoredRow, ctx: EmulatorContext): void {
  let binary: string | undefined;
  for (const attribute of row.model.attributes.values()) {
    const value = row.values[attribute.name] ?? null;
    if (value === null || proxyPath(row.model, attribute.name, ctx.datamodel, ctx.proxies) !== undefined) continue;
    if (attribute.type === 'numeric' || attribute.type === 'interval') throw new PythonError('ValueError', 'recursion limit exceeded.');
    if (attribute.type === 'largebinary') binary ??= `${row.model.name}.${attribute.name}`;
  }
  if (binary !== undefined) throw new NotEmulated(`a model instance with a LargeBinary value (${binary}) in an RPC payload`);
}

