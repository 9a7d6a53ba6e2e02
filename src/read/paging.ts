/**
 * Reading a paged resource (a collection, or a to-many relation) through the dialect: every page at
 * once for a list, or one page after the other for a stream.
 */
import { EMPTY, Observable, expand, from, map, mergeMap, of, switchMap, toArray } from 'rxjs';
import type { Dialect, Page } from '../dialect/dialect.js';
import type { QueryExpression } from '../query/expression.js';
import type { HttpClient } from '../transport/http.js';

/** What paging needs from the client. */
export interface PageSource {
  readonly http: HttpClient;
  readonly dialect: Dialect;
  /** Rows asked for per page. */
  readonly pageSize: number;
  /** Pages fetched at once after the first. */
  readonly concurrency: number;
}

/** One page, checked by the dialect (`asked` is the page number the URL asks for). */
export function fetchPage(source: PageSource, url: string, asked: number): Observable<Page> {
  return source.http.request({ method: 'GET', url }).pipe(map((response) => source.dialect.reads.parsePage(response.body, url, asked)));
}

/**
 * Every row of a paged resource: page 1, then the other pages concurrently (bounded), in order.
 * When a later page says there are more pages than page 1 did (rows were inserted meanwhile),
 * those are read too, so that a row pushed onto a new last page is not lost. Rows can still come
 * twice (a row shifted from one page onto the next); the callers keep each entity once.
 */
export function allRows(source: PageSource, base: string, expression: QueryExpression | undefined): Observable<unknown[]> {
  const size = source.pageSize;
  const page = (number: number) => fetchPage(source, source.dialect.reads.page(base, expression, { number, size }), number).pipe(map((result) => ({ number, result })));
  const range = (from_: number, to: number): Observable<Array<{ number: number; result: Page }>> =>
    from(Array.from({ length: Math.max(0, to - from_ + 1) }, (_, index) => from_ + index)).pipe(mergeMap(page, source.concurrency), toArray());
  const rest = (done: number, pages: Array<{ number: number; result: Page }>): Observable<Array<{ number: number; result: Page }>> => {
    const total = pages.reduce((most, entry) => Math.max(most, entry.result.pages), 0);
    if (total <= done) return of(pages);
    return range(done + 1, total).pipe(switchMap((more) => rest(total, [...pages, ...more])));
  };
  return page(1).pipe(
    switchMap((first) => rest(1, [first])),
    map((pages) => pages.sort((a, b) => a.number - b.number).flatMap((entry) => entry.result.rows)),
  );
}

/** The pages of a resource one after the other, each asked for when the one before has come. */
export function pageByPage(source: PageSource, base: string, expression: QueryExpression): Observable<Page> {
  const { reads } = source.dialect;
  const fetch = (number: number) => fetchPage(source, reads.page(base, expression, { number, size: source.pageSize }), number).pipe(map((page) => ({ number, page })));
  return fetch(1).pipe(
    expand(({ number, page }) => (number < page.pages ? fetch(number + 1) : EMPTY), 1),
    map(({ page }) => page),
  );
}
