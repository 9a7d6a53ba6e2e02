/**
 * The media type Flask-Restless-NG insists on (docs/protocol/jsonapi/README.md fact 1): requests
 * carry exactly `Accept: application/vnd.api+json` (`*\/*`, `application/json` and a `q`
 * parameter are a 406, errors#35 to #39), and a body exactly
 * `Content-Type: application/vnd.api+json` (even `; charset=utf-8` is a 415, errors#40 to #43).
 */
import type { HttpWire } from '../dialect.js';
import { jsonapiErrorFor } from './errors.js';

export const JSONAPI_MEDIA_TYPE = 'application/vnd.api+json';

export const jsonapiHttp: HttpWire = {
  headers: { Accept: JSONAPI_MEDIA_TYPE },
  contentType: JSONAPI_MEDIA_TYPE,
  errorFor: jsonapiErrorFor,
};
