/**
 * The default recorded server has the `Computer.peers` relation proxy in its bodies; the emulator
 * leaves relation proxies out (src/testing/classic/serialize.ts). The replay tests compare such recordings
 * with the body as it reads without `peers`, everything else unchanged.
 */
import type { RecordedExchange } from './recorded-exchange.js';

/** The recorded exchange as it reads without the `peers` relation proxy (body and Content-Length). */
export function withoutPeers(exchange: RecordedExchange): RecordedExchange {
  if (exchange.body === undefined) throw new Error(`${exchange.source} needs a whole body to drop peers from`);
  const body = `${compactSorted(dropPeers(JSON.parse(exchange.body)))}\n`;
  return { ...exchange, body, contentLength: new TextEncoder().encode(body).length };
}

function dropPeers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropPeers);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'peers').map(([key, item]) => [key, dropPeers(item)]));
}

/** Flask's compact, sorted JSON (the bodies dropped from contain no floats). */
function compactSorted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactSorted).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${compactSorted(item)}`).join(',')}}`;
}
