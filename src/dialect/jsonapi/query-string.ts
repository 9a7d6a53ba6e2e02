/**
 * Query strings as NG reads them: `filter[objects]` (URL-encoded JSON), `sort`, `page[number]`,
 * `page[size]`, each name and value encoded like `encodeURIComponent` (read#5, #17: the recorded
 * requests). Pagination links are never followed as sent (README fact 4: they copy the filter
 * unencoded, and on related collections twice): every page URL is built here.
 */
import type { WireValue } from '../../query/expression.js';

export interface QueryParts {
  readonly filters?: readonly WireValue[];
  /** `a,-b` (read#46). */
  readonly sort?: readonly string[];
  /** Relation paths whose resources the answer includes (read#53 to #57). */
  readonly include?: readonly string[];
  readonly page?: { readonly number: number; readonly size: number };
}

export function withQuery(base: string, parts: QueryParts): string {
  const params: Array<[string, string]> = [];
  if (parts.filters !== undefined && parts.filters.length > 0) params.push(['filter[objects]', JSON.stringify(parts.filters)]);
  if (parts.sort !== undefined && parts.sort.length > 0) params.push(['sort', parts.sort.join(',')]);
  if (parts.include !== undefined && parts.include.length > 0) params.push(['include', parts.include.join(',')]);
  if (parts.page !== undefined) {
    params.push(['page[number]', String(parts.page.number)]);
    params.push(['page[size]', String(parts.page.size)]);
  }
  if (params.length === 0) return base;
  return `${base}?${params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')}`;
}

/** The value of one parameter of a URL this module built, or undefined. */
export function paramOf(url: string, name: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  const hash = url.indexOf('#', query);
  return new URLSearchParams(url.slice(query + 1, hash < 0 ? undefined : hash)).get(name) ?? undefined;
}
