import { ProtocolError } from '../../errors.js';
import type { CollectionPage } from './resources.js';

/**
 * The most pages one read will plan. A collection of more than this many pages (100 million rows
 * at the classic server's default cap of 100 a page) is not something a client should try to load;
 * a `total_pages` above it is a broken or hostile answer.
 */
export const MAX_PAGES = 1_000_000;

/**
 * Checks the counts of a collection page before anything is planned from them: `num_results`,
 * `page` and `total_pages` must be sane non-negative integers that agree with each other and with
 * the rows on the page, and the page must be the one asked for. Anything else is a ProtocolError,
 * never a RangeError from allocating a plan for 1e12 pages, nor a silently short list.
 */
export function checkPageCounts(page: CollectionPage, url: string, asked: number): CollectionPage {
  const { numResults, totalPages, objects } = page;
  const fail = (why: string): never => {
    throw new ProtocolError(`GET ${url} answered a page whose counts are not usable: ${why}`, { num_results: numResults, page: page.page, total_pages: totalPages, objects: objects.length }, { method: 'GET', url });
  };
  for (const [name, value] of [['num_results', numResults], ['page', page.page], ['total_pages', totalPages]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) fail(`${name} is ${String(value)}, not a whole number >= 0`);
  }
  if (totalPages > MAX_PAGES) fail(`total_pages ${totalPages} is more than ${MAX_PAGES}`);
  if (page.page !== asked) fail(`page ${page.page} instead of page ${asked}`);
  // Every page holds at least one row, and no page holds rows of an empty result.
  if (totalPages > numResults) fail(`${totalPages} pages for ${numResults} rows`);
  if (numResults > 0 && totalPages === 0) fail(`no pages for ${numResults} rows`);
  if (objects.length > numResults) fail(`${objects.length} rows on a page of a result of ${numResults}`);
  if (page.page >= 1 && page.page < totalPages) {
    // A page before the last is full: its size fixes how many pages the result has.
    if (objects.length === 0 || Math.ceil(numResults / objects.length) !== totalPages) fail(`${totalPages} pages of ${objects.length} rows cannot hold ${numResults} rows`);
  }
  return page;
}
