/**
 * Reading a paged resource (a collection, or a to-many relation) through the dialect: every page at
 * once for a list, or one page after the other for a stream.
 */
import { EMPTY, Observable, concat, defer, expand, map, mergeMap, of, range, tap, toArray } from 'rxjs';
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

/** A page and the number the URL asked for. */
export interface NumberedPage {
  readonly number: number;
  readonly page: Page;
}

/**
 * Every page of a paged resource, each as it arrives: page 1, then the other pages concurrently
 * (bounded), in the order they come. When a later page says there are more pages than page 1 did
 * (rows were inserted meanwhile), those are read too, so that a row pushed onto a new last page is
 * not lost. Rows can still come twice (a row shifted from one page onto the next); the callers
 * keep each entity once.
 */
export function everyPage(source: PageSource, base: string, expression: QueryExpression | undefined): Observable<NumberedPage> {
  const size = source.pageSize;
  const page = (number: number) => fetchPage(source, source.dialect.reads.page(base, expression, { number, size }), number).pipe(map((result) => ({ number, page: result })));
  // Pages done+1..most, then (once they are all in) the pages they announced beyond `most`.
  const after = (done: number, most: number): Observable<NumberedPage> => {
    if (most <= done) return EMPTY;
    let announced = most;
    return concat(
      range(done + 1, most - done).pipe(
        mergeMap(page, source.concurrency),
        tap((entry) => (announced = Math.max(announced, entry.page.pages))),
      ),
      defer(() => after(most, announced)),
    );
  };
  return page(1).pipe(mergeMap((first) => concat(of(first), after(1, first.page.pages))));
}

/** Every row of a paged resource, in page order (see `everyPage`), once the last page has come. */
export function allRows(source: PageSource, base: string, expression: QueryExpression | undefined): Observable<unknown[]> {
  return everyPage(source, base, expression).pipe(
    toArray(),
    map((pages) => pages.sort((a, b) => a.number - b.number).flatMap((entry) => entry.page.rows)),
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
