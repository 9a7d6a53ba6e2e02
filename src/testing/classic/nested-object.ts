/**
 * Flask-Restless 0.17's `get_or_create`, which turns every related object of a write into a row:
 * anything but a dict is handed back as it is (the caller then fails on it, as Python does); a
 * dict's own relations are resolved first (alphabetically, as `dir()` lists them); then, if the
 * dict names the primary key and that row exists, the dict's OTHER keys are ASSIGNED to that
 * existing row (docs/protocol/classic/write.md #5: `{"owner": {"id": 3, "name": "X"}}` renames Person 3), and otherwise
 * a new row is made from the dict, with the given primary key if there is one (docs/protocol/classic/write.md #44:
 * a missing Person 77 is created). Keys the class does not have are the constructor's TypeError.
 */
import { isPyDict } from './python-semantics.js';
import type { WireValue } from '../../query/expression.js';
import type { ModelDef } from '../../schema/datamodel.js';
import { columnValue } from './column-value.js';
import { DatabaseError } from '../core/database-error.js';
import { assignField } from './field-assignment.js';
import { NotEmulated } from './rpc-abort.js';
import { Converted, stringsToDates } from './strings-to-dates.js';
import type { RowHandle } from '../core/write-session.js';
import type { ClassicSession } from './write-transaction.js';

/** `get_or_create(session, model, value)`: a row for a dict, `value` itself for anything else. */
export function getOrCreate(session: ClassicSession, model: ModelDef, value: unknown): unknown {
  if (!isPyDict(value as WireValue)) return value;
  const attrs: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const relation of [...model.relations.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!Object.hasOwn(attrs, relation.name)) continue;
    if (relation.proxy) throw new NotEmulated(`writing the association proxy ${model.name}.${relation.name}`);
    const target = session.ctx.datamodel.models.get(relation.target);
    if (target === undefined) throw new NotEmulated(`the relation ${model.name}.${relation.name} to the unknown model ${relation.target}`);
    const given = attrs[relation.name];
    attrs[relation.name] = Array.isArray(given) ? given.map((item) => getOrCreate(session, target, item)) : getOrCreate(session, target, given);
  }
  const converted = stringsToDates(model, attrs, session.ctx);
  const pkGiven = Object.hasOwn(converted, model.pk);
  const existing = pkGiven ? lookUp(session, model, converted[model.pk]) : undefined;
  const handle = existing ?? session.create(model, pkGiven ? pkValue(session, model, converted[model.pk]) : null);
  // assign_attributes on the row found checks the row's own class; a new row is of `model`.
  const rowModel = session.row(handle)?.model ?? model;
  for (const [field, fieldValue] of Object.entries(converted)) assignField(session, handle, existing === undefined ? model : rowModel, field, fieldValue);
  return handle;
}

/** `session.query(model).filter_by(pk=value).first()`. */
function lookUp(session: ClassicSession, model: ModelDef, given: unknown): RowHandle | undefined {
  const value = given instanceof Converted ? given.stored : given;
  if (value === null) return undefined;
  if (typeof value === 'object') throw new DatabaseError('ProgrammingError', `${model.name}.${model.pk}: Error binding parameter - probably unsupported type`);
  return session.find(model, value as WireValue);
}

function pkValue(session: ClassicSession, model: ModelDef, value: unknown): WireValue {
  const attribute = model.attributes.get(model.pk);
  return attribute === undefined ? (value as WireValue) : columnValue(value, attribute, model, session.ctx);
}
