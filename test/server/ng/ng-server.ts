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
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const STARTUP_TIMEOUT_MS = 60_000;
const SETUP_TIMEOUT_MS = 10 * 60_000;
const STOP_GRACE_MS = 10_000;
/** How much of the server's stderr is kept for error messages. */
const STDERR_KEEP = 16_384;

// One setup per test worker; setup.sh itself serialises concurrent workers and is a no-op when
// the venv matches requirements.txt and the datamodel package's sources.
let setupDone: Promise<void> | undefined;

/** Starts a server on a free loopback port and resolves once it listens. */
export async function startNgServer(options: NgServerOptions = {}): Promise<NgServer> {
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
        throw new NgServerError(`Reset failed: POST ${url}/__test__/reset answered ${response.status}\n${stderr()}`);
      }
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      await terminate(child);
    },
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
  setupDone ??= runSetup().catch((error: unknown) => {
    setupDone = undefined; // let the next call retry
    throw error;
  });
  return setupDone;
}

function runSetup(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [SETUP], { cwd: HERE, timeout: SETUP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new NgServerError(`${SETUP} failed: ${error.message}\n${stdout}${stderr}`, { cause: error }));
      } else {
        resolve();
      }
    });
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
      reject(new NgServerError(`NG server ${reason} (${APP})\n${stderr()}`));
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
