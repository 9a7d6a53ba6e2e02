/**
 * Opt-in token authentication for the emulator (`createClassicEmulator({ auth })`), as an app
 * puts it in front of Flask-Restless (Flask-Restless itself has none): POST `<api>/auth` with a
 * form `username` and `password` answers `{"access_token": "..."}` or 401; every other request
 * needs `Authorization: Bearer <token>` with a token it issued that has not expired, else 401
 * `{"message": "..."}`. Expiry reads `Date.now()`, so fake timers can expire tokens, and
 * `emulator.auth.expireAll()` expires them at once.
 */
import { HttpResponse } from 'msw';
import { ValidationError } from '../../errors.js';

/** The `auth` option of `createClassicEmulator`. */
export interface EmulatorAuthOptions {
  readonly username: string;
  readonly password: string;
  /** How long a token is valid, in ms (default one hour). */
  readonly tokenTtlMs?: number;
}

/** `emulator.auth`: the tokens of an emulator with `auth`. */
export interface EmulatorAuth {
  /** Every token issued so far expires now: the next request with one is answered 401. */
  expireAll(): void;
  /** How many logins succeeded so far. */
  readonly logins: number;
}

const DEFAULT_TTL_MS = 60 * 60 * 1000;

/** The emulator's token authority: answers logins, and refuses requests without a valid token. */
export class TokenAuthority implements EmulatorAuth {
  readonly #options: EmulatorAuthOptions;
  readonly #ttlMs: number;
  readonly #loginPath: string;
  /** Token -> when it expires (Date.now() ms). */
  readonly #tokens = new Map<string, number>();
  #logins = 0;

  constructor(options: EmulatorAuthOptions, loginPath: string) {
    if (typeof options.username !== 'string' || typeof options.password !== 'string') throw new ValidationError('auth needs a username and a password (strings)');
    const ttl = options.tokenTtlMs ?? DEFAULT_TTL_MS;
    if (!(ttl > 0 && Number.isFinite(ttl))) throw new ValidationError(`auth.tokenTtlMs must be a number of milliseconds > 0, got ${String(options.tokenTtlMs)}`);
    this.#options = options;
    this.#ttlMs = ttl;
    this.#loginPath = loginPath;
  }

  get logins(): number {
    return this.#logins;
  }

  expireAll(): void {
    this.#tokens.clear();
  }

  /**
   * The answer of the auth layer to `request`: the login's answer, a 401, or undefined when the
   * request carries a valid token and goes on to the server.
   */
  async answer(request: Request): Promise<Response | undefined> {
    if (new URL(request.url).pathname === this.#loginPath) return this.#login(request);
    const token = /^Bearer (\S+)$/.exec(request.headers.get('Authorization') ?? '')?.[1];
    if (token === undefined) return unauthorized('Missing Authorization Header');
    const expires = this.#tokens.get(token);
    if (expires === undefined || expires <= Date.now()) {
      this.#tokens.delete(token);
      return unauthorized('Token is invalid or has expired');
    }
    return undefined;
  }

  async #login(request: Request): Promise<Response> {
    if (request.method.toUpperCase() !== 'POST') return HttpResponse.json({ message: 'The method is not allowed for the requested URL.' }, { status: 405, headers: { Allow: 'POST, OPTIONS' } });
    const form = new URLSearchParams(await request.clone().text());
    if (form.get('username') !== this.#options.username || form.get('password') !== this.#options.password) return unauthorized('Bad username or password');
    const token = newToken();
    this.#tokens.set(token, Date.now() + this.#ttlMs);
    this.#logins += 1;
    return HttpResponse.json({ access_token: token });
  }
}

function unauthorized(message: string): Response {
  return HttpResponse.json({ message }, { status: 401 });
}

/** An unguessable token (Web Crypto: browsers and Node alike). */
function newToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
