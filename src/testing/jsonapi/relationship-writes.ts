/**
 * POST, PATCH and DELETE at `/api/<collection>/<id>/relationships/<relation>` (relationships.md
 * #24 to #59): every success is a 204, even a DELETE naming a non-member or a POST of a member
 * already there. A to-many POST adds (a missing target is a 404 with a status), PATCH replaces
 * (null is a 400; missing targets are 404s with a null status), DELETE removes (a missing target is
 * a 404 with a null status, a wrong type the 409 "Conflicting type"). A to-one takes PATCH only.
 */
import type { WireValue } from '../../query/expression.js';
import type { ModelDef, RelationDef } from '../../schema/datamodel.js';
import type { StoredRow } from '../core/db.js';
import { WriteSession } from '../core/write-session.js';
import type { JsonApiContext } from './context.js';
import { isObject, linkageId, linkedRow, readBody } from './read-document.js';
import { appendTo, removeFrom, setRelation, type JsonApiSession } from './relation-ops.js';
import { failWith } from './request-failure.js';
import { documentResponse, errorResponse, htmlPage } from './responses.js';
import { commit, linkageTargets, noInstance } from './write-views.js';

export async function writeRelationship(request: Request, method: string, model: ModelDef, id: string, relationName: string, ctx: JsonApiContext): Promise<Response> {
  const relation = model.relations.get(relationName);
  if (relation === undefined) return failWith(htmlPage(500));
  // Each method looks the row up its own way, with its own message (errors.md #25, #27, #28).
  const row =
    ctx.db.find(model, id) ??
    failWith(errorResponse(404, { detail: method === 'DELETE' ? `No such link: ${relationName}` : method === 'POST' ? noInstance(model, id, ctx) : `No resource with ID ${id}` }));
  const document = await readBody(request);
  if (!isObject(document) || !Object.hasOwn(document, 'data')) return failWith(errorResponse(400, { detail: `relationship "${relationName}" is missing resource linkage` }));
  const data = document['data'] ?? null;
  if (relation.many && method === 'PATCH' && ctx.served?.allowToManyReplacement === false) failWith(errorResponse(403, { detail: 'Not allowed to replace a to-many relationship' }));
  if (relation.many && method === 'DELETE' && ctx.served?.allowDeleteFromToMany === false) failWith(errorResponse(403, { detail: 'Not allowed to delete from a to-many relationship' }));
  const session = new WriteSession(ctx);
  try {
    change(session, method, row, relation, data, ctx);
    commit(session, session.handleOf(row), model, { kind: 'update', changed: [], id: row.values[model.pk] ?? null });
  } finally {
    session.rollback();
  }
  return documentResponse(204, undefined);
}

function change(session: JsonApiSession, method: string, row: StoredRow, relation: RelationDef, data: WireValue, ctx: JsonApiContext): void {
  const relationName = relation.name;
  const target = relation.targetModel;
  const handle = session.handleOf(row);
  if (method === 'PATCH') {
    if (!relation.many && Array.isArray(data)) failWith(htmlPage(500));
    setRelation(session, handle, relation, linkageTargets(relation, data, ctx, { owner: row, replacing: true }));
  } else if (!relation.many) {
    failWith(errorResponse(400, { detail: 'Must specify resource ID' }));
  } else if (!Array.isArray(data)) {
    failWith(errorResponse(400, { detail: `relationship "${relationName}" is missing resource linkage` }));
  } else if (method === 'POST') {
    for (const item of data) {
      const type = isObject(item) ? item['type'] : undefined;
      if (type !== target.collection) failWith(errorResponse(409, { detail: `Type must be ${target.collection}, not ${String(type)}` }));
      const found = linkedRow(relation, isObject(item) ? item['id'] : undefined, ctx);
      if (found === undefined) failWith(errorResponse(404, { detail: `No object of type ${target.collection} found with ID ${linkageId(isObject(item) ? item['id'] : undefined)}` }));
      appendTo(session, handle, relation, found);
    }
  } else {
    for (const item of data) {
      const type = isObject(item) ? item['type'] : undefined;
      const itemId = linkageId(isObject(item) ? item['id'] : undefined);
      if (type !== target.collection) failWith(errorResponse(409, { detail: `Conflicting type: expected ${target.collection} but got type ${String(type)} for linkage object with ID ${itemId}` }));
      const found = linkedRow(relation, isObject(item) ? item['id'] : undefined, ctx);
      if (found === undefined) failWith(errorResponse(404, { detail: `No resource of type ${target.collection} and ID ${itemId} found`, withStatus: false }));
      removeFrom(session, handle, relation, found);
    }
  }
}
