/**
 * GET on a collection: a search (`q`) answered as a page of objects with a `Link` header, or, with
 * `single`, as one bare object with a `Location` header (Flask-Restless 0.17 `API._search`).
 */
import { decodeClassicQuery } from './decode-query.js';
import type { QueryRejection } from './query-rejection.js';
import { pyDumps } from '../../query/python-json.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { limitedCount, limitRows, linkHeader, pageNumber, pageWindow, resultsPerPage, sliceQuery } from './paging.js';
import { htmlErrorResponse, notEmulatedResponse, restlessResponse } from './responses.js';
import { distinctRows, searchRows } from './run-search.js';
import { serializeRow } from './serialize.js';

export function getCollection(request: Request, model: ModelDef, ctx: EmulatorContext): Response {
  const url = new URL(request.url);
  const decoded = decodeClassicQuery(url.searchParams.get('q'), model, ctx.datamodel, { columnProxies: ctx.proxies, now: ctx.now });
  if (!decoded.ok) return rejectionResponse(request, decoded.rejection);
  const { query } = decoded;
  const { limit, offset } = query.expression;
  const baseUrl = `${url.origin}${url.pathname}`;
  if (query.single) {
    // `query.one()` runs inside the server's try block: a failing query is a 400 here.
    if (query.failsWhenRun !== undefined) return restlessResponse(request, 400, { message: 'Unable to construct query' });
    const found = distinctRows(limitRows(searchRows(model, query, ctx), limit, offset));
    const [row] = found;
    if (row === undefined) return restlessResponse(request, 404, { message: 'No result found' });
    if (found.length > 1) return restlessResponse(request, 400, { message: 'Multiple results found' });
    const id = row.values[model.pk] ?? null;
    return restlessResponse(request, 200, serializeRow(row, model, ctx), { Location: `${baseUrl}/${typeof id === 'string' ? id : pyDumps(id, { compact: true, sortKeys: true })}` });
  }
  if (query.failsWhenRun !== undefined) return htmlErrorResponse(500);
  const rows = searchRows(model, query, ctx);
  const page = pageNumber(url.searchParams.get('page'));
  if (page === undefined) return htmlErrorResponse(500);
  const count = limitedCount(rows.length, limit, offset);
  const window = pageWindow(count, page, resultsPerPage(url.searchParams.get('results_per_page'), ctx.pageSize, ctx.maxPageSize));
  // The legacy Query returns each entity once per page, even when a join repeated its row.
  const objects = distinctRows(sliceQuery(rows, limit, offset, window.start, window.stop)).map((row) => serializeRow(row, model, ctx));
  return restlessResponse(request, 200, { num_results: count, objects, page, total_pages: window.totalPages }, { Link: linkHeader(baseUrl, window) });
}

/** How the server answers a search it refuses. */
export function rejectionResponse(request: Request, rejection: QueryRejection): Response {
  switch (rejection.kind) {
    case 'undecodable':
      return restlessResponse(request, 400, { message: 'Unable to decode data' });
    case 'unconstructable':
      return restlessResponse(request, 400, { message: 'Unable to construct query' });
    case 'server-error':
      return htmlErrorResponse(500);
    case 'unsupported':
      return notEmulatedResponse(`this search (${rejection.detail})`);
    default: {
      const unhandled: never = rejection;
      return unhandled;
    }
  }
}
