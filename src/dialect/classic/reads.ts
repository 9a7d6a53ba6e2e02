/**
 * Reads on the classic server: a search is `?q=<JSON>` with `page` and `results_per_page`; a page
 * is `{num_results, objects, page, total_pages}`; `single: true` answers the bare row, or a 404
 * "No result found" / 400 "Multiple results found".
 */
import type { QueryExpression } from '../../query/expression.js';
import type { ReadEncoding } from '../dialect.js';
import { encodeQuery } from './encode-query.js';
import { singleMiss } from './errors.js';
import { checkPageCounts } from './page-counts.js';
import { parseCollectionPage, searchUrl } from './resources.js';

export const classicReads: ReadEncoding = {
  page: (url, expression, paging) => searchUrl(url, expression === undefined ? undefined : encodeQuery(expression), { page: paging.number, pageSize: paging.size }),
  // page=0 answers num_results with no objects: nothing is serialized, so rows the server
  // cannot serialize (Computer.peers, Interval values) do not break a count.
  count: (url, expression) => searchUrl(url, encodeQuery(expression), { page: 0, pageSize: 1 }),
  single: (url, expression: QueryExpression) => searchUrl(url, encodeQuery(expression, { single: true })),
  parsePage(body, url, asked) {
    const page = checkPageCounts(parseCollectionPage(body, url), url, asked);
    return { rows: page.objects, total: page.numResults, number: page.page, pages: page.totalPages };
  },
  // The server counted: a 2xx is the one row; none and several are errors (singleMiss).
  parseSingle: (body) => ({ row: body }),
  parseInstance: (body) => body,
  parseRelated: (body) => body,
  singleMiss,
};
