/**
 * Starts the real JSON:API-dialect server (Flask-Restless-NG 3.3.0, test/server/ng/app.py) for
 * real-server tests. The venv (test/server/ng/.venv) is made by setup.sh on first use.
 *
 * @example
 * const server = await startNgServer();
 * try {
 *   const client = connect({ url: server.url, dialect: 'jsonapi' });
 *   // ...
 *   await server.reset(); // back to the seed data
 * } finally {
 *   await server.stop();
 * }
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSetup, spawnPythonServer } from '../python-server.js';

/** Server configurations: see test/server/README.md. */
export interface NgServerOptions {
  /**
   * `contract` (default): the classic test server's models and seed (test/server/models.py) under
   * NG. `ref`: the reference app of the recordings in docs/protocol/jsonapi/ (ref_models.py).
   */
  app?: 'contract' | 'ref';
  /** `APIManager(include_links=True)` (default false, NG's default and the recorded main server). */
  includeLinks?: boolean;
}

/** A running server process with its own fresh, seeded SQLite database. */
export interface NgServer {
  /** Server root, e.g. `http://127.0.0.1:PORT`; the API is under `/api`. */
  url: string;
  /** Drops, recreates and reseeds the database (test-only route `POST /__test__/reset`). */
  reset(): Promise<void>;
  /** Terminates the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Setup, start-up or shutdown of the NG server failed. */
export class NgServerError extends Error {
  override readonly name = 'NgServerError';
}

const HERE = dirname(fileURLToPath(import.meta.url));
const SETUP = join(HERE, 'setup.sh');
const PYTHON = join(HERE, '.venv', 'bin', 'python');
const APP = join(HERE, 'app.py');

const serverError = (message: string, options?: { cause?: unknown }): Error => new NgServerError(message, options);

// One setup per test worker; setup.sh itself serialises concurrent workers and is a no-op when
// the venv matches requirements.txt and the datamodel package's sources.
let setupDone: Promise<void> | undefined;

/** Starts a server on a free loopback port and resolves once it listens. */
export async function startNgServer(options: NgServerOptions = {}): Promise<NgServer> {
  await ensureVenv();
  const { port, stderr, stop } = await spawnPythonServer(PYTHON, APP, HERE, serverEnv(options), 'NG server', serverError);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async reset() {
      const response = await fetch(`${url}/__test__/reset`, { method: 'POST' });
      if (response.status !== 204) {
        throw new NgServerError(`Reset failed: POST ${url}/__test__/reset answered ${response.status}\n${stderr()}`);
      }
    },
    stop,
  };
}

function serverEnv(options: NgServerOptions): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // A database path inherited from the caller would make servers share a file.
  delete env['NG_DB_PATH'];
  return {
    ...env,
    NG_APP: options.app ?? 'contract',
    INCLUDE_LINKS: options.includeLinks === true ? '1' : '0',
    // As for the classic server: no hash-order dependent output between runs.
    PYTHONHASHSEED: '0',
  };
}

function ensureVenv(): Promise<void> {
  setupDone ??= runSetup(SETUP, HERE, serverError).catch((error: unknown) => {
    setupDone = undefined; // let the next call retry
    throw error;
  });
  return setupDone;
}
