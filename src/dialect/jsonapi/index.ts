/**
 * The JSON:API dialect: Flask-Restless-NG 3.3.0 (Flask-Restless 1.0's maintained line) as recorded
 * in docs/protocol/jsonapi/. This folder is the only place of the client that knows that protocol.
 */
import type { Datamodel } from '../../schema/datamodel.js';
import type { Dialect, DialectKind } from '../dialect.js';
import { jsonapiHttp } from './media.js';
import { jsonapiOutcomes } from './outcomes.js';
import { jsonapiReads } from './reads.js';
import { jsonapiUrls, ResourceTypes } from './resources.js';
import { jsonapiRows } from './rows.js';
import { jsonapiRpc } from './rpc.js';
import { jsonapiWrites } from './writes.js';

export { jsonapiHttp };

/** The JSON:API dialect for a server at `root` (scheme, host, port and any path before the models' url_prefix). */
export function jsonapiDialect(root: string, datamodel: Datamodel): Dialect {
  const urls = jsonapiUrls(root);
  const types = new ResourceTypes(datamodel);
  return {
    name: 'jsonapi',
    urls,
    reads: jsonapiReads(datamodel),
    rows: jsonapiRows(datamodel, types),
    writes: jsonapiWrites(root, urls, types),
    outcomes: jsonapiOutcomes,
    http: jsonapiHttp,
    rpc: jsonapiRpc,
    // NG reads an interval as whole seconds and sends it back as float seconds (README fact 11).
    columnRules: { intervalSeconds: true },
  };
}

/** NG's default page size (README fact 3); `connect({ pageSize })` is taken up to its maximum of 100. */
const DEFAULT_PAGE_SIZE = 10;

export const jsonapi: DialectKind = { name: 'jsonapi', http: jsonapiHttp, pageSize: DEFAULT_PAGE_SIZE, create: jsonapiDialect };
