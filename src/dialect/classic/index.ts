/**
 * The classic dialect: Flask-Restless 0.17 (with flask-restless-datamodel) as recorded in
 * docs/protocol/classic/. This folder is the only place of the client that knows that protocol.
 */
import type { Datamodel } from '../../schema/datamodel.js';
import type { Dialect, DialectKind, DialectUrls, HttpWire } from '../dialect.js';
import { classicErrorFor } from './errors.js';
import { classicOutcomes } from './outcomes.js';
import { classicReads } from './reads.js';
import { collectionUrl, itemUrl, relationUrl, unaddressableKey } from './resources.js';
import { classicRows } from './rows.js';
import { classicWrites } from './writes.js';

/** The classic server answers JSON, and reads a request body only when it is labelled JSON. */
export const classicHttp: HttpWire = {
  headers: { Accept: 'application/json' },
  contentType: 'application/json',
  errorFor: classicErrorFor,
};

/** The classic dialect for a server at `root` (scheme, host, port and any path before the models' url_prefix). */
export function classicDialect(root: string, datamodel: Datamodel): Dialect {
  const urls: DialectUrls = {
    collection: (model) => collectionUrl(root, model),
    instance: (model, pk) => itemUrl(root, model, pk),
    relation: (model, pk, relation) => relationUrl(root, model, pk, relation),
    unaddressable: unaddressableKey,
  };
  return {
    name: 'classic',
    urls,
    reads: classicReads,
    rows: classicRows(datamodel),
    writes: classicWrites(urls),
    outcomes: classicOutcomes,
    http: classicHttp,
    rpc: { available: true },
  };
}

/** More than any classic server gives: it caps a page at its maximum (default 100), so every read asks for that. */
const LARGEST_PAGE = 10_000;

export const classic: DialectKind = { name: 'classic', http: classicHttp, pageSize: LARGEST_PAGE, create: classicDialect };
