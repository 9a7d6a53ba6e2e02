/**
 * The URL rules of an NG 3.3.0 API under `apiPrefix` (Flask's routing first: an unknown URL or a
 * trailing slash is its HTML 404, a method the rule does not take its HTML 405 with `Allow`,
 * OPTIONS its empty answer), then the media type checks, then the view. The datamodel document
 * is served at `<apiPrefix>/flask-restless-datamodel`, as the Python helper does.
 */
import { HttpResponse } from 'msw';
import type { ModelDef } from '../../schema/datamodel.js';
import { HtmlAbort, NotEmulated } from '../core/server-failure.js';
import type { ApiDef, ServedModel } from './api-registrations.js';
import type { JsonApiContext } from './context.js';
import { checkMediaTypes } from './media-type.js';
import { origin } from './paging.js';
import { getCollection, getRelated, getRelationship, getResource } from './read-views.js';
import { RequestFailure } from './request-failure.js';
import { ALLOW, htmlPage, optionsResponse } from './responses.js';
import { deleteResource, patchResource, postResource } from './write-views.js';
import { writeRelationship } from './relationship-writes.js';
import { byteLength } from './byte-length.js';

type Route = { readonly api: ApiDef; readonly served: ServedModel; readonly model: ModelDef } & (
  | { readonly kind: 'collection' }
  | { readonly kind: 'resource'; readonly id: string }
  | { readonly kind: 'related'; readonly id: string; readonly relation: string; readonly relatedId: string | undefined }
  | { readonly kind: 'relationship'; readonly id: string; readonly relation: string }
);

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

/** Werkzeug's `Allow` of a GET-only API (errors.md #32, #33; relationships.md #50: another set order). */
const GET_ONLY_ALLOWS: Readonly<Record<Route['kind'], string>> = {
  collection: ALLOW.readOnly,
  resource: ALLOW.readOnly,
  related: ALLOW.readOnly,
  relationship: 'HEAD, OPTIONS, GET',
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

async function route(request: Request, base: JsonApiContext): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  if (url.pathname === `${base.api.prefix}/flask-restless-datamodel` && (method === 'GET' || method === 'HEAD')) {
    return new HttpResponse(base.datamodelBody, { status: 200, statusText: 'OK', headers: { 'Content-Type': 'application/json', 'Content-Length': String(byteLength(base.datamodelBody)) } });
  }
  const found = match(url.pathname, base);
  if (found === undefined) return htmlPage(404);
  const ctx: JsonApiContext = { ...base, api: found.api, served: found.served, origin: origin(request) };
  // The /relationships/ writes exist once PATCH is served (relationships.md #49, #50); a GET-only API's rules take GET alone.
  const served = (candidate: string): boolean => candidate === 'GET' || (found.kind === 'relationship' ? found.served.methods.has('PATCH') : found.served.methods.has(candidate));
  const methods = METHODS[found.kind].filter(served);
  const allow = methods.length === 1 ? GET_ONLY_ALLOWS[found.kind] : ALLOWS[found.kind];
  if (method === 'OPTIONS') return optionsResponse(allow);
  const view = method === 'HEAD' ? 'GET' : method;
  if (!methods.includes(view)) return htmlPage(405, { Allow: allow });
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
  for (const api of ctx.apis) {
    const prefix = `${api.prefix}/`;
    if (!pathname.startsWith(prefix)) continue;
    const segments = pathname.slice(prefix.length).split('/').map(decodeSegment);
    if (segments.some((segment) => segment === '')) return undefined;
    const [collection = '', id, third, fourth, ...rest] = segments;
    const served = api.byType.get(collection);
    if (served === undefined || rest.length > 0) continue;
    const at = { api, served, model: served.model };
    if (id === undefined) return { ...at, kind: 'collection' };
    if (third === undefined) return { ...at, kind: 'resource', id };
    if (third === 'relationships' && fourth !== undefined) return { ...at, kind: 'relationship', id, relation: fourth };
    return { ...at, kind: 'related', id, relation: third, relatedId: fourth };
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
