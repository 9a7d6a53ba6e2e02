/**
 * PUT and PATCH on an instance (Flask-Restless 0.17 `API.patch`; PUT is the same view, docs/protocol/classic/write.md
 * #55-#84): every key must be a field (else `400 {"message": "Model does not have field ..."}`,
 * checked before the row is looked up); a missing row is `404 null`; relations change first — a
 * list replaces, `{"add": [...], "remove": [...]}` edits (`"__delete__": true` in a removed item
 * deletes that row), anything else sets — then the other fields are set one by one (association
 * proxies and settable `@property`s included, #69-#73), and after the commit the row is read
 * again BY THE ID IN THE URL (so a primary key change is committed but answered 404, #79), as an
 * object of the class it was loaded as (a changed discriminator shows from the next request on).
 *
 * The server sets the non-relation fields in Python's set order, which follows string hashing;
 * the emulator runs settable properties first, then the rest in the body's order (the order the
 * reference server showed for `nickname` with `name`).
 */
import { isPyDict, pyIterate, pyTruthy } from './python-semantics.js';
import type { WireValue } from '../../query/expression.js';
import type { ModelDef, RelationDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { assignField, hasField } from './field-assignment.js';
import { filterByFirst } from './filter-by.js';
import { getOrCreate } from './nested-object.js';
import { appendTo, removeFrom, setRelation } from './relation-writes.js';
import { HtmlAbort, NotEmulated } from './rpc-abort.js';
import { serializeRow } from './serialize.js';
import { stringsToDates } from './strings-to-dates.js';
import { nonObjectAnswer, readWriteBody } from './write-body.js';
import { viewResponse } from './write-responses.js';
import { RowHandle } from '../core/write-session.js';
import type { ClassicSession } from './write-transaction.js';
import { inWriteTransaction } from './write-transaction.js';

export async function updateInstance(request: Request, model: ModelDef, id: string, ctx: EmulatorContext): Promise<Response> {
  const body = await readWriteBody(request);
  if (!body.ok) return body.response;
  const data = body.data;
  if (!isPyDict(data)) return nonObjectAnswer(request, data, model, 'PATCH', () => ctx.db.find(model, id) !== undefined);
  const unknown = Object.keys(data).find((field) => !hasField(model, field));
  if (unknown !== undefined) return viewResponse(request, 400, { message: `Model does not have field '${unknown}'` });
  const found = ctx.db.find(model, id);
  if (found === undefined) return viewResponse(request, 404, null, {}, 404);
  const updated = inWriteTransaction(request, ctx, (session) => {
    const owner = session.handleOf(found);
    for (const [field, value] of Object.entries(data)) {
      const relation = model.relations.get(field);
      if (relation !== undefined) changeRelation(session, owner, model, relation, value);
    }
    const fields = Object.fromEntries(Object.entries(data).filter(([field]) => !model.relations.has(field)));
    const converted = stringsToDates(model, fields, ctx);
    const rowModel = session.row(owner)?.model ?? model;
    const order = Object.keys(converted).sort((a, b) => Number(!model.properties.has(a)) - Number(!model.properties.has(b)));
    for (const field of order) assignField(session, owner, rowModel, field, converted[field]);
  });
  if (!updated.ok) return updated.response;
  const row = ctx.db.find(model, id);
  if (row === undefined) return viewResponse(request, 404, null, {}, 404);
  // The session's identity map still holds the object it loaded: a new discriminator shows from the next request on.
  return viewResponse(request, 200, serializeRow({ ...row, model: found.model }, model, ctx));
}

/** `_update_relations` for one relation named in the body. */
function changeRelation(session: ClassicSession, owner: RowHandle, model: ModelDef, relation: RelationDef, value: WireValue): void {
  if (relation.proxy) throw new NotEmulated(`writing the association proxy ${model.name}.${relation.name}`);
  const target = session.ctx.datamodel.models.get(relation.target);
  if (target === undefined) throw new NotEmulated(`the relation ${model.name}.${relation.name} to the unknown model ${relation.target}`);
  const where = `${model.name}.${relation.name}`;
  if (isPyDict(value) && (Object.hasOwn(value, 'add') || Object.hasOwn(value, 'remove'))) {
    for (const item of items(value['add'], true, where)) add(session, owner, relation, getOrCreate(session, target, item), where);
    for (const item of items(value['remove'], false, where)) remove(session, owner, relation, target, item, where);
    return;
  }
  const related = Array.isArray(value) ? value.map((item) => getOrCreate(session, target, item)) : getOrCreate(session, target, value);
  const valid = relation.many ? Array.isArray(related) && related.every((item) => item instanceof RowHandle) : related === null || related instanceof RowHandle;
  if (!valid) throw new HtmlAbort(500, `${where}: cannot set it to ${JSON.stringify(value)}`);
  setRelation(session, owner, relation, related as RowHandle | null | RowHandle[]);
}

/** `for d in (toadd or [])`; `add` (only) takes a single dict for a list of one. */
function items(value: WireValue | undefined, wrapDict: boolean, where: string): WireValue[] {
  if (value === undefined || !pyTruthy(value)) return [];
  if (wrapDict && isPyDict(value)) return [value];
  const list = pyIterate(value);
  if (list === undefined) throw new HtmlAbort(500, `${where}: TypeError: '${typeof value}' object is not iterable`);
  return list;
}

function add(session: ClassicSession, owner: RowHandle, relation: RelationDef, related: unknown, where: string): void {
  // On a to-one, Flask-Restless catches the AttributeError of `.append` and sets the relation.
  if (!relation.many && related === null) return setRelation(session, owner, relation, null);
  if (!(related instanceof RowHandle)) throw new HtmlAbort(500, `${where}: cannot add ${JSON.stringify(related)}`);
  appendTo(session, owner, relation, related);
}

/** One `remove` item: found by `id`, or by its other keys (`filter_by(...).first()`). */
function remove(session: ClassicSession, owner: RowHandle, relation: RelationDef, target: ModelDef, item: WireValue, where: string): void {
  if (!isPyDict(item)) throw new HtmlAbort(500, `${where}: AttributeError: '${typeof item}' object has no attribute 'pop'`);
  const { __delete__: deleteFlag, ...attrs } = item;
  const found = Object.hasOwn(attrs, 'id') ? session.ctx.db.find(target, attrs['id'] ?? null) : filterByFirst(target, attrs, session.ctx);
  const handle = found === undefined ? undefined : session.handleOf(found);
  removeFrom(session, owner, relation, handle);
  if (handle !== undefined && pyTruthy(deleteFlag)) session.delete(handle);
}
