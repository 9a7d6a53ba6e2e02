/**
 * POST on a collection (Flask-Restless 0.17 `API.post` and its `_dict_to_inst`, docs/protocol/classic/write.md #1-#54):
 * every key must be a field (else `400 {"validation_errors": ...}`); date strings are parsed; the
 * row is made from the COLUMNS only (association proxies and `@property`s are silently skipped,
 * #11, #12, #46); each relation is then filled from nested objects through `get_or_create` (a list
 * appends, anything else sets); the commit checks the constraints. The answer is `201` with a
 * `Location` and the row as the created Python object serializes: with the columns of the
 * endpoint's class, whatever its discriminator says (#97), and an HTML 500 after the commit when
 * that class cannot load the row (#101).
 */
import { proxyPath } from '../core/field-kind.js';
import { isPyDict } from './python-semantics.js';
import type { WireValue } from '../../query/expression.js';
import { PyFloat, pyFloatRepr, type PyValue } from '../../query/python-json.js';
import type { ModelDef, RelationDef } from '../../schema/datamodel.js';
import { columnValue } from './column-value.js';
import type { EmulatorContext } from './context.js';
import { assignField, hasField } from './field-assignment.js';
import { getOrCreate } from './nested-object.js';
import { appendTo, setRelation } from './relation-writes.js';
import { htmlErrorResponse } from './responses.js';
import { HtmlAbort, NotEmulated } from './rpc-abort.js';
import { isA } from '../core/row-keys.js';
import { serializeRow } from './serialize.js';
import { stringsToDates } from './strings-to-dates.js';
import { nonObjectAnswer, readWriteBody } from './write-body.js';
import { viewResponse } from './write-responses.js';
import { RowHandle } from '../core/write-session.js';
import type { ClassicSession } from './write-transaction.js';
import { inWriteTransaction } from './write-transaction.js';

export async function postCollection(request: Request, model: ModelDef, ctx: EmulatorContext): Promise<Response> {
  const body = await readWriteBody(request);
  if (!body.ok) return body.response;
  const data = body.data;
  if (!isPyDict(data)) return nonObjectAnswer(request, data, model, 'POST', () => false);
  if (Object.keys(data).some((field) => !hasField(model, field))) {
    return viewResponse(request, 400, { validation_errors: 'Could not determine specific validation errors' });
  }
  const created = inWriteTransaction(request, ctx, (session) => create(session, model, data));
  if (!created.ok) return created.response;
  const handle = created.value;
  // The object is re-read after the commit: its class must be able to load the row.
  const row = ctx.db.rowAt(handle.root, handle.key);
  if (row === undefined || !isA(row.model, model, ctx.datamodel)) return htmlErrorResponse(500);
  const result = serializeRow({ ...row, model }, model, ctx);
  const url = new URL(request.url);
  return viewResponse(request, 201, result, { Location: `${url.origin}${url.pathname}/${pyStr(result[model.pk] ?? null)}` });
}

/** `_dict_to_inst`: the row from the columns, then its relations. */
function create(session: ClassicSession, model: ModelDef, data: Readonly<Record<string, WireValue>>): RowHandle {
  const converted = stringsToDates(model, data, session.ctx);
  const pk = model.attributes.get(model.pk);
  const handle = session.create(model, pk !== undefined && Object.hasOwn(converted, model.pk) ? columnValue(converted[model.pk], pk, model, session.ctx) : null);
  const columns = Object.keys(converted).filter((field) => model.attributes.has(field) && proxyPath(model, field, session.ctx.datamodel, session.ctx.proxies) === undefined);
  for (const field of columns) assignField(session, handle, model, field, converted[field]);
  for (const [field, value] of Object.entries(converted)) {
    const relation = model.relations.get(field);
    if (relation !== undefined) fillRelation(session, handle, model, relation, value);
  }
  return handle;
}

/** One relation of the new row: a list appends each item, anything else is set. */
function fillRelation(session: ClassicSession, handle: RowHandle, model: ModelDef, relation: RelationDef, value: unknown): void {
  if (relation.proxy) throw new NotEmulated(`writing the association proxy ${model.name}.${relation.name}`);
  const target = session.ctx.datamodel.models.get(relation.target);
  if (target === undefined) throw new NotEmulated(`the relation ${model.name}.${relation.name} to the unknown model ${relation.target}`);
  const where = `${model.name}.${relation.name}`;
  if (!Array.isArray(value)) {
    const related = getOrCreate(session, target, value);
    if (relation.many || !(related === null || related instanceof RowHandle)) throw new HtmlAbort(500, `${where}: cannot set it to ${JSON.stringify(value)}`);
    setRelation(session, handle, relation, related);
    return;
  }
  for (const item of value) {
    const related = getOrCreate(session, target, item);
    // `getattr(instance, col).append(subinst)`: None has no append; a non-row cannot be appended.
    if (!relation.many || !(related instanceof RowHandle)) throw new HtmlAbort(500, `${where}: cannot append ${JSON.stringify(item)}`);
    appendTo(session, handle, relation, related);
  }
}

/** Python's `str()` of a primary key, as the Location header carries it. */
function pyStr(value: PyValue): string {
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
