import type { AuthOption } from './auth.js';

/**
 * Reads `RESTLESS_CLIENT_*` variables, as the Python client does, to fill in the `auth` option when
 * the caller gave none: AUTH_TYPE (`bearer` | `basic`), USERNAME, PASSWORD, TOKEN, AUTH_URL.
 * Outside Node (no `process`) there is no environment and this returns undefined.
 */
export function authFromEnvironment(env: Readonly<Record<string, string | undefined>> | undefined = nodeEnv()): AuthOption | undefined {
  if (env === undefined) return undefined;
  const type = env['RESTLESS_CLIENT_AUTH_TYPE']?.toLowerCase();
  const username = env['RESTLESS_CLIENT_USERNAME'];
  const password = env['RESTLESS_CLIENT_PASSWORD'];
  const token = env['RESTLESS_CLIENT_TOKEN'];
  const authUrl = env['RESTLESS_CLIENT_AUTH_URL'];
  if (type === 'basic') {
    if (username === undefined || password === undefined) return undefined;
    return { kind: 'basic', username, password };
  }
  if (type !== undefined && type !== 'bearer') return undefined;
  if (token === undefined && (username === undefined || password === undefined)) return undefined;
  return {
    kind: 'bearer',
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(token === undefined ? {} : { token }),
    ...(authUrl === undefined ? {} : { authUrl }),
  };
}

function nodeEnv(): Readonly<Record<string, string | undefined>> | undefined {
  const candidate = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return candidate?.env;
}
