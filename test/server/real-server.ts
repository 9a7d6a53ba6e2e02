/**
 * Starts the real classic server (Flask-Restless 0.17 + flask-restless-datamodel 0.3,
 * test/server/app.py) for real-server tests.
 *
 * @example
 * const server = await startRealServer({ peers: false });
 * try {
 *   const client = connect({ url: server.url });
 *   // ...
 *   await server.reset(); // back to the seed data
 * } finally {
 *   await server.stop();
 * }
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSetup, spawnPythonServer } from './python-server.js';

/** Server configurations recorded in docs/protocol/classic/. */
export interface RealServerOptions {
  /** Define `Computer.peers` (default true, the recorded default; it breaks computers whose owner has 2+). */
  peers?: boolean;
  /** Build the DataModel with `commit_on_method_return=True` (default false: RPC changes are rolled back). */
  commitOnMethodReturn?: boolean;
  /**
   * Token authentication in front of the API (TEST_AUTH=1; off by default): POST /api/auth with a
   * form username/password, then `Authorization: Bearer <token>` on every request.
   */
  auth?: { username: string; password: string; tokenTtlMs?: number };
}

/** A running server process with its own fresh, seeded SQLite database. */
export interface RealServer {
  /** Server root, e.g. `http://127.0.0.1:PORT`; the API is under `/api`. */
  url: string;
  /** Drops, recreates and reseeds the database (test-only route). */
  reset(): Promise<void>;
  /** Expires every token issued (test-only route; with the `auth` option only). */
  expireTokens(): Promise<void>;
  /** Terminates the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Setup, start-up or shutdown of the real server failed. */
export class RealServerError extends Error {
  override readonly name = 'RealServerError';
}

const HERE = dirname(fileURLToPath(import.meta.url));
const SETUP = join(HERE, 'setup.sh');
const PYTHON = join(HERE, '.venv', 'bin', 'python');
const APP = join(HERE, 'app.py');
const REQUIREMENTS = join(HERE, 'requirements.txt');
const STAMP = join(HERE, '.venv', '.requirements.sha256');

const serverError = (message: string, options?: { cause?: unknown }): Error => new RealServerError(message, options);

// One setup per test worker; setup.sh itself serialises concurrent workers.
let setupDone: Promise<void> | undefined;

/** Starts a server on a free port and resolves once it listens. */
export async function startRealServer(options: RealServerOptions = {}): Promise<RealServer> {
  await ensureVenv();
  const { port, stderr, stop } = await spawnPythonServer(PYTHON, APP, HERE, serverEnv(options), 'Real server', serverError);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async reset() {
      const response = await fetch(`${url}/__test__/reset`, { method: 'POST' });
      if (response.status !== 204) {
        throw new RealServerError(
          `Reset failed: POST ${url}/__test__/reset answered ${response.status}\n${stderr()}`,
        );
      }
    },
    async expireTokens() {
      const response = await fetch(`${url}/__test__/expire-tokens`, { method: 'POST' });
      if (response.status !== 204) {
        throw new RealServerError(`POST ${url}/__test__/expire-tokens answered ${response.status} (is the server started with auth?)\n${stderr()}`);
      }
    },
    stop,
  };
}

function serverEnv(options: RealServerOptions): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // A database path inherited from the caller would make servers share a file.
  delete env['CLASSIC_DB_PATH'];
  return {
    ...env,
    CLASSIC_PEERS: options.peers === false ? '0' : '1',
    COMMIT_ON_METHOD_RETURN: options.commitOnMethodReturn === true ? '1' : '0',
    TEST_AUTH: options.auth === undefined ? '0' : '1',
    ...(options.auth === undefined
      ? {}
      : {
          TEST_AUTH_USERNAME: options.auth.username,
          TEST_AUTH_PASSWORD: options.auth.password,
          ...(options.auth.tokenTtlMs === undefined ? {} : { TEST_AUTH_TTL_MS: String(options.auth.tokenTtlMs) }),
        }),
    // The recordings were made with it: Flask-Restless iterates relations
    // through a frozenset and RPC sets keep Python's hash order.
    PYTHONHASHSEED: '0',
  };
}

function ensureVenv(): Promise<void> {
  setupDone ??= (isVenvCurrent() ? Promise.resolve() : runSetup(SETUP, HERE, serverError)).catch((error: unknown) => {
    setupDone = undefined; // let the next call retry
    throw error;
  });
  return setupDone;
}

/** The same check as setup.sh: the stamp holds the sha256 of requirements.txt. */
function isVenvCurrent(): boolean {
  if (!existsSync(PYTHON) || !existsSync(STAMP)) return false;
  const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  return readFileSync(STAMP, 'utf8').trim() === wanted;
}
