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
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const STARTUP_TIMEOUT_MS = 60_000;
const SETUP_TIMEOUT_MS = 10 * 60_000;
const STOP_GRACE_MS = 10_000;
/** How much of the server's stderr is kept for error messages. */
const STDERR_KEEP = 16_384;

// One setup per test worker; setup.sh itself serialises concurrent workers.
let setupDone: Promise<void> | undefined;

/** Starts a server on a free port and resolves once it listens. */
export async function startRealServer(options: RealServerOptions = {}): Promise<RealServer> {
  await ensureVenv();
  const child = spawn(PYTHON, [APP], {
    cwd: HERE,
    env: serverEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = keepTail(child);
  // Never leave a server behind when the test process exits without stop().
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let port: number;
  try {
    port = await waitForPort(child, stderr);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    await terminate(child);
    throw error;
  }

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
    async stop() {
      process.removeListener('exit', killOnExit);
      await terminate(child);
    },
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
  setupDone ??= (isVenvCurrent() ? Promise.resolve() : runSetup()).catch((error: unknown) => {
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

function runSetup(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [SETUP],
      { cwd: HERE, timeout: SETUP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new RealServerError(`${SETUP} failed: ${error.message}\n${stdout}${stderr}`, { cause: error }));
        } else {
          resolve();
        }
      },
    );
  });
}

/** Keeps draining stderr (a full pipe would block the server) and returns a reader of its tail. */
function keepTail(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_KEEP);
  });
  return () => (tail === '' ? '(no stderr)' : `stderr:\n${tail}`);
}

/** Resolves with the port from the `LISTENING <port>` line app.py prints when ready. */
function waitForPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string): void => {
      cleanup();
      reject(new RealServerError(`Real server ${reason} (${APP})\n${stderr()}`));
    };
    const onData = (chunk: string): void => {
      stdout += chunk;
      const match = /^LISTENING (\d+)$/m.exec(stdout);
      if (match?.[1] !== undefined) {
        cleanup();
        // Keep draining stdout for the life of the process.
        child.stdout?.resume();
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      fail(`exited before listening (code ${code}, signal ${signal})`);
    };
    const onError = (error: Error): void => {
      fail(`could not be spawned: ${error.message}`);
    };
    const timer = setTimeout(() => {
      fail(`did not print LISTENING within ${STARTUP_TIMEOUT_MS / 1000} s`);
    }, STARTUP_TIMEOUT_MS);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** SIGTERM (app.py exits cleanly on it), SIGKILL after a grace period; resolves on exit. */
function terminate(child: ChildProcess): Promise<void> {
  const gone = child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
  if (gone) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
