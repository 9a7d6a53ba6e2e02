/**
 * Rows as the classic server serializes them (Flask-Restless 0.17 `to_dict`): the row's columns
 * (hybrid properties included, association proxies onto a column left out), then each relation of
 * the requested model: a to-one as its related row's columns or null, a to-many as the list of its
 * related rows' columns. Related rows are one level deep, columns only.
 *
 * Proxies onto a relationship (`is_proxy: true`, like `Computer.peers`) are left out: the emulator
 * cannot compute what Python would, and the reference server even fails on them (HTML 500) as soon
 * as an owner has two computers. Values the server cannot serialize (an Interval, a LargeBinary)
 * make the whole response fail, as they do there.
 */
import { proxyPath } from '../core/field-kind.js';
import type { PyValue } from '../../query/python-json.js';
import { PyFloat } from '../../query/python-json.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import type { StoredRow } from '../core/db.js';

/** A row the server could not serialize; the response becomes Flask's HTML 500. */
export class SerializationFailure {
  readonly detail: string;
  constructor(detail: string) {
    this.detail = detail;
  }
}

/** `to_dict(row, deep)` where deep holds every relation of `model` (the model that was asked for). */
export function serializeRow(row: StoredRow, model: ModelDef, ctx: EmulatorContext): Record<string, PyValue> {
  const out = columnsOf(row, ctx);
  for (const relation of model.relations.values()) {
    if (relation.proxy) continue;
    const related = ctx.db.relatedRows(row, relation.name);
    out[relation.name] = related === null ? null : Array.isArray(related) ? related.map((item) => columnsOf(item, ctx)) : columnsOf(related, ctx);
  }
  return out;
}

/**
 * Why SQLAlchemy cannot load this row, if it cannot: an Enum column holding a value outside the
 * enum (stored by a write, docs/protocol/classic/write.md #36) fails every read of the row, even a DELETE's (#37, #38).
 */
export function loadFailure(row: StoredRow, ctx: EmulatorContext): string | undefined {
  for (const attribute of row.model.attributes.values()) {
    const value = row.values[attribute.name] ?? null;
    const allowed = attribute.type === 'enum' && value !== null ? ctx.schema.enumValues(row.model, attribute.name) : undefined;
    if (allowed !== undefined && !allowed.includes(String(value))) return `LookupError: ${JSON.stringify(value)} is not among the defined enum values of ${row.model.name}.${attribute.name}`;
  }
  return undefined;
}

/** The columns of a row, as its own class has them. */
export function columnsOf(row: StoredRow, ctx: EmulatorContext): Record<string, PyValue> {
  const unloadable = loadFailure(row, ctx);
  if (unloadable !== undefined) throw new SerializationFailure(unloadable);
  const out: Record<string, PyValue> = {};
  for (const attribute of row.model.attributes.values()) {
    if (proxyPath(row.model, attribute.name, ctx.datamodel, ctx.proxies) !== undefined) continue;
    const value = row.values[attribute.name] ?? null;
    if (value !== null && (attribute.type === 'interval' || attribute.type === 'largebinary')) {
      throw new SerializationFailure(`TypeError: Object of type ${attribute.type === 'interval' ? 'timedelta' : 'bytes'} is not JSON serializable (${row.model.name}.${attribute.name})`);
    }
    out[attribute.name] = attribute.type === 'float' && typeof value === 'number' ? new PyFloat(value) : value;
  }
  return out;
}
