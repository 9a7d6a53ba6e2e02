/**
 * DELETE (Flask-Restless 0.17 `API.delete`, docs/protocol/classic/write.md #85-#95): an instance goes with its links, and
 * its children's keys become null (#87, #88, #89); a missing one is `404 null`; a row SQLAlchemy
 * cannot load is an HTML 500 (#38). `/<id>/<relation>/<relid>` removes the related row from the
 * relation without deleting it (#91); a missing row, relation or related row, or a to-one, is an
 * HTML 500 (probed on the reference server). A body is ignored (#95); the answer is a bare 204.
 */
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { removeFrom } from './relation-writes.js';
import { htmlErrorResponse } from './responses.js';
import { NotEmulated } from './rpc-abort.js';
import { loadFailure } from './serialize.js';
import { failureResponse, noContentResponse, viewResponse } from './write-responses.js';
import type { ClassicSession } from './write-transaction.js';
import { inWriteTransaction } from './write-transaction.js';

export function deleteInstance(request: Request, model: ModelDef, id: string, ctx: EmulatorContext): Response {
  const row = ctx.db.find(model, id);
  if (row === undefined) return viewResponse(request, 404, null);
  if (loadFailure(row, ctx) !== undefined) return htmlErrorResponse(500);
  return inSession(request, ctx, (session) => session.delete(session.handleOf(row)));
}

export function deleteRelationItem(request: Request, model: ModelDef, id: string, name: string, relatedId: string, ctx: EmulatorContext): Response {
  const row = ctx.db.find(model, id);
  const relation = model.relations.get(name);
  if (row === undefined || relation === undefined) return htmlErrorResponse(500);
  if (relation.proxy) return failureResponse(request, new NotEmulated(`removing from the association proxy ${model.name}.${name}`)) ?? htmlErrorResponse(500);
  const target = ctx.datamodel.models.get(relation.target);
  const related = target === undefined ? undefined : ctx.db.find(target, relatedId);
  return inSession(request, ctx, (session) => removeFrom(session, session.handleOf(row), relation, related === undefined ? undefined : session.handleOf(related)));
}

function inSession(request: Request, ctx: EmulatorContext, work: (session: ClassicSession) => void): Response {
  const result = inWriteTransaction(request, ctx, work);
  return result.ok ? noContentResponse() : result.response;
}
