/**
 * The emulator's place in the layout: the client never imports it (it is a separate entry,
 * `flask-restless-rx/testing`, and must not end up in an app's bundle), and its dialect-neutral
 * core never imports a dialect (a second dialect builds on the same core).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every relative import of `file`, resolved to a path under src/ (`testing/core/db.js`). */
function importsOf(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1] ?? '');
  return specifiers.map((specifier) => relative(SRC, resolve(file, '..', specifier)).split('\\').join('/'));
}

function violations(files: readonly string[], forbidden: (target: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter(forbidden).map((target) => `${relative(SRC, file)} -> ${target}`));
}

describe('the emulator in the layout', () => {
  it('no client file imports src/testing', () => {
    const client = sourceFiles(SRC).filter((file) => !relative(SRC, file).startsWith('testing'));
    expect(client.length).toBeGreaterThan(50);
    expect(violations(client, (target) => target.startsWith('testing/'))).toEqual([]);
  });

  it('the core imports no dialect', () => {
    const core = sourceFiles(join(SRC, 'testing', 'core'));
    expect(core.length).toBeGreaterThan(10);
    expect(violations(core, (target) => target.startsWith('testing/') && !target.startsWith('testing/core/'))).toEqual([]);
  });
});
