import { describe, expect, it } from 'vitest';
import { authFromEnvironment } from './environment.js';

describe('RESTLESS_CLIENT_* environment', () => {
  it('builds bearer auth by default, basic when asked, and nothing without credentials', () => {
    expect(authFromEnvironment({ RESTLESS_CLIENT_USERNAME: 'roy', RESTLESS_CLIENT_PASSWORD: 'pw', RESTLESS_CLIENT_AUTH_URL: 'http://x/login' })).toEqual({ kind: 'bearer', username: 'roy', password: 'pw', authUrl: 'http://x/login' });
    expect(authFromEnvironment({ RESTLESS_CLIENT_AUTH_TYPE: 'Basic', RESTLESS_CLIENT_USERNAME: 'roy', RESTLESS_CLIENT_PASSWORD: 'pw' })).toEqual({ kind: 'basic', username: 'roy', password: 'pw' });
    expect(authFromEnvironment({ RESTLESS_CLIENT_TOKEN: 't0k' })).toEqual({ kind: 'bearer', token: 't0k' });
    expect(authFromEnvironment({})).toBeUndefined();
  });
});
