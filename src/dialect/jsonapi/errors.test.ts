/** Error answers of the recorded server (docs/protocol/jsonapi/errors.md, write.md) as typed errors. */
import { describe, expect, it } from 'vitest';
import { recordedBody, recordedHtml } from '../../../test/support/recorded-jsonapi.js';
import { HttpError, NotFoundError } from '../../errors.js';
import { jsonapiErrorFor, serverMessageOf } from './errors.js';

const context = (method: string, url: string) => ({ method, url });

describe('jsonapi error documents', () => {
  it('a GET of a missing resource is a NotFoundError carrying the detail (errors#17)', () => {
    const error = jsonapiErrorFor(404, recordedBody('errors', 17), context('GET', 'http://h/api/person/999'));
    expect(NotFoundError.is(error)).toBe(true);
    expect(error.serverMessage).toBe('No resource with ID 999');
    expect(error.message).toContain('No resource with ID 999');
  });

  it('keeps the title of database errors beside their detail (errors#59)', () => {
    const error = jsonapiErrorFor(409, recordedBody('errors', 59), context('POST', 'http://h/api/person'));
    expect(HttpError.is(error)).toBe(true);
    expect(error.serverMessage).toMatch(/^Integrity Error: /);
  });

  it('reads entries whose status is null, and names each (write#39)', () => {
    const body = recordedBody('write', 39);
    expect(serverMessageOf(body)).toBe('No object of type computer found with ID 998; No object of type computer found with ID 999');
    expect(jsonapiErrorFor(404, body, context('PATCH', 'http://h/api/person/1')).status).toBe(404);
  });

  it('says plainly what a type mismatch 409 means (errors#61)', () => {
    const error = jsonapiErrorFor(409, recordedBody('errors', 61), context('POST', 'http://h/api/person'));
    expect(error.status).toBe(409);
    expect(error.serverMessage).toMatch(/refused the resource's type .*expected type "person" but got type "people".*endpoint of its own type/);
  });

  it('an HTML 500 page is an HttpError with a short excerpt, not a parse failure (errors#13)', () => {
    const error = jsonapiErrorFor(500, recordedHtml('errors', 13), context('GET', 'http://h/api/person?include=nope'));
    expect(error.status).toBe(500);
    expect(NotFoundError.is(error)).toBe(false);
    expect(error.serverMessage).toMatch(/^500 Internal Server Error Internal Server Error The server encountered/);
    expect(error.serverMessage!.length).toBeLessThanOrEqual(201);
  });

  it('an HTML 404 of an unknown URL is not a missing row (errors#19)', () => {
    const error = jsonapiErrorFor(404, recordedHtml('errors', 19), context('GET', 'http://h/api/nope'));
    expect(NotFoundError.is(error)).toBe(false);
    expect(error.serverMessage).toMatch(/Not Found/);
  });
});
