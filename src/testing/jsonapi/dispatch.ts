/**
 * The URL rules of an NG 3.3.0 API under `apiPrefix` (Flask's routing first: an unknown URL or a
 * trailing slash is its HTML 404, a method the rule does not take its HTML 405 with `Allow`,
 * OPTIONS its empty answer), then the media type checks, then the view. The datamodel document
 * is served at `<apiPrefix>/flask-restless-datamodel`, as the Python helper does.
 */
import { HttpResponse } from 'msw';
import type { ModelDef } from '../../schema/datamodel.js';
import { HtmlAbort, NotEmulated } from '../core/server-failure.js';
import type { JsonApiContext } from './context.js';
import { checkMediaTypes } from './media-type.js';
import { getCollection, getRelated, getRelationship, getResource } from './read-views.js';
import { RequestFailure } from './request-failure.js';
import { ALLOW, htmlPage, optionsResponse } from './responses.js';
import { deleteResource, patchResource, postResource } from './write-views.js';
import { writeRelationship } from './relationship-writes.js';

type Route =
  | { readonly kind: 'collection'; readonly model: ModelDef }
  | { readonly kind: 'resource'; readonly model: ModelDef; readonly id: string }
  | { readonly kind: 'related'; readonly model: ModelDef; readonly id: string; readonly relation: string; readonly relatedId: string | undefined }
  | { readonly kind: 'relationship'; readonly model: ModelDef; readonly id: string; readonly relation: string };

const METHODS: Readonly<Record<Route['kind'], readonly string[]>> = {
  collection: ['GET', 'POST'],
  resource: ['GET', 'PATCH', 'DELETE'],
  related: ['GET'],
  relationship: ['GET', 'POST', 'PATCH', 'DELETE'],
};

const ALLOWS: Readonly<Record<Route['kind'], string>> = {
  collection: ALLOW.collection,
  resource: ALLOW.resource,
  related: ALLOW.readOnly,
  relationship: 'DELETE, GET, PATCH, POST, HEAD, OPTIONS',
};

export async function dispatch(request: Request, ctx: JsonApiContext): Promise<Response> {
  try {
    return await route(request, ctx);
  } catch (error) {
    if (error instanceof RequestFailure) return error.response;
    if (error instanceof HtmlAbort) return htmlPage(500);
    if (error instanceof NotEmulated) return new HttpResponse(`The emulator does not reproduce ${error.what}`, { status: 501, statusText: 'NOT IMPLEMENTED', headers: { 'Content-Type': 'text/plain' } });
    throw error;
  }
}

async function route(request: Request, ctx: JsonApiContext): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  if (url.pathname === `${ctx.apiPrefix}/flask-restless-datamodel` && (method === 'GET' || method === 'HEAD')) {
    return new HttpResponse(ctx.datamodelBody, { status: 200, statusText: 'OK', headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(ctx.datamodelBody)) } });
  }
  const found = match(url.pathname, ctx);
  if (found === undefined) return htmlPage(404);
  if (method === 'OPTIONS') return optionsResponse(ALLOWS[found.kind]);
  const view = method === 'HEAD' ? 'GET' : method;
  if (!METHODS[found.kind].includes(view)) return htmlPage(405, { Allow: ALLOWS[found.kind] });
  checkMediaTypes(request);
  switch (found.kind) {
    case 'collection':
      return view === 'GET' ? getCollection(request, found.model, ctx) : postResource(request, found.model, ctx);
    case 'resource':
      if (view === 'GET') return getResource(request, found.model, found.id, ctx);
      return view === 'PATCH' ? patchResource(request, found.model, found.id, ctx) : deleteResource(found.model, found.id, ctx);
    case 'related':
      return getRelated(request, found.model, found.id, found.relation, found.relatedId, ctx);
    case 'relationship':
      if (view === 'GET') return getRelationship(request, found.model, found.id, found.relation, ctx);
      return writeRelationship(request, view, found.model, found.id, found.relation, ctx);
    default: {
      const unhandled: never = found;
      return unhandled;
    }
  }
}

function match(pathname: string, ctx: JsonApiContext): Route | undefined {
  const prefix = `${ctx.apiPrefix}/`;
  if (!pathname.startsWith(prefix)) return undefined;
  const segments = pathname.slice(prefix.length).split('/').map(decodeSegment);
  if (segments.some((segment) => segment === '')) return undefined;
  const [collection = '', id, third, fourth, ...rest] = segments;
  const model = ctx.byType.get(collection);
  if (model === undefined || rest.length > 0) return undefined;
  if (id === undefined) return { kind: 'collection', model };
  if (third === undefined) return { kind: 'resource', model, id };
  if (third === 'relationships' && fourth !== undefined) return { kind: 'relationship', model, id, relation: fourth };
  return { kind: 'related', model, id, relation: third, relatedId: fourth };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
