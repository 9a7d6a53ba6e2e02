/**
 * The Node examples run end to end as a user runs them (`npx tsx examples/node/export.ts`), each in
 * its own process on the built-in emulator: the export writes every row as NDJSON with a progress
 * bar on stderr, and the import of that file saves every row, the server's answers equal to the
 * lines it read (the rows round-trip).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getResponse } from 'msw';
import { expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { createSeededEmulator } from '../../mocks/emulator.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runExample(script: string, args: readonly string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env['RESTLESS_URL'];
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'examples', 'node', script), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** The seeded emulator's rows of `model`, as the library itself reads them, one JSON line each. */
async function seededLines(model: string): Promise<string[]> {
  const emulator = createSeededEmulator('http://expected.test');
  const client = await connect({
    url: 'http://expected.test',
    fetch: async (input, init) => (await getResponse(emulator.handlers, new Request(input, init))) ?? new Response(null, { status: 599 }),
  });
  const lines: string[] = [];
  for await (const entity of client.models[model]!.query.orderBy({ id: 'asc' })) lines.push(JSON.stringify(entity));
  return lines;
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

it('export.ts writes every row as NDJSON, and import.ts saves them back, each row as it was', { timeout: 60_000 }, async () => {
  const exported = await runExample('export.ts', ['Person']);
  expect(exported.code).toBe(0);
  const expected = await seededLines('Person');
  expect(expected.length).toBeGreaterThan(1);
  expect(lines(exported.stdout)).toEqual(expected);
  expect(exported.stderr).toContain(`100% ${expected.length}/${expected.length}`);

  const imported = await runExample('import.ts', ['Person'], exported.stdout);
  expect(imported.code).toBe(0);
  // Saved in one batch, answered in any order: the server's rows, by key, are the lines it read.
  const saved = lines(imported.stdout).sort((a, b) => (JSON.parse(a) as { id: number }).id - (JSON.parse(b) as { id: number }).id);
  expect(saved).toEqual(expected);
  expect(imported.stderr).toContain(`${expected.length} of ${expected.length} rows saved`);
});

it('import.ts with --new-keys lets the server give the keys, and exits with 1 when a row is refused', { timeout: 60_000 }, async () => {
  const rows = [JSON.stringify({ id: 40, name: 'Zoe', birth_date: '1999-09-09T00:00:00.000Z' }), JSON.stringify({ id: 41, name: 'Zoe', birth_date: null })];
  const imported = await runExample('import.ts', ['Person', '--new-keys'], `${rows.join('\n')}\n`);
  // The second Zoe breaks the unique name: one row saved, with the key the server chose.
  expect(imported.code).toBe(1);
  expect(lines(imported.stdout).map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([{ id: 1, name: 'Zoe', birth_date: '1999-09-09T00:00:00.000Z' }]);
  expect(imported.stderr).toContain('1 of 2 rows saved');
});
