/**
 * Remote methods and properties on this dialect: Flask-Restless-NG has no method or property route
 * (issue 13 item 8), so calling one is an error that says so. Decided here alone: a server that
 * also serves flask-restless-datamodel's routes beside NG would change this one value.
 */
import type { RpcSupport } from '../dialect.js';

export const jsonapiRpc: RpcSupport = {
  available: false,
  why: "the 'jsonapi' dialect (Flask-Restless-NG) has no RPC routes for remote methods and properties",
};
