/**
 * A soak server on the real classic server: the lane's client goes through the fault proxy,
 * "another client" and the checks talk to the server directly.
 */
import type { FaultProxy, ProxyAction } from '../server/fault-proxy.js';
import { FLASK_500_PAGE, type FaultPlan } from './fault-kinds.js';
import type { SoakServer, WireRow } from './soak-server.js';

/** Collections of the reference app (test/server/models.py). */
const COLLECTION: Readonly<Record<string, string>> = { Person: 'person', Computer: 'compjutahs', Article: 'article', Tag: 'tag' };

export function proxySoakServer(proxy: FaultProxy, serverUrl: string): SoakServer {
  const write = async (method: string, path: string, row?: WireRow): Promise<unknown> => {
    const response = await fetch(`${serverUrl}/api/${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(row === undefined ? {} : { body: JSON.stringify(row) }) });
    if (!response.ok) throw new Error(`another client's ${method} /api/${path} answered ${response.status}`);
    return response.status === 204 ? null : response.json();
  };
  return {
    url: proxy.url,
    cleanUrl: serverUrl,
    arm: (plan, method, path, times) => proxy.arm(proxyAction(plan), { method, ...(path === undefined ? {} : { path }), times }),
    expireTokens: undefined,
    disarm: () => proxy.disarm(),
    foreign: {
      insert: async (model, row) => ((await write('POST', COLLECTION[model]!, row)) as { id: number }).id,
      update: async (model, id, changes) => void (await write('PUT', `${COLLECTION[model]!}/${id}`, changes)),
      remove: async (model, id) => void (await write('DELETE', `${COLLECTION[model]!}/${id}`)),
    },
  };
}

function proxyAction(plan: Exclude<FaultPlan, { kind: 'auth-expiry' }>): ProxyAction {
  switch (plan.kind) {
    case 'drop-before':
    case 'drop-after':
    case 'truncate':
      return { kind: plan.kind };
    case 'garble':
      return { kind: 'garble', as: plan.as };
    case 'stall':
      return { kind: 'stall', applied: plan.applied };
    case 'gateway-5xx':
      return { kind: 'status', status: plan.status, body: `${plan.status} from the gateway` };
    case 'html-500-before':
    case 'html-500-after':
      return { kind: 'status', status: 500, applied: plan.kind === 'html-500-after', headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: FLASK_500_PAGE };
    case 'rate-limit':
      return { kind: 'status', status: 429, headers: { 'Retry-After': String(plan.retryAfterSeconds) }, body: 'Too Many Requests' };
  }
}
