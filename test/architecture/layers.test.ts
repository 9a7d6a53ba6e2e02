/**
 * The folder layout is a stack of layers: a file may import only from its own folder or from a
 * folder in a LOWER layer (type imports count too). Folders in the same layer are siblings and do
 * not import each other. A new folder fails here until it is given a layer, so the drawing in
 * docs/architecture.md stays true.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Lowest first. A root file is its own unit, named by its file name (`client`, `index`). */
const LAYERS: readonly (readonly string[])[] = [
  ['errors'],
  ['schema'],
  ['transport'],
  ['store'],
  ['query'],
  ['dialect'],
  ['read', 'save', 'rpc'],
  ['model'],
  ['client'],
  ['codegen', 'testing'],
  ['index', 'codec', 'bin'],
];

/**
 * Imports that still go the wrong way, each as `{ edge: 'from.ts -> to.ts', reason }`. Empty since
 * the last back-edge (query/query.ts -> model/types.ts) was removed; it may only shrink: an entry
 * that no longer occurs fails the test too.
 */
const KNOWN_BACK_EDGES: readonly { readonly edge: string; readonly reason: string }[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    const isSource = entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test-d.ts');
    return isSource ? [path] : [];
  });
}

/** `src/save/plan.ts` -> `save`; `src/client.ts` -> `client`. */
function unitOf(pathUnderSrc: string): string {
  const parts = pathUnderSrc.split('/');
  return parts.length === 1 ? (parts[0] ?? '').replace(/\.(ts|js)$/, '') : (parts[0] ?? '');
}

/** Every relative import (static, dynamic, re-export, type-only) of `file`, as a path under src/. */
function importsOf(file: string): string[] {
  const pattern = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...readFileSync(file, 'utf8').matchAll(pattern)].map((match) =>
    relative(SRC, resolve(file, '..', match[1] ?? '')).split('\\').join('/').replace(/\.js$/, '.ts'),
  );
}

const layerOf = new Map(LAYERS.flatMap((units, index) => units.map((unit) => [unit, index] as const)));

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly text: string;
}

function crossUnitEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const from = relative(SRC, file).split('\\').join('/');
    return importsOf(file)
      .filter((to) => unitOf(to) !== unitOf(from))
      .map((to) => ({ from, to, text: `${from} -> ${to}` }));
  });
}

describe('the layers of src/', () => {
  const edges = crossUnitEdges();

  it('finds the imports it checks', () => {
    expect(edges.length).toBeGreaterThan(200);
  });

  it('gives every folder and root file a layer', () => {
    const units = new Set(sourceFiles(SRC).map((file) => unitOf(relative(SRC, file).split('\\').join('/'))));
    expect([...units].filter((unit) => !layerOf.has(unit))).toEqual([]);
  });

  it('imports only downwards, except the listed back-edges', () => {
    const known = new Set(KNOWN_BACK_EDGES.map((entry) => entry.edge));
    const upwards = edges.filter((edge) => (layerOf.get(unitOf(edge.to)) ?? -1) >= (layerOf.get(unitOf(edge.from)) ?? -1));
    expect(upwards.map((edge) => edge.text).filter((text) => !known.has(text))).toEqual([]);
  });

  it('lists only back-edges that still occur', () => {
    const present = new Set(edges.map((edge) => edge.text));
    expect(KNOWN_BACK_EDGES.map((entry) => entry.edge).filter((edge) => !present.has(edge))).toEqual([]);
  });
});
