import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { authentication, basicAuth } from './auth.js';
import { base64OfUtf8 } from './base64.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('basic auth in a browser', () => {
  it('encodes UTF-8 credentials without Node\'s Buffer', async () => {
    vi.stubGlobal('Buffer', undefined);
    const headers = await firstValueFrom(authentication(basicAuth({ username: 'rené', password: 'pässwörd✓' }), () => { throw new Error('no request is needed'); }, 'http://x/api/auth').authHeaders());
    // The base64 of the UTF-8 bytes of "rené:pässwörd✓" (what Buffer and Python's base64 give).
    expect(headers).toEqual({ Authorization: 'Basic cmVuw6k6cMOkc3N3w7ZyZOKckw==' });
    expect(base64OfUtf8('')).toBe('');
    expect(base64OfUtf8('roy:pw')).toBe('cm95OnB3');
  });
});
