/**
 * Reads on Flask-Restless-NG (docs/protocol/jsonapi/read.md). A page is asked for with
 * `page[number]` and `page[size]`, never above the server's maximum of 100 (a larger size is a 400,
 * read#12); its document is `{data, included?, links, meta: {total}}` (read#1). `count()` asks for
 * one row and reads `meta.total` (`page[size]=0` would serialize every row, read#9). The
 * exactly-one search asks for two rows and counts them (`filter[single]` is ignored, read#43).
 *
 * The AST's `limit`/`offset` have no parameter on NG: they become a page size that divides the
 * offset, and the answer is cut to the limit. The window travels in the URL's fragment (never sent
 * over HTTP), so the page parser reads it from the URL it is given.
 */
import { ProtocolError, ValidationError } from '../../errors.js';
import type { QueryExpression } from '../../query/expression.js';
import type { Datamodel } from '../../schema/datamodel.js';
import type { Page, ReadEncoding } from '../dialect.js';
import { rowOf, rowsOf } from './document.js';
import { encodeFilters } from './encode-filter.js';
import { paramOf, withQuery } from './query-string.js';
import { includeOf } from './resources.js';

/** The server's `max_page_size` (README fact 3; NG's default, and the recorded server's). */
export const MAX_PAGE_SIZE = 100;
/** The most pages one read will plan: a `meta.total` beyond this many pages is a broken or hostile answer. */
export const MAX_PAGES = 1_000_000;

/** A collection document's parts the client reads. */
interface CollectionDocument {
  readonly data: readonly unknown[];
  readonly included: readonly unknown[];
  readonly total: number;
}

export function jsonapiReads(datamodel: Datamodel): ReadEncoding {
  const filtersOf = (expression: QueryExpression) => {
    const model = datamodel.models.get(expression.model);
    if (model === undefined) throw new ValidationError(`Unknown model ${expression.model}`, { model: expression.model });
    return encodeFilters(model, expression.filters);
  };
  const includeFor = (expression: QueryExpression) => {
    const model = datamodel.models.get(expression.model);
    return model === undefined ? [] : includeOf(model);
  };
  const sortOf = (expression: QueryExpression) => expression.orderBy.map((key) => (key.direction === 'desc' ? `-${key.field}` : key.field));
  return {
    page(url, expression, paging) {
      if (expression === undefined) return withQuery(url, { page: { number: paging.number, size: clampSize(paging.size) } });
      const window = windowOf(expression);
      const size = pageSizeFor(window, clampSize(paging.size));
      const number = window === undefined ? paging.number : window.offset / size + paging.number;
      return withWindow(withQuery(url, { filters: filtersOf(expression), sort: sortOf(expression), include: includeFor(expression), page: { number, size } }), window);
    },
    count: (url, expression) => withWindow(withQuery(url, { filters: filtersOf(expression), page: { number: 1, size: 1 } }), windowOf(expression)),
    single: (url, expression) => withQuery(url, { filters: filtersOf(expression), sort: sortOf(expression), include: includeFor(expression), page: { number: 1, size: 2 } }),
    parsePage(body, url, asked): Page {
      const document = collectionOf(body, url);
      const size = Number(paramOf(url, 'page[size]') ?? MAX_PAGE_SIZE);
      const window = windowIn(url);
      let total = document.total;
      let data = document.data;
      const fail = (why: string): never => {
        throw new ProtocolError(`GET ${url} answered a page that is not usable: ${why}`, body, { method: 'GET', url });
      };
      if (data.length > size) fail(`${data.length} resources on a page of ${size}`);
      if (total / size > MAX_PAGES) fail(`meta.total ${total} is more than ${MAX_PAGES} pages`);
      if (window !== undefined) {
        total = Math.max(0, Math.min(window.limit ?? Infinity, total - window.offset));
        if (asked >= 1) data = data.slice(0, Math.max(0, total - (asked - 1) * size));
      }
      return { rows: rowsOf(data, document.included), total, number: asked, pages: Math.ceil(total / size) };
    },
    parseSingle(body, url) {
      const { data, included } = collectionOf(body, url);
      if (data.length === 0) return 'none';
      if (data.length > 1) return 'many';
      return { row: rowsOf(data, included)[0] };
    },
    parseInstance(body) {
      const row = rowOf(dataOf(body, 'a resource'), includedOf(body));
      if (row === null) throw new ProtocolError('The server answered no resource (data: null) where one was asked for', body);
      return row;
    },
    parseRelated: (body) => rowOf(dataOf(body, 'a resource or null'), includedOf(body)),
    // The single-row search counts the rows of a 2xx: no status means "none" or "many".
    singleMiss: () => undefined,
  };
}

/** Sizes asked for by the client (pageSize, a limit) as the server accepts them: 1 to 100. */
export function clampSize(size: number): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}

interface Window {
  readonly offset: number;
  readonly limit: number | undefined;
}

function windowOf(expression: QueryExpression): Window | undefined {
  const offset = expression.offset ?? 0;
  if (offset === 0 && expression.limit === undefined) return undefined;
  return { offset, limit: expression.limit };
}

/** A page size the offset is a whole number of pages of, and no larger than the limit needs. */
function pageSizeFor(window: Window | undefined, size: number): number {
  if (window === undefined) return size;
  const most = window.limit === undefined ? size : Math.max(1, Math.min(size, window.limit));
  if (window.offset === 0) return most;
  for (let candidate = most; candidate > 1; candidate -= 1) if (window.offset % candidate === 0) return candidate;
  return 1;
}

function withWindow(url: string, window: Window | undefined): string {
  return window === undefined ? url : `${url}#window=${window.offset},${window.limit ?? ''}`;
}

function windowIn(url: string): Window | undefined {
  const match = /#window=(\d+),(\d*)$/.exec(url);
  if (match === null) return undefined;
  return { offset: Number(match[1]), limit: match[2] === '' ? undefined : Number(match[2]) };
}

function collectionOf(body: unknown, url: string): CollectionDocument {
  const fail = (why: string): never => {
    throw new ProtocolError(`GET ${url} did not answer a JSON:API collection document: ${why}`, body, { method: 'GET', url });
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('not an object');
  const record = body as Record<string, unknown>;
  const data = record['data'];
  if (!Array.isArray(data)) return fail('its data is not a list');
  const meta = record['meta'];
  const total = typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)['total'] : undefined;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) return fail(`meta.total is ${JSON.stringify(total)}, not a whole number >= 0`);
  if (data.length > total) fail(`${data.length} resources on a page of a result of ${total}`);
  return { data, included: includedOf(body), total };
}

function dataOf(body: unknown, what: string): unknown {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'data')) {
    const data = (body as Record<string, unknown>)['data'];
    if (data === null || (typeof data === 'object' && !Array.isArray(data))) return data;
  }
  throw new ProtocolError(`The server did not answer a JSON:API document holding ${what}`, body);
}

function includedOf(body: unknown): readonly unknown[] {
  const included = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['included'] : undefined;
  return Array.isArray(included) ? included : [];
}

