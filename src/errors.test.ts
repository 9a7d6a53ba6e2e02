import { describe, expect, it } from 'vitest';
import { AuthError, HttpError, NetworkError, NotFoundError, ProtocolError, RestlessError, ValidationError } from './errors.js';

describe('the error family', () => {
  it('accepts subclasses in is(), as instanceof does', () => {
    const notFound = new NotFoundError(null, { method: 'GET', url: 'http://x/api/person/9' });
    expect(notFound).toBeInstanceOf(HttpError);
    expect(HttpError.is(notFound)).toBe(true);
    expect(NotFoundError.is(notFound)).toBe(true);
    expect(NotFoundError.is(new HttpError(500, null))).toBe(false);
  });

  it('accepts an error only in the is() of the classes it is an instance of', () => {
    const errors = [new HttpError(500, null), new NotFoundError(null), new NetworkError('x'), new ProtocolError('x', null), new ValidationError('x'), new AuthError('x')];
    const classes = [HttpError, NotFoundError, NetworkError, ProtocolError, ValidationError, AuthError];
    for (const error of errors) {
      for (const type of classes) expect(type.is(error), `${type.name}.is(${error.name})`).toBe(error instanceof type);
      expect(RestlessError.isRestlessError(error)).toBe(true);
    }
  });

  it('keeps working for an error from another copy of the package (no shared prototype)', () => {
    const foreign = Object.setPrototypeOf(new NotFoundError(null), Error.prototype) as unknown;
    expect(foreign instanceof HttpError).toBe(false);
    expect(HttpError.is(foreign)).toBe(true);
    expect(NotFoundError.is(foreign)).toBe(true);
  });

  it('carries an unknown outcome when told so, and none by default', () => {
    expect(new NetworkError('lost', { outcome: 'unknown' }).outcome).toBe('unknown');
    expect(new NetworkError('refused').outcome).toBeUndefined();
  });
});
