/**
 * What the two real-server starters share (test/server/real-server.ts for classic Flask-Restless,
 * test/server/ng/ng-server.ts for Flask-Restless-NG): running a venv's setup script once per test
 * worker, spawning a Python app that prints `LISTENING <port>` when ready, keeping the tail of its
 * stderr for error messages, and stopping it (SIGTERM, then SIGKILL after a grace period).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';

const STARTUP_TIMEOUT_MS = 60_000;
const SETUP_TIMEOUT_MS = 10 * 60_000;
const STOP_GRACE_MS = 10_000;
/** How much of the server's stderr is kept for error messages. */
const STDERR_KEEP = 16_384;

/** Makes the starter's own error class, so that callers see `RealServerError` or `NgServerError`. */
export type ServerErrorOf = (message: string, options?: { cause?: unknown }) => Error;

/** A spawned app that is listening. */
export interface PythonServer {
  readonly port: number;
  /** The tail of its stderr, for error messages. */
  readonly stderr: () => string;
  /** Terminates it and waits for it to exit. */
  stop(): Promise<void>;
}

/** Runs `bash <script>` in `cwd` (a venv's setup): rejects with the script's output when it fails. */
export function runSetup(script: string, cwd: string, errorOf: ServerErrorOf): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [script], { cwd, timeout: SETUP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(errorOf(`${script} failed: ${error.message}\n${stdout}${stderr}`, { cause: error }));
      else resolve();
    });
  });
}

/**
 * Spawns `python app` in `cwd` with `env` and resolves once it printed its port. `label` names it
 * in errors ("Real server", "NG server").
 */
export async function spawnPythonServer(python: string, app: string, cwd: string, env: NodeJS.ProcessEnv, label: string, errorOf: ServerErrorOf): Promise<PythonServer> {
  const child = spawn(python, [app], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = keepTail(child);
  // Never leave a server behind when the test process exits without stop().
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    await terminate(child);
  };
  try {
    const port = await waitForPort(child, (reason) => errorOf(`${label} ${reason} (${app})\n${stderr()}`));
    return { port, stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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

/** Resolves with the port from the `LISTENING <port>` line the app prints when ready. */
function waitForPort(child: ChildProcess, failure: (reason: string) => Error): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string): void => {
      cleanup();
      reject(failure(reason));
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

/** SIGTERM (the apps exit cleanly on it), SIGKILL after a grace period; resolves on exit. */
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
