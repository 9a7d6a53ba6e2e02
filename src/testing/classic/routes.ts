/**
 * The URL rules of a classic server (Flask-Restless 0.17 blueprints plus flask-restless-datamodel),
 * matched as Werkzeug matches them: percent-decoded path segments, no trailing slash, unknown
 * paths are Flask's 404 page.
 */
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';

export type Route =
  | { readonly kind: 'datamodel' }
  /** The datamodel API also has instance rules; the server fails on them (HTML 500). */
  | { readonly kind: 'datamodel-instance' }
  | { readonly kind: 'collection'; readonly model: ModelDef }
  | { readonly kind: 'instance'; readonly model: ModelDef; readonly id: string }
  | { readonly kind: 'relation'; readonly model: ModelDef; readonly id: string; readonly relation: string }
  | { readonly kind: 'relation-item'; readonly model: ModelDef; readonly id: string; readonly relation: string; readonly relatedId: string }
  /** A model method, `<api>/method/<collection>/<pk>/<name>` (one rule per method the datamodel lists). */
  | { readonly kind: 'method'; readonly model: ModelDef; readonly id: string; readonly name: string }
  /** A Python @property, `<api>/property/<collection>/<pk>/<name>` (one rule per listed property). */
  | { readonly kind: 'property'; readonly model: ModelDef; readonly id: string; readonly name: string }
  /** Function evaluation (`/api/eval`): not emulated yet. */
  | { readonly kind: 'not-emulated'; readonly what: string }
  | { readonly kind: 'not-found' };

const DATAMODEL = 'flask-restless-datamodel';

/** The route of a request URL under the emulator's base. */
export function matchRoute(url: URL, ctx: EmulatorContext): Route {
  const base = new URL(ctx.base);
  const prefix = base.pathname.replace(/\/+$/, '');
  if (!url.pathname.startsWith(`${prefix}/`)) return { kind: 'not-found' };
  const segments = decodeSegments(url.pathname.slice(prefix.length + 1));
  if (segments === undefined || segments.some((segment) => segment === '')) return { kind: 'not-found' };

  for (const model of ctx.datamodel.models.values()) {
    const rest = after(segments, [...split(model.urlPrefix), model.collection]);
    if (rest === undefined) continue;
    const [id, relation, relatedId] = rest;
    if (id === undefined) return { kind: 'collection', model };
    if (relation === undefined) return { kind: 'instance', model, id };
    if (relatedId === undefined) return { kind: 'relation', model, id, relation };
    return rest.length === 3 ? { kind: 'relation-item', model, id, relation, relatedId } : { kind: 'not-found' };
  }

  const apiPrefix = split(ctx.apiPrefix);
  if (!apiPrefix.every((part, index) => segments[index] === part)) return { kind: 'not-found' };
  const api = segments.slice(apiPrefix.length);
  const [head, ...tail] = api;
  if (head === DATAMODEL) return tail.length === 0 ? { kind: 'datamodel' } : tail.length <= 3 ? { kind: 'datamodel-instance' } : { kind: 'not-found' };
  if (head === 'method' || head === 'property') return rpcRoute(head, tail, ctx);
  if (head === 'eval' && tail.length === 1 && [...ctx.datamodel.models.values()].some((model) => model.collection === tail[0])) {
    return { kind: 'not-emulated', what: `function evaluation (${url.pathname})` };
  }
  return { kind: 'not-found' };
}

/** An RPC rule: registered under the model's collection name, only for names the datamodel lists. */
function rpcRoute(kind: 'method' | 'property', [collection, id, name, ...rest]: readonly string[], ctx: EmulatorContext): Route {
  const model = [...ctx.datamodel.models.values()].find((candidate) => candidate.collection === collection);
  if (model === undefined || id === undefined || name === undefined || rest.length > 0) return { kind: 'not-found' };
  const listed = kind === 'method' ? model.methods.has(name) : model.properties.has(name);
  return listed ? { kind, model, id, name } : { kind: 'not-found' };
}

/** The segments after `prefix` when `segments` starts with it (at most three more). */
function after(segments: readonly string[], prefix: readonly string[]): string[] | undefined {
  if (segments.length < prefix.length || segments.length > prefix.length + 3) return undefined;
  return prefix.every((part, index) => segments[index] === part) ? segments.slice(prefix.length) : undefined;
}

function split(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
