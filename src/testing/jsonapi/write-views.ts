/**
 * POST, PATCH and DELETE of resources, as NG 3.3.0 answers them (write.md, errors.md #45 to #63,
 * polymorphism.md #10 to #25): POST is 201 with an absolute `Location` and the full resource
 * (`include` and `fields` apply); client ids are a 403 while an `id` inside `attributes` is
 * stored; a to-one linkage to a missing row is silently null. PATCH is 204, or 200 with `{data}`
 * (no `jsonapi`) when the model has an `onupdate` column; its body id must be the URL id as a
 * string (`"id": 1` is 409 "ID must be 1, not 1"); a missing to-one target is a 404, missing
 * to-many targets one 404 error each with a null `status`. DELETE is 204 or 404. A UNIQUE
 * violation is the 409 "Integrity Error" with the SQL statement in `detail`.
 */
import type { WireValue } from '../../query/expression.js';
import type { ModelDef, RelationDef } from '../../schema/datamodel.js';
import { DatabaseError } from '../core/database-error.js';
import type { StoredRow } from '../core/db.js';
import { WriteSession, type RowHandle } from '../core/write-session.js';
import { columnInput, pythonRepr } from './column-input.js';
import type { JsonApiContext } from './context.js';
import { origin } from './paging.js';
import { withIncluded } from './read-views.js';
import { isObject, linkageId, linkedRow, readBody, type JsonObject } from './read-document.js';
import { setRelation, type JsonApiSession } from './relation-ops.js';
import { relatedOf } from './related-rows.js';
import { failWith } from './request-failure.js';
import { JSONAPI_VERSION, documentResponse, errorResponse, htmlPage } from './responses.js';
import { proxyPath } from '../core/field-kind.js';
import { idString, resourceObject } from './serialize.js';
import { sparseFields } from './query-parameters.js';

const DESERIALIZE = 'Failed to deserialize object: ';

/** POST /api/<collection>. */
export async function postResource(request: Request, model: ModelDef, ctx: JsonApiContext): Promise<Response> {
  const document = await readBody(request);
  const data = isObject(document) ? document['data'] : undefined;
  if (!isObject(data)) return failWith(errorResponse(400, { detail: `${DESERIALIZE}missing "data" element` }));
  const type = data['type'];
  if (type === undefined) return failWith(errorResponse(400, { detail: `${DESERIALIZE}missing "type" element` }));
  if (type !== model.collection) return failWith(errorResponse(409, { detail: `${DESERIALIZE}expected type "${model.collection}" but got type "${String(type)}"` }));
  const clientId = data['id'];
  if (clientId !== undefined && ctx.served?.allowClientGeneratedIds !== true) return failWith(errorResponse(403, { detail: `${DESERIALIZE}Server does not allow client-generated IDS` }));
  const attributes = isObject(data['attributes']) ? data['attributes'] : {};
  for (const name of Object.keys(attributes)) if (!model.attributes.has(name)) failWith(errorResponse(400, { detail: `${DESERIALIZE}model has no attribute "${name}"` }));
  // A column proxy without a creator fails to build its targets: an unhandled TypeError (relationships.md #21).
  for (const name of Object.keys(attributes)) if (isProxy(model, name, ctx)) failWith(htmlPage(500));
  const links = postLinks(isObject(data['relationships']) ? data['relationships'] : {}, model, ctx);

  const session = new WriteSession(ctx);
  try {
    // A client id (where allowed) is the primary key as given; an `id` inside `attributes` is too (write.md #15).
    const given = clientId ?? attributes[model.pk];
    return postInSession(request, session, model, given, attributes, links, ctx);
  } finally {
    session.rollback();
  }
}

function postInSession(request: Request, session: JsonApiSession, model: ModelDef, pk: WireValue | undefined, attributes: JsonObject, links: Array<[RelationDef, StoredRow[]]>, ctx: JsonApiContext): Response {
  const handle = session.create(model, pk === undefined ? null : columnInput(pk, model.attributes.get(model.pk)?.type ?? 'integer', model, model.pk, ctx));
  // The INSERT names the primary key only when the request gave one, with the value as given.
  const columns: string[] = pk === undefined ? [] : [model.pk];
  for (const [name, value] of Object.entries(attributes)) {
    if (name === model.pk) continue;
    session.setColumn(handle, name, columnInput(value, model.attributes.get(name)?.type ?? 'json', model, name, ctx));
  }
  for (const attribute of model.attributes.values()) if (attribute.name !== model.pk && !isProxy(model, attribute.name, ctx)) columns.push(attribute.name);
  for (const [relation, targets] of links) setRelation(session, handle, relation, targets);
  const row = commit(session, handle, model, { kind: 'insert', columns, given: pk === undefined ? {} : { [model.pk]: pk } });
  const url = new URL(request.url);
  // The answer serializes the object the view made: a discriminator set through `attributes` changes
  // the stored row's class, not the class of that object (polymorphism.md #15).
  const shown = row.model === model ? row : { ...row, model };
  const location = `${origin(request)}${ctx.api.prefix}/${model.collection}/${idString(row.values[model.pk] ?? null)}`;
  const body = withIncluded({ data: resourceObject(shown, ctx, sparseFields(url)), jsonapi: JSONAPI_VERSION }, [shown], url, ctx);
  return documentResponse(201, body, { Location: location });
}

/** The relationships of a POST body: checked, looked up (a missing to-one target is null). */
function postLinks(relationships: JsonObject, model: ModelDef, ctx: JsonApiContext): Array<[RelationDef, StoredRow[]]> {
  return Object.entries(relationships).map(([name, value]) => {
    const relation = model.relations.get(name);
    if (relation === undefined) return failWith(errorResponse(400, { detail: `${DESERIALIZE}model has no relationship "${name}"` }));
    if (!isObject(value) || !Object.hasOwn(value, 'data')) return failWith(errorResponse(400, { detail: `${DESERIALIZE}missing "data" element in linkage object for relationship "${name}"` }));
    const data = value['data'] ?? null;
    const items = data === null ? [] : Array.isArray(data) ? data : [data];
    const rows = items.flatMap((item) => {
      if (!isObject(item) || !Object.hasOwn(item, 'id')) return failWith(errorResponse(400, { detail: `${DESERIALIZE}missing "id" element in linkage object for relationship "${name}"` }));
      // The server's message has its arguments swapped (errors.md #53).
      if (item['type'] !== relation.targetModel.collection) return failWith(errorResponse(409, { detail: `${DESERIALIZE}expected type "${name}" but got type "${relation.targetModel.collection}" in linkage object for relationship "${String(item['type'])}"` }));
      const found = linkedRow(relation, item['id'], ctx);
      return found === undefined ? [] : [found];
    });
    if (relation.many && !Array.isArray(data) && data !== null) return failWith(errorResponse(400, { detail: `${DESERIALIZE}'${name}' '${relation.targetModel.name}' object is not iterable` }));
    return [relation, rows];
  });
}

/** PATCH /api/<collection>/<id>. */
export async function patchResource(request: Request, model: ModelDef, id: string, ctx: JsonApiContext): Promise<Response> {
  const document = await readBody(request);
  const data = isObject(document) ? document['data'] : undefined;
  if (!isObject(data)) return failWith(errorResponse(400, { detail: `${DESERIALIZE}missing "data" element` }));
  const type = data['type'];
  if (type === undefined || type === null) return failWith(errorResponse(400, { detail: 'Must specify correct data type' }));
  if (type !== model.collection) return failWith(errorResponse(409, { detail: `Type must be ${model.collection}, not ${String(type)}` }));
  const bodyId = data['id'];
  if (bodyId === undefined || bodyId === null) return failWith(errorResponse(400, { detail: 'Must specify resource ID' }));
  if (bodyId !== id) return failWith(errorResponse(409, { detail: `ID must be ${id}, not ${linkageId(bodyId)}` }));
  const row = ctx.db.find(model, id) ?? failWith(errorResponse(404, { detail: noInstance(model, id, ctx) }));
  const attributes = isObject(data['attributes']) ? data['attributes'] : {};
  for (const name of Object.keys(attributes)) if (!model.attributes.has(name)) failWith(errorResponse(400, { detail: `Model does not have field '${name}'` }));
  const links = patchLinks(isObject(data['relationships']) ? data['relationships'] : {}, row, ctx);

  const session = new WriteSession(ctx);
  try {
    return patchInSession(request, session, row, attributes, links, ctx);
  } finally {
    session.rollback();
  }
}

function patchInSession(request: Request, session: JsonApiSession, row: StoredRow, attributes: JsonObject, links: Array<[RelationDef, StoredRow[]]>, ctx: JsonApiContext): Response {
  const model = row.model;
  const handle = session.handleOf(row);
  const changed: Array<[string, WireValue]> = [];
  for (const [name, value] of Object.entries(attributes)) {
    const stored = columnInput(value, model.attributes.get(name)?.type ?? 'json', model, name, ctx);
    if (isProxy(model, name, ctx)) {
      setThroughProxy(session, row, name, stored, ctx);
      continue;
    }
    session.setColumn(handle, name, stored);
    changed.push([name, stored]);
  }
  for (const [relation, targets] of links) setRelation(session, handle, relation, targets);
  const onUpdate = Object.entries(ctx.onUpdate[model.name] ?? {});
  if (changed.length > 0) for (const [column, compute] of onUpdate) session.setColumn(handle, column, compute());
  const updated = commit(session, handle, model, { kind: 'update', changed, id: row.values[model.pk] ?? null });
  if (onUpdate.length === 0) return documentResponse(204, undefined);
  return documentResponse(200, { data: resourceObject(updated, ctx, sparseFields(new URL(request.url))) });
}

/** The relationships of a PATCH body: checked and looked up (missing targets are 404s). */
function patchLinks(relationships: JsonObject, row: StoredRow, ctx: JsonApiContext): Array<[RelationDef, StoredRow[]]> {
  const model = row.model;
  const id = idString(row.values[model.pk] ?? null);
  return Object.entries(relationships).map(([name, value]) => {
    const relation = model.relations.get(name);
    if (relation === undefined) return failWith(errorResponse(400, { detail: `Model does not have field '${name}'` }));
    if (relation.many && ctx.served?.allowToManyReplacement === false) return failWith(errorResponse(403, { detail: 'Not allowed to replace a to-many relationship' }));
    if (!isObject(value)) return failWith(errorResponse(400, { detail: `missing relationship object for "${name}" in resource of type "${model.collection}" with ID "${id}"` }));
    if (!Object.hasOwn(value, 'data')) return failWith(errorResponse(400, { detail: `relationship "${name}" is missing resource linkage` }));
    return [relation, linkageTargets(relation, value['data'] ?? null, ctx, { owner: row, replacing: true })];
  });
}

/**
 * The rows a linkage names, as the PATCH of a resource or of a relationship reads it: a to-one
 * takes null or one object (type checked, a missing id a 404), a to-many a list (a missing id is
 * a 404 error each, with a null status).
 */
export function linkageTargets(relation: RelationDef, data: WireValue, ctx: JsonApiContext, how: { readonly owner: StoredRow; readonly replacing: boolean }): StoredRow[] {
  const target = relation.targetModel;
  if (!relation.many) {
    if (data === null) return [];
    if (!isObject(data)) return failWith(errorResponse(400, { detail: `relationship "${relation.name}" is missing resource linkage` }));
    if (data['type'] !== target.collection) return failWith(errorResponse(409, { detail: `Type must be ${target.collection}, not ${String(data['type'])}` }));
    const found = linkedRow(relation, data['id'], ctx);
    return found === undefined ? failWith(errorResponse(404, { detail: `No object of type ${target.collection} found with ID ${linkageId(data['id'])}` })) : [found];
  }
  if (data === null) return failWith(errorResponse(400, { detail: 'Cannot set null value on a to-many relationship' }));
  if (!Array.isArray(data)) {
    const owner = how.owner;
    return failWith(
      errorResponse(400, {
        detail: `"data" element for the to-many relationship "${relation.name}" on the instance of "${owner.model.collection}" with ID "${idString(owner.values[owner.model.pk] ?? null)}" must be a list; maybe you intended to provide an empty list?`,
      }),
    );
  }
  const missing: string[] = [];
  const rows: StoredRow[] = [];
  for (const item of data) {
    if (!isObject(item)) return failWith(errorResponse(400, { detail: `relationship "${relation.name}" is missing resource linkage` }));
    if (item['type'] !== target.collection) return failWith(errorResponse(409, { detail: `Type must be ${target.collection}, not ${String(item['type'])}` }));
    const found = linkedRow(relation, item['id'], ctx);
    if (found === undefined) missing.push(linkageId(item['id']));
    else rows.push(found);
  }
  if (missing.length > 0) failWith(errorResponse(404, missing.map((missingId) => ({ detail: `No object of type ${target.collection} found with ID ${missingId}`, withStatus: false }))));
  return rows;
}

/** DELETE /api/<collection>/<id>. */
export function deleteResource(model: ModelDef, id: string, ctx: JsonApiContext): Response {
  const row = ctx.db.find(model, id) ?? failWith(errorResponse(404, { detail: `No resource found with ID ${id}` }));
  const session = new WriteSession(ctx);
  session.delete(session.handleOf(row));
  session.commit();
  return documentResponse(204, undefined);
}

/** The 404 detail of a PATCH (and a relationship POST) naming a missing row: it shows the Python class. */
export function noInstance(model: ModelDef, id: string, ctx: JsonApiContext): string {
  return `No instance with ID ${id} in model <class '${ctx.modelModule}.${model.name}'>`;
}

type Statement = { readonly kind: 'insert'; readonly columns: readonly string[]; readonly given: Readonly<Record<string, WireValue>> } | { readonly kind: 'update'; readonly changed: ReadonlyArray<readonly [string, WireValue]>; readonly id: WireValue };

/**
 * `setattr(row, proxy, value)` for an association proxy onto a column: a scalar proxy sets the
 * related row's column (`Computer.owner_name` renames the owner); without a related row, or for a
 * collection proxy, the proxy's creator is called, which the reference models do not have: the
 * unhandled TypeError's HTML 500.
 */
function setThroughProxy(session: JsonApiSession, row: StoredRow, name: string, value: WireValue, ctx: JsonApiContext): void {
  const path = proxyPath(row.model, name, ctx.datamodel, ctx.proxies);
  const related = path === undefined ? null : relatedOf(row, path.relation, ctx);
  if (path === undefined || related === null || Array.isArray(related)) return failWith(htmlPage(500));
  const type = related.model.attributes.get(path.column)?.type ?? 'json';
  session.setColumn(session.handleOf(related), path.column, columnInput(value, type, related.model, path.column, ctx));
}

function isProxy(model: ModelDef, name: string, ctx: JsonApiContext): boolean {
  return model.attributes.get(name)?.proxy === true || proxyPath(model, name, ctx.datamodel, ctx.proxies) !== undefined;
}

function ctx(session: JsonApiSession): JsonApiContext {
  return session.ctx;
}

/** Commits (a later `rollback()` does nothing), answering a constraint violation as NG does (409 "Integrity Error" naming the statement). */
export function commit(session: JsonApiSession, handle: RowHandle, model: ModelDef, statement: Statement): StoredRow {
  const values = { ...(session.row(handle)?.values ?? {}) };
  try {
    session.commit();
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    const root = ctx(session).datamodel.models.get(model.root) ?? model;
    const table = root.collection;
    const row = { values };
    const sql =
      statement.kind === 'insert'
        ? `INSERT INTO ${table} (${statement.columns.join(', ')}) VALUES (${statement.columns.map(() => '?').join(', ')})]\n[parameters: (${statement.columns.map((column) => pythonRepr(statement.given[column] ?? row.values[column] ?? null)).join(', ')}${statement.columns.length === 1 ? ',' : ''})]`
        : `UPDATE ${table} SET ${statement.changed.map(([column]) => `${column}=?`).join(', ')} WHERE ${table}.${model.pk} = ?]\n[parameters: (${[...statement.changed.map(([, value]) => pythonRepr(value)), pythonRepr(statement.id)].join(', ')})]`;
    return failWith(
      errorResponse(409, { detail: `(sqlite3.${error.name}) ${error.detail.replace(`${model.root}.`, `${table}.`)}\n[SQL: ${sql}\n(Background on this error at: https://sqlalche.me/e/14/gkpj)`, title: 'Integrity Error' }),
    );
  }
  const stored = session.row(handle);
  return stored ?? failWith(errorResponse(404, { detail: 'The row is gone' }));
}

