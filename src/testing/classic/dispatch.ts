/**
 * Routes one request to its handler by URL rule and method, as Flask does: OPTIONS and HEAD are
 * automatic, a method the rule does not allow is a 405 page with `Allow`, an unknown URL a 404 page.
 * PUT/PATCH on `/<id>/<relation>/<relid>` update `<id>` itself (Flask-Restless ignores the rest).
 */
import type { EmulatorContext } from './context.js';
import { deleteInstance, deleteRelationItem } from './delete-instance.js';
import { getCollection } from './get-collection.js';
import { getInstance, getRelation } from './get-instance.js';
import { postCollection } from './post-collection.js';
import { ALLOW, htmlErrorResponse, notEmulatedResponse, optionsResponse, rawJsonResponse, restlessResponse, withoutBody } from './responses.js';
import type { Route } from './routes.js';
import { matchRoute } from './routes.js';
import { callMethod } from './rpc-methods.js';
import { propertyRequest } from './rpc-properties.js';
import { SerializationFailure } from './serialize.js';
import { updateInstance } from './update-instance.js';

/** The emulated server's answer to `request`. */
export async function dispatch(request: Request, ctx: EmulatorContext): Promise<Response> {
  const method = request.method.toUpperCase();
  let response: Response;
  try {
    response = await handle(matchRoute(new URL(request.url), ctx), method, request, ctx);
  } catch (error) {
    if (!(error instanceof SerializationFailure)) throw error;
    response = htmlErrorResponse(500);
  }
  return method === 'HEAD' ? withoutBody(response) : response;
}

function handle(route: Route, method: string, request: Request, ctx: EmulatorContext): Response | Promise<Response> {
  const read = method === 'GET' || method === 'HEAD';
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
      if (method === 'POST') return postCollection(request, route.model, ctx);
      return htmlErrorResponse(405, ALLOW.collection);
    case 'instance':
    case 'relation-item':
      if (read) return route.kind === 'instance' ? getInstance(request, route.model, route.id, ctx) : getRelation(request, route.model, route.id, route.relation, route.relatedId, ctx);
      if (method === 'OPTIONS') return optionsResponse(ALLOW.instance);
      if (method === 'PUT' || method === 'PATCH') return updateInstance(request, route.model, route.id, ctx);
      if (method === 'DELETE') return route.kind === 'instance' ? deleteInstance(request, route.model, route.id, ctx) : deleteRelationItem(request, route.model, route.id, route.relation, route.relatedId, ctx);
      return htmlErrorResponse(405, ALLOW.instance);
    case 'relation':
      if (read) return getRelation(request, route.model, route.id, route.relation, undefined, ctx);
      if (method === 'OPTIONS') return optionsResponse(ALLOW.relation);
      return htmlErrorResponse(405, ALLOW.relation);
    case 'method':
      if (method === 'OPTIONS') return optionsResponse(ALLOW.method);
      return method === 'POST' ? callMethod(request, route.model, route.id, route.name, ctx) : htmlErrorResponse(405, ALLOW.method);
    case 'property':
      if (method === 'OPTIONS') return optionsResponse(ALLOW.property);
      // Flask routes HEAD to the view, which treats every verb but GET as a set.
      return read || method === 'POST' ? propertyRequest(request, route.model, route.id, route.name, ctx) : htmlErrorResponse(405, ALLOW.property);
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
