/**
 * Resource objects as NG 3.3.0 serializes them (read.md #1, #3, #70): keys `attributes`, `id`
 * (always a string), `relationships` (each with `data` only: `include_links=False`; an empty
 * `attributes` or `relationships` is left out) and `type` (the row's own collection name, so a manager listed at
 * /api/employee says "manager"). Foreign-key columns, the primary key and the polymorphic
 * discriminator are not attributes; column association proxies appear only when the model lists
 * them as additional attributes. Values: Numeric as a string with its scale, Float and Interval
 * as floats (`10.0`), Enum as the member name (as stored), and a non-null LargeBinary makes the
 * whole answer an HTML 500 (`bytes is not JSON serializable`).
 */
import type { WireValue } from '../../query/expression.js';
import type { PyValue } from '../../query/python-json.js';
import { PyFloat } from '../../query/python-json.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { StoredRow } from '../core/db.js';
import { proxyPath } from '../core/field-kind.js';
import type { ServedModel } from './api-registrations.js';
import type { JsonApiContext } from './context.js';
import { proxyOf, relatedOf } from './related-rows.js';
import { failWith } from './request-failure.js';
import { htmlPage } from './responses.js';

/** `fields[type]=a,b` per type: the names kept (unknown names are ignored by the server). */
export type SparseFields = ReadonlyMap<string, ReadonlySet<string>>;

/** `{"id": "1", "type": "person"}`. */
export function identifier(row: StoredRow): { id: string; type: string } {
  return { id: idString(row.values[row.model.pk] ?? null), type: row.model.collection };
}

export function idString(value: WireValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The resource object of `row`, keys sorted by the dumper. */
export function resourceObject(row: StoredRow, ctx: JsonApiContext, fields: SparseFields): { [key: string]: PyValue } {
  const model = row.model;
  const wanted = fields.get(model.collection);
  const keep = (name: string): boolean => wanted === undefined || wanted.has(name);
  const attributes: { [key: string]: PyValue } = {};
  for (const name of attributeNames(model, ctx)) {
    if (!keep(name)) continue;
    attributes[name] = attributeValue(row, name, ctx);
  }
  const relationships: { [key: string]: PyValue } = {};
  const path = `${ctx.api.prefix}/${model.collection}/${identifier(row).id}`;
  for (const relation of model.relations.values()) {
    if (!keep(relation.name) || !serialized(row, relation.name, relation.proxy, ctx) || (servedAs(model, ctx)?.exclude.has(relation.name) ?? false)) continue;
    const data = linkage(relatedOf(row, relation.name, ctx));
    relationships[relation.name] = ctx.includeLinks ? { data, links: { related: `${path}/${relation.name}`, self: `${path}/relationships/${relation.name}` } } : { data };
  }
  // `self` is a pseudo-field of sparse fieldsets (read.md #77, #78).
  // Empty members are left out (a model without relations, or fields that name none); keys in the
  // server's sorted order.
  const resource: { [key: string]: PyValue } = {};
  if (Object.keys(attributes).length > 0) resource['attributes'] = attributes;
  Object.assign(resource, identifier(row));
  if (ctx.includeLinks && (wanted === undefined || wanted.has('self'))) resource['links'] = { self: `${ctx.origin}${path}` };
  if (Object.keys(relationships).length > 0) resource['relationships'] = relationships;
  return resource;
}

/**
 * An association proxy onto a relationship is serialized when the emulator knows its path
 * (`relationProxies`); one it cannot compute is left out, as the classic emulator leaves it out.
 */
function serialized(row: StoredRow, relation: string, proxy: boolean, ctx: JsonApiContext): boolean {
  return !proxy || proxyOf(row, relation, ctx) !== undefined;
}

/** Resource linkage: an identifier, null, or a list of identifiers. */
export function linkage(related: StoredRow | null | StoredRow[]): PyValue {
  if (related === null) return null;
  return Array.isArray(related) ? related.map(identifier) : identifier(related);
}

/** The attributes NG serializes for `model`, in datamodel order. */
export function attributeNames(model: ModelDef, ctx: JsonApiContext): string[] {
  const foreignKeys = new Set<string>();
  for (const relation of model.relations.values()) if (relation.localColumn !== undefined) foreignKeys.add(relation.localColumn);
  const settings = servedAs(model, ctx);
  const additional = new Set(settings?.additionalAttributes ?? []);
  return [...model.attributes.values()]
    .filter((attribute) => !(settings?.exclude.has(attribute.name) ?? false))
    .filter((attribute) => attribute.name !== model.pk && attribute.name !== model.discriminator && !foreignKeys.has(attribute.name))
    .filter((attribute) => (proxyPath(model, attribute.name, ctx.datamodel, ctx.proxies) === undefined && !attribute.proxy) || additional.has(attribute.name))
    .map((attribute) => attribute.name);
}

function attributeValue(row: StoredRow, name: string, ctx: JsonApiContext): PyValue {
  const model = row.model;
  const type = model.attributes.get(name)?.type ?? 'json';
  const path = proxyPath(model, name, ctx.datamodel, ctx.proxies);
  if (path !== undefined) {
    const related = relatedOf(row, path.relation, ctx);
    if (Array.isArray(related)) return failWith(htmlPage(500));
    return related === null ? null : (related.values[path.column] ?? null);
  }
  const value = row.values[name] ?? null;
  if (value === null) return null;
  switch (type) {
    case 'float':
    case 'interval':
      return typeof value === 'number' ? new PyFloat(value) : value;
    case 'numeric':
      return numericText(value, ctx.schema.scale(model, name));
    case 'largebinary':
      return failWith(htmlPage(500));
    default:
      return value;
  }
}

/** The `create_api` settings `model` is served with in the request's API (a subclass falls back to its parents'). */
function servedAs(model: ModelDef, ctx: JsonApiContext): ServedModel | undefined {
  for (let current: ModelDef | undefined = model; current !== undefined; current = current.parent === undefined ? undefined : ctx.datamodel.models.get(current.parent)) {
    const served = ctx.api.byModel.get(current.name);
    if (served !== undefined) return served;
  }
  return undefined;
}

/** `str(Decimal)` of a Numeric column with its scale (`1234.5` -> `"1234.50"`). */
function numericText(value: WireValue, scale: number | undefined): PyValue {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (Number.isNaN(number)) return value;
  return scale === undefined ? String(value) : number.toFixed(scale);
}
