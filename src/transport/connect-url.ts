import { ValidationError } from '../errors.js';

/**
 * The absolute http(s) URL of `connect({ url })`. A relative one (`'/api'`, `'/'`) is resolved
 * against the page in a browser, where the app and its API usually share an origin; elsewhere
 * there is no page, so it is refused with a message that says so.
 */
export function absoluteUrl(url: unknown): string {
  if (typeof url !== 'string' || url.length === 0) throw new ValidationError(`connect() needs the server's url, got ${describe(url)}`, { field: 'url' });
  const page = pageUrl();
  let resolved: URL;
  try {
    resolved = page === undefined ? new URL(url) : new URL(url, page);
  } catch {
    throw new ValidationError(`connect() needs an absolute http(s) url here (there is no page to resolve a relative one against), got ${describe(url)}`, { field: 'url' });
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') {
    throw new ValidationError(`connect() needs an http(s) url, got ${describe(url)}`, { field: 'url' });
  }
  return resolved.href;
}

/** The page's URL in a browser (or a worker), undefined in Node. */
function pageUrl(): string | undefined {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  return typeof location?.href === 'string' ? location.href : undefined;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
