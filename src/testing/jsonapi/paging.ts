/**
 * Pagination as NG 3.3.0 does it (read.md #1 to #18, errors.md #15, #16): `page[size]` (default
 * and maximum per API) and `page[number]` (1-based) read with Python's `int()` (anything else is an
 * unhandled ValueError: HTML 500); negative values, a size above the maximum and a number with
 * size 0 are 400s; size 0 returns every row with `links: {self}` only and an empty `Link` header.
 * Page links are absolute and repeat the request's other parameters raw (decoded, unencoded),
 * then `page[size]` and `page[number]`; `links.self` is the collection path without the query.
 * `last` is `ceil(total / size)` (0 for an empty collection), `prev`/`next` only inside 1..last.
 */
import type { PyValue } from '../../query/python-json.js';
import type { JsonApiContext } from './context.js';
import { failWith } from './request-failure.js';
import { errorResponse, htmlPage } from './responses.js';

export interface Page {
  /** 0: everything. */
  readonly size: number;
  readonly number: number;
}

export function readPage(url: URL, ctx: JsonApiContext): Page {
  const sizeText = url.searchParams.get('page[size]');
  const numberText = url.searchParams.get('page[number]');
  const pageSize = ctx.served?.pageSize ?? 10;
  const maxPageSize = ctx.served?.maxPageSize ?? 100;
  const size = sizeText === null ? pageSize : pythonInt(sizeText);
  const number = numberText === null ? 1 : pythonInt(numberText);
  if (size < 0) failWith(errorResponse(400, { detail: 'Page size can not be negative' }));
  if (number < 0) failWith(errorResponse(400, { detail: 'Page number can not be negative' }));
  if (size > maxPageSize) failWith(errorResponse(400, { detail: `Page size must not exceed the server's maximum: ${String(maxPageSize)}` }));
  if (size === 0 && numberText !== null) failWith(errorResponse(400, { detail: `Page number can not be used with with page size ${String(size)}` }));
  return { size, number };
}

/** The rows of the page (number 0 reads as the first page). */
export function pageSlice<T>(rows: readonly T[], page: Page): T[] {
  if (page.size === 0) return [...rows];
  const start = Math.max(0, (page.number - 1) * page.size);
  return rows.slice(start, start + page.size);
}

/** What a paginated document carries besides `data`: its `links`, `meta` and the `Link` header. */
export function pageLinks(
  request: Request,
  selfPath: string,
  total: number,
  page: Page,
  extraQuery: string | undefined,
): { readonly links: { [key: string]: PyValue }; readonly meta: { [key: string]: PyValue }; readonly header: string } {
  const url = new URL(request.url);
  const meta = { total };
  if (page.size === 0) return { links: { self: selfPath }, meta, header: '' };
  const last = Math.ceil(total / page.size);
  const root = `${origin(request)}${url.pathname}`;
  const kept = rawQuery(url.search).filter((pair) => !pair.startsWith('page[size]=') && !pair.startsWith('page[number]=') && pair !== 'page[size]' && pair !== 'page[number]');
  if (extraQuery !== undefined) kept.push(extraQuery);
  const at = (number: number): string => `${root}?${[...kept, `page[size]=${String(page.size)}`, `page[number]=${String(number)}`].join('&')}`;
  const links = {
    first: at(1),
    last: at(last),
    next: page.number < last ? at(page.number + 1) : null,
    prev: page.number > 1 ? at(page.number - 1) : null,
    self: selfPath,
  };
  const entries: Array<[string, string | null]> = [
    ['first', links.first],
    ['last', links.last],
    ['prev', links.prev],
    ['next', links.next],
  ];
  const header = entries
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([rel, target]) => `<${target}>; rel="${rel}"`)
    .join(',');
  return { links, meta, header };
}

/** `scheme://host` as Werkzeug sees it (ProxyFix honours X-Forwarded-Proto and -Host). */
export function origin(request: Request): string {
  const url = new URL(request.url);
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(/:$/, '');
  const host = request.headers.get('x-forwarded-host') ?? url.host;
  return `${proto}://${host}`;
}

/** The query string's `key=value` pairs, percent-decoded as Werkzeug hands them back. */
function rawQuery(search: string): string[] {
  if (search.length <= 1) return [];
  return search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = decode(equals < 0 ? pair : pair.slice(0, equals));
      return equals < 0 ? `${key}=` : `${key}=${decode(pair.slice(equals + 1))}`;
    });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Python's `int(text)`: optional spaces and sign, decimal digits (underscores between them); anything else is an HTML 500. */
function pythonInt(text: string): number {
  const match = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/.exec(text);
  if (match === null) return failWith(htmlPage(500));
  const value = Number((match[2] ?? '').replace(/_/g, ''));
  return match[1] === '-' ? -value : value;
}
