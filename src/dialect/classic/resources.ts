import { ProtocolError } from '../../errors.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { PrimaryKey } from '../../store/entity-state.js';
import type { WireValue } from '../../query/expression.js';

/** Where a model's resources live: `<root><url_prefix>/<collection_name>`. Names and ids are URL-encoded. */
export function collectionUrl(root: string, model: ModelDef): string {
  return `${root}${model.urlPrefix}/${encodeURIComponent(model.collection)}`;
}

export function itemUrl(root: string, model: ModelDef, pk: PrimaryKey): string {
  return `${collectionUrl(root, model)}/${encodeURIComponent(String(pk))}`;
}

export function relationUrl(root: string, model: ModelDef, pk: PrimaryKey, relation: string): string {
  return `${itemUrl(root, model, pk)}/${encodeURIComponent(relation)}`;
}

/**
 * Why a value cannot address a row, or undefined. Werkzeug decodes `%2F` before routing and URL
 * parsers resolve `.`/`..` segments, so such ids would reach another route even when encoded.
 */
export function unaddressableKey(pk: unknown): string | undefined {
  if (typeof pk === 'number') return Number.isFinite(pk) ? undefined : 'a numeric primary key must be finite';
  if (typeof pk !== 'string') return `a primary key is a number or a string, not ${pk === null ? 'null' : typeof pk}`;
  if (pk === '' || pk === '.' || pk === '..' || /[/\\]/.test(pk)) return 'this primary key cannot be addressed in a URL on a Flask server (empty, a dot segment, or a slash)';
  return undefined;
}

/** A search URL: `q` as JSON, then the paging parameters. */
export function searchUrl(base: string, q: Record<string, WireValue> | undefined, paging?: { page: number; pageSize: number }): string {
  const params = new URLSearchParams();
  if (q !== undefined) params.set('q', JSON.stringify(q));
  if (paging) {
    params.set('page', String(paging.page));
    params.set('results_per_page', String(paging.pageSize));
  }
  const query = params.toString();
  return query.length > 0 ? `${base}?${query}` : base;
}

/** One page of a collection as the classic server sends it. */
export interface CollectionPage {
  readonly objects: readonly unknown[];
  readonly numResults: number;
  readonly page: number;
  readonly totalPages: number;
}

/** Checks the `{num_results, objects, page, total_pages}` envelope; anything else is a ProtocolError. */
export function parseCollectionPage(body: unknown, url: string): CollectionPage {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const { objects, num_results: numResults, page, total_pages: totalPages } = record;
    if (Array.isArray(objects) && typeof numResults === 'number' && typeof page === 'number' && typeof totalPages === 'number') {
      return { objects, numResults, page, totalPages };
    }
  }
  throw new ProtocolError(`GET ${url} did not answer a Flask-Restless collection ({num_results, objects, page, total_pages})`, body, { method: 'GET', url });
}
