/**
 * Routes one request to its handler by URL rule and method, as Flask does: OPTIONS and HEAD are
 * automatic, a method the rule does not allow is a 405 page with `Allow`, an unknown URL a 404 page.
 * Writes are not emulated yet: they answer 501, naming what is missing.
 */
import type { EmulatorContext } from './context.js';
import { getCollection } from './get-collection.js';
import { getInstance, getRelation } from './get-instance.js';
import { ALLOW, htmlErrorResponse, notEmulatedResponse, optionsResponse, rawJsonResponse, restlessResponse, withoutBody } from './responses.js';
import type { Route } from './routes.js';
import { matchRoute } from './routes.js';
import { SerializationFailure } from './serialize.js';

/** The emulated server's answer to `request`. */
export function dispatch(request: Request, ctx: EmulatorContext): Response {
  const method = request.method.toUpperCase();
  let response: Response;
  try {
    response = handle(matchRoute(new URL(request.url), ctx), method, request, ctx);
  } catch (error) {
    if (!(error instanceof SerializationFailure)) throw error;
    response = htmlErrorResponse(500);
  }
  return method === 'HEAD' ? withoutBody(response) : response;
}

function handle(route: Route, method: string, request: Request, ctx: EmulatorContext): Response {
  const read = method === 'GET' || method === 'HEAD';
  const write = method === 'PUT' || method === 'PATCH' || method === 'DELETE';
  const path = new URL(request.url).pathname;
  switch (route.kind) {
    case 'not-found':
      return htmlErrorResponse(404);
    case 'not-emulated':
      return notEmulatedResponse(route.what);
    case 'datamodel':
      if (method === 'OPTIONS') return optionsResponse(ALLOW.readOnly);
      return read ? getDatamodel(request, ctx) : htmlErrorResponse(405, ALLOW.readOnly);
    case 'datamodel-instance':
      if (method === 'OPTIONS') return optionsResponse(ALLOW.readOnly);
      return read ? htmlErrorResponse(500) : htmlErrorResponse(405, ALLOW.readOnly);
    case 'collection':
      if (read) return getCollection(request, route.model, ctx);
      if (method === 'OPTIONS') return optionsResponse(ALLOW.collection);
      if (method === 'POST') return notEmulatedResponse(`POST ${path} (writes)`);
      return htmlErrorResponse(405, ALLOW.collection);
    case 'instance':
    case 'relation-item':
      if (read) return route.kind === 'instance' ? getInstance(request, route.model, route.id, ctx) : getRelation(request, route.model, route.id, route.relation, route.relatedId, ctx);
      if (method === 'OPTIONS') return optionsResponse(ALLOW.instance);
      if (write) return notEmulatedResponse(`${method} ${path} (writes)`);
      return htmlErrorResponse(405, ALLOW.instance);
    case 'relation':
      if (read) return getRelation(request, route.model, route.id, route.relation, undefined, ctx);
      if (method === 'OPTIONS') return optionsResponse(ALLOW.relation);
      return htmlErrorResponse(405, ALLOW.relation);
    default: {
      const unhandled: never = route;
      return unhandled;
    }
  }
}

/** The datamodel: the server parses `q` first (invalid JSON is a 400), then serves the document. */
function getDatamodel(request: Request, ctx: EmulatorContext): Response {
  try {
    JSON.parse(new URL(request.url).searchParams.get('q') ?? '{}');
  } catch {
    return restlessResponse(request, 400, { message: 'Unable to decode data' });
  }
  return rawJsonResponse(ctx.datamodelBody);
}
