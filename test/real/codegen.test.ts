/**
 * `flask-restless-rx codegen <url>` against the real test server, behind token authentication
 * taken from the RESTLESS_CLIENT_* environment (as `connect` takes it): it writes the same models
 * as the committed test/generated/models.ts (which `npm test` checks against the recorded
 * datamodel), apart from the header's source; and `--check` against the server passes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/codegen/cli.js';
import { startRealServer, type RealServer } from '../server/real-server.js';

const COMMITTED = join(dirname(fileURLToPath(import.meta.url)), '..', 'generated', 'models.ts');
const CREDENTIALS = { username: 'codegen-user', password: 'codegen-secret-pw' };
const ENV = ['RESTLESS_CLIENT_AUTH_TYPE', 'RESTLESS_CLIENT_USERNAME', 'RESTLESS_CLIENT_PASSWORD'] as const;

let server: RealServer;
const saved = new Map<string, string | undefined>();

beforeAll(async () => {
  server = await startRealServer({ auth: CREDENTIALS });
  for (const name of ENV) saved.set(name, process.env[name]);
  process.env['RESTLESS_CLIENT_AUTH_TYPE'] = 'bearer';
  process.env['RESTLESS_CLIENT_USERNAME'] = CREDENTIALS.username;
  process.env['RESTLESS_CLIENT_PASSWORD'] = CREDENTIALS.password;
});

afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await server?.stop();
});

/** Drops the header's two lines (they name the source). */
const body = (text: string): string => text.split('\n').slice(2).join('\n');

it('writes the committed models from the running server, logging in from the environment', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'codegen-real-')), 'models.ts');
  const err: string[] = [];
  const code = await runCli(['codegen', server.url, '-o', out, '--library', '../../src/index.js'], { out: () => undefined, err: (text) => err.push(text) });
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  const written = readFileSync(out, 'utf8');
  expect(body(written)).toBe(body(readFileSync(COMMITTED, 'utf8')));
  expect(written).toContain(`npx flask-restless-rx codegen ${server.url}`);
  expect(written).not.toContain(CREDENTIALS.password);

  // --check against the server: current, exit 0.
  expect(await runCli(['codegen', server.url, '-o', out, '--library', '../../src/index.js', '--check'], { out: () => undefined, err: (text) => err.push(text) })).toBe(0);
});

it('a wrong password is an error naming no credential, exit code 2', async () => {
  process.env['RESTLESS_CLIENT_PASSWORD'] = 'wrong-pw-value';
  const err: string[] = [];
  try {
    expect(await runCli(['codegen', server.url], { out: () => undefined, err: (text) => err.push(text) })).toBe(2);
  } finally {
    process.env['RESTLESS_CLIENT_PASSWORD'] = CREDENTIALS.password;
  }
  expect(err.join('')).toMatch(/^codegen: /);
  expect(err.join('')).not.toContain('wrong-pw-value');
});
