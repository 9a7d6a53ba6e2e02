import { afterEach, describe, expect, it, vi } from 'vitest';
import { NetworkError, ValidationError } from '../errors.js';

afterEach(() => {
  vi.doUnmock('./jsonapi/index.js');
  vi.resetModules();
});

describe('pickDialect', () => {
  it('gives classic by default and the jsonapi dialect when named; anything else is a ValidationError', async () => {
    const { pickDialect } = await import('./pick.js');
    expect((await pickDialect(undefined)).name).toBe('classic');
    expect((await pickDialect('jsonapi')).name).toBe('jsonapi');
    await expect(pickDialect('graphql')).rejects.toBeInstanceOf(ValidationError);
  });

  it('a jsonapi chunk that cannot be downloaded is a NetworkError saying nothing was sent, and the next connect tries again', async () => {
    vi.doMock('./jsonapi/index.js', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { pickDialect } = await import('./pick.js');
    const failure = await pickDialect('jsonapi').catch((error: unknown) => error);
    expect(NetworkError.is(failure)).toBe(true);
    expect((failure as Error).message).toContain('nothing was sent');
    vi.doUnmock('./jsonapi/index.js');
    vi.resetModules();
    const again = await import('./pick.js');
    expect((await again.pickDialect('jsonapi')).name).toBe('jsonapi');
  });
});
