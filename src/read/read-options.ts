/**
 * The options of the reads that go page by page (`stream()`, `iterate()`), and what they report.
 * Public: the model layer re-exports them.
 */
import type { Observable } from 'rxjs';
import { ValidationError } from '../errors.js';
import type { QueryExpression } from '../query/expression.js';

/** How far a paged read has come: rows received of the total the server announced. */
export interface ReadProgress {
  /** Rows received so far, page by page (a row shifted onto the next page between two page reads counts twice). */
  readonly loaded: number;
  /** How many rows match, as the latest page announced it (classic `num_results`, JSON:API `meta.total`). */
  readonly total: number;
}

/** Options of `query.stream()`. */
export interface StreamOptions {
  /** Called after each page is loaded into the store, before its rows are handed on. */
  readonly onProgress?: (progress: ReadProgress) => void;
}

/** Options of `query.iterate()`. */
export interface IterateOptions extends StreamOptions {
  /**
   * Pages asked for ahead of the one the loop is on (default 1). 0: the next page is asked for
   * only when the loop has used every row of this one. At most `readAhead + 1` pages are held.
   */
  readonly readAhead?: number;
  /** Rows asked for per page (default: the client's `pageSize`). */
  readonly pageSize?: number;
}

/** The page-by-page reads, as the reader implements them for the query builder. */
export interface PagedReads {
  stream(expression: QueryExpression, options?: StreamOptions): Observable<object>;
  iterate(expression: QueryExpression, options?: IterateOptions): AsyncGenerator<object, void, undefined>;
}

/** The largest read-ahead accepted: more pages in flight than this only costs memory. */
export const MAX_READ_AHEAD = 1_000;

/** `readAhead` and `pageSize` checked (a `ValidationError` naming the option), defaults filled in. */
export function iterateSettings(options: IterateOptions, defaultPageSize: number, model: string): { readonly readAhead: number; readonly pageSize: number } {
  const readAhead = options.readAhead ?? 1;
  const pageSize = options.pageSize ?? defaultPageSize;
  if (!Number.isInteger(readAhead) || readAhead < 0 || readAhead > MAX_READ_AHEAD) {
    throw new ValidationError(`iterate(): readAhead must be a whole number from 0 to ${MAX_READ_AHEAD}, got ${String(readAhead)}`, { model });
  }
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new ValidationError(`iterate(): pageSize must be a whole number >= 1, got ${String(pageSize)}`, { model });
  return { readAhead, pageSize };
}
