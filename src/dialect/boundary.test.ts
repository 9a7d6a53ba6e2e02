/**
 * The wire boundary holds: outside src/dialect/classic/ and src/dialect/jsonapi/, the client's code
 * reaches either protocol only through the `Dialect` port. Only the place that picks the dialect imports it, and
 * the RPC layer, whose routes (flask-restless-datamodel's /api/method and /api/property) exist on
 * the classic stack alone, reuses its rule of which keys a Flask route can address.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
/** Files of the client allowed to import from dialect/classic, and why. */
const ALLOWED = new Set([
  'dialect/pick.ts', // picks the dialect connect() was asked for
  'rpc/remote-target.ts', // the RPC routes are classic-only; it shares the URL-addressable key rule
]);

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the dialect boundary', () => {
  it('no client file outside dialect/classic imports it, except the dialect picker and the classic-only RPC routes', () => {
    const crossing = sources(SRC)
      .map((path) => relative(SRC, path).split('\\').join('/'))
      .filter((file) => !file.startsWith('dialect/classic/') && !file.startsWith('testing/') && !ALLOWED.has(file))
      .filter((file) => /from '[./]*(?:dialect\/)?classic\//.test(readFileSync(join(SRC, file), 'utf8')));
    expect(crossing).toEqual([]);
  });

  it('no client file outside dialect/jsonapi imports it, except the dialect picker; neither dialect imports the other', () => {
    const files = sources(SRC).map((path) => relative(SRC, path).split('\\').join('/'));
    const crossing = files
      .filter((file) => !file.startsWith('dialect/jsonapi/') && !file.startsWith('testing/') && file !== 'dialect/pick.ts')
      .filter((file) => /from '[./]*(?:dialect\/)?jsonapi\//.test(readFileSync(join(SRC, file), 'utf8')));
    const between = files
      .filter((file) => file.startsWith('dialect/jsonapi/') || file.startsWith('dialect/classic/'))
      .filter((file) => /from '\.\.\/(?:classic|jsonapi)\//.test(readFileSync(join(SRC, file), 'utf8')));
    expect(crossing).toEqual([]);
    expect(between).toEqual([]);
  });
});
