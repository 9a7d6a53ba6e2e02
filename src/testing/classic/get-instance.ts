/**
 * GET on one object and on its relations (Flask-Restless 0.17 `API.get`): `/<id>` is the object,
 * `/<id>/<relation>` a to-one's object or a to-many's page (no `Link` header, no search), and
 * `/<id>/<relation>/<relid>` the related model's row with that key, related or not (recorded).
 * A missing row answers 404 with the body `null`; an unknown relation name is an HTML 500.
 */
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { pageNumber, pageWindow, pySlice, resultsPerPage } from './paging.js';
import { htmlErrorResponse, notEmulatedResponse, restlessResponse } from './responses.js';
import { serializeRow } from './serialize.js';

export function getInstance(request: Request, model: ModelDef, id: string, ctx: EmulatorContext): Response {
  const row = ctx.db.find(model, id);
  if (row === undefined) return restlessResponse(request, 404, null);
  return restlessResponse(request, 200, serializeRow(row, model, ctx));
}

export function getRelation(request: Request, model: ModelDef, id: string, name: string, relatedId: string | undefined, ctx: EmulatorContext): Response {
  const row = ctx.db.find(model, id);
  if (row === undefined) return restlessResponse(request, 404, null);
  const relation = model.relations.get(name);
  if (relation === undefined) return htmlErrorResponse(500);
  if (relation.proxy) return notEmulatedResponse(`the association proxy ${model.name}.${name}`);
  const target = ctx.datamodel.models.get(relation.target);
  if (target === undefined) return htmlErrorResponse(500);
  if (relatedId !== undefined) {
    const related = ctx.db.find(target, relatedId);
    return related === undefined ? restlessResponse(request, 404, null) : restlessResponse(request, 200, serializeRow(related, target, ctx));
  }
  const related = ctx.db.relatedRows(row, name);
  if (related === null) return restlessResponse(request, 404, null);
  if (!Array.isArray(related)) return restlessResponse(request, 200, serializeRow(related, target, ctx));
  const url = new URL(request.url);
  const page = pageNumber(url.searchParams.get('page'));
  if (page === undefined) return htmlErrorResponse(500);
  const window = pageWindow(related.length, page, resultsPerPage(url.searchParams.get('results_per_page'), ctx.pageSize, ctx.maxPageSize));
  const objects = pySlice(related, window.start, window.stop).map((item) => serializeRow(item, target, ctx));
  return restlessResponse(request, 200, { num_results: related.length, objects, page, total_pages: window.totalPages });
}
