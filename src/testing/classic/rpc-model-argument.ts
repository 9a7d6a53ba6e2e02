/**
 * How the server reads a model instance sent as an RPC argument (`["Computer", {...}]`): the
 * `load_model` hook flask-restless-datamodel registers with cereal-lazer. A truthy primary key
 * loads the row (`filter_by(pk=...).one_or_none()`: every other key is ignored, a missing row is
 * None); otherwise Flask-Restless's deserializer builds a new, unsaved object from the columns
 * given, and a field the model lacks fails outside the view's `try` (HTML 500, docs/protocol/classic/rpc.md #16).
 */
import { proxyPath } from '../core/field-kind.js';
import type { WireValue } from '../../query/expression.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { HtmlAbort, NotEmulated } from './rpc-abort.js';
import { storable } from './rpc-row.js';
import { canonicalColumn } from '../core/row-values.js';

/** The primary key to load the row by, or undefined when the dict describes a new object. */
export function keyToLoad(model: ModelDef, dict: Readonly<Record<string, unknown>>): WireValue | undefined {
  const pk = dict[model.pk];
  if (!pyTruthy(pk)) return undefined;
  if (typeof pk !== 'number' && typeof pk !== 'string' && typeof pk !== 'boolean') throw new HtmlAbort(500, `${model.name} argument: cannot look up the primary key ${String(pk)}`);
  return pk;
}

/** The columns of the new object the deserializer makes from `dict` (all others None). */
export function newObjectValues(model: ModelDef, dict: Readonly<Record<string, unknown>>, ctx: EmulatorContext): Record<string, WireValue> {
  const values: Record<string, WireValue> = {};
  const isProxy = (field: string) => proxyPath(model, field, ctx.datamodel, ctx.proxies) !== undefined;
  for (const attribute of model.attributes.values()) if (!isProxy(attribute.name)) values[attribute.name] = null;
  for (const [field, value] of Object.entries(dict)) {
    const attribute = model.attributes.get(field);
    if (model.relations.has(field) || (attribute !== undefined && isProxy(field))) {
      throw new NotEmulated(`a ${model.name} argument without a primary key that sets the relation or proxy "${field}"`);
    }
    if (attribute === undefined) throw new HtmlAbort(500, `flask_restless.views.ValidationError: Model does not have field '${field}'`);
    try {
      values[field] = canonicalColumn(storable(value), attribute.type, { model: model.name, field });
    } catch (error) {
      throw new HtmlAbort(500, `${model.name}.${field}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // SQLAlchemy sets a polymorphic class's identity when the object is made.
  if (model.discriminator !== undefined && model.identity !== undefined && values[model.discriminator] === null) values[model.discriminator] = model.identity;
  return values;
}

/** Python's truthiness of a decoded value (None, False, 0, "", and empty containers are false). */
function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '' || value === 0n) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Set || value instanceof Map) return value.size > 0;
  if (value instanceof Uint8Array) return value.length > 0;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length > 0;
  return true;
}
