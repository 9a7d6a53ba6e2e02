/**
 * Pagination as Flask-Restless 0.17 computes it (`_paginated`, `_compute_results_per_page`,
 * `create_link_string`), including its edges (recorded in docs/protocol/classic/read.md): `results_per_page` that is not
 * a positive integer falls back to the default and is capped at the maximum; `page` is 1-based,
 * `page=0` is empty and a negative page is a Python slice; `num_results` counts the rows after the
 * search's own limit/offset, and the page is cut inside that window by SQLAlchemy's slicing.
 */
import { pyIntFromString } from './python-semantics.js';

/** The window of one page: Python slice bounds plus the numbers the envelope reports. */
export interface PageWindow {
  readonly page: number;
  readonly perPage: number;
  readonly start: number;
  readonly stop: number;
  readonly totalPages: number;
}

/** `results_per_page`: a positive integer, else the default; never above the maximum. */
export function resultsPerPage(raw: string | null, pageSize: number, maxPageSize: number): number {
  const given = raw === null ? undefined : pyIntFromString(raw);
  const perPage = given === undefined || given <= 0 ? pageSize : given;
  return Math.min(perPage, maxPageSize);
}

/** `int(request.args.get('page', 1))`; `undefined` when Python's int() raises (an HTML 500). */
export function pageNumber(raw: string | null): number | undefined {
  return raw === null ? 1 : pyIntFromString(raw);
}

/** The slice of `count` rows that page `page` covers. */
export function pageWindow(count: number, page: number, perPage: number): PageWindow {
  const start = (page - 1) * perPage;
  return { page, perPage, start, stop: Math.min(count, start + perPage), totalPages: Math.ceil(count / perPage) };
}

/** The `Link` header: `rel="next"` when there is a next page, `rel="last"` always. */
export function linkHeader(url: string, window: PageWindow): string {
  const link = (page: number, rel: string) => `<${url}?page=${page}&results_per_page=${window.perPage}>; rel="${rel}"`;
  const next = window.page < window.totalPages ? `${link(window.page + 1, 'next')}, ` : '';
  return `${next}${link(window.totalPages, 'last')}`;
}

/** SQLite's LIMIT/OFFSET: a negative limit is none, a negative offset is 0. */
export function limitRows<R>(rows: readonly R[], limit: number | undefined, offset: number | undefined): R[] {
  const from = offset !== undefined && offset > 0 ? offset : 0;
  const count = limit !== undefined && limit >= 0 ? limit : Number.POSITIVE_INFINITY;
  return rows.slice(from, from + count);
}

/** How many rows `limitRows` keeps, without copying them (a count per page of a long read). */
export function limitedCount(total: number, limit: number | undefined, offset: number | undefined): number {
  const from = offset !== undefined && offset > 0 ? offset : 0;
  const count = limit !== undefined && limit >= 0 ? limit : Number.POSITIVE_INFINITY;
  return Math.max(0, Math.min(total - from, count));
}

/**
 * `query[start:stop]` on a query that already has the search's limit/offset: SQLAlchemy 1.4 adds
 * `start` to the offset and replaces the limit with `stop - start`; a negative bound loads the
 * whole window and slices it in Python.
 */
export function sliceQuery<R>(rows: readonly R[], limit: number | undefined, offset: number | undefined, start: number, stop: number): R[] {
  if (stop - start <= 0) return [];
  if (start < 0 || stop < 0) return pySlice(limitRows(rows, limit, offset), start, stop);
  return limitRows(rows, stop - start, (offset ?? 0) + start);
}

/** Python's `list[start:stop]`. */
export function pySlice<R>(rows: readonly R[], start: number, stop: number): R[] {
  const bound = (index: number) => (index < 0 ? Math.max(0, rows.length + index) : Math.min(index, rows.length));
  return rows.slice(bound(start), Math.max(bound(start), bound(stop)));
}
