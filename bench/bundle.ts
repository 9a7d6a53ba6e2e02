/**
 * Bundle size benchmark (printed, never asserted): the min+gzip size of two browser apps bundled
 * with esbuild (bench/bundle-measure.ts: platform browser, ESM, code splitting, rxjs external since
 * an app has its own): one that reads and saves, one that also calls a remote method and reads a
 * remote property. For each: what the page downloads at start, and in total once it has read,
 * saved (and called): the start plus the lazy chunks those loaded. Lazy chunks: remote-engine (the
 * codec, msgpack and the RPC routes: first remote call or property read), bearer-session (the
 * bearer token logic: the first request of a client with bearerAuth; these apps have no auth) and
 * browser-ponyfill (cross-fetch: only where there is no global fetch, so never in a browser).
 * Then the library's share of each total by folder, and for reads and saves by capability (the
 * README's table): minified bytes are exact; the gzip column
 * shares each chunk's gzip size among its files in proportion to their minified bytes (gzip
 * sizes of parts do not add up exactly, so it is an estimate).
 * Last, what loading one more part on first use would change (bench/bundle-alternatives.ts: each
 * measured by rebuilding the app, at start and after the first read, live list and save), and what
 * the texts of all errors cost together.
 * Target (issue 9): the library's share for reads and saves <= 25 KB gzip.
 * Run: npx tsx bench/bundle.ts
 */
import { measureAlternatives, measureWithoutErrorTexts } from './bundle-alternatives.js';
import { bundleApp, downloaded, type AppBundle } from './bundle-measure.js';
import { result } from './result.js';

interface App {
  readonly entry: string;
  /** The lazy chunks its reads, saves and calls load in a browser. */
  readonly loads: readonly string[];
  readonly what: string;
}

/**
 * What the README's table names, by file (paths under src/, first match wins); a file in none of
 * them is listed under its own folder, so a moved file still counts somewhere.
 */
const CAPABILITIES: readonly (readonly [string, readonly string[]])[] = [
  ['local evaluation for live lists', ['query/evaluate', 'query/match-field', 'query/sqlite', 'query/normalize', 'query/python-json', 'query/sort', 'schema/temporal', 'query/code-points', 'schema/py-float']],
  ['live lists and their routing', ['query/live-list', 'query/list-router', 'query/store-access']],
  ['the query builder', ['query/', 'model/query', 'dialect/classic/encode-query']],
  ['saving: snapshot, plan, payloads, checks', ['save/collect', 'save/plan', 'save/payload', 'save/verify-references', 'save/record-key']],
  ['saving: doubt and reconciliation', ['save/doubt', 'save/reconcile']],
  ['saving: sending, deadlines, retries', ['save/']],
  ['reading and validating the datamodel', ['schema/parse-datamodel', 'schema/model-facts']],
  ['value checks of columns', ['schema/']],
  ['the store', ['store/']],
  ['model handles and reads', ['model/', 'read/']],
  ['transport and resource URLs', ['transport/', 'dialect/']],
  ['RPC at start', ['rpc/']],
  ['error classes, connect()', ['errors.ts', 'client.ts']],
];

function capabilityOf(input: string): string | undefined {
  const folder = folderOf(input);
  if (folder === undefined || !input.startsWith('src/')) return folder;
  const path = input.slice('src/'.length);
  return CAPABILITIES.find(([, prefixes]) => prefixes.some((prefix) => path.startsWith(prefix)))?.[0] ?? folder;
}

const APPS: readonly App[] = [
  { entry: 'bench/bundle-apps/reads-and-saves.ts', loads: [], what: 'after the first read, live list and save' },
  { entry: 'bench/bundle-apps/with-remote-methods.ts', loads: ['remote-engine'], what: 'after a read, a save and a remote call' },
];

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

function sizeOf(app: AppBundle, files: Iterable<string>): { min: number; gzip: number } {
  let min = 0;
  let gzip = 0;
  for (const file of files) {
    const chunk = app.chunks.get(file);
    min += chunk?.minBytes ?? 0;
    gzip += chunk?.gzipBytes ?? 0;
  }
  return { min, gzip };
}

/** `src/query`, `src/rpc/codec`, `src/client.ts`, `@msgpack/msgpack`; undefined for the app itself. */
function folderOf(input: string): string | undefined {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage !== null) return inPackage[1];
  if (!input.startsWith('src/')) return undefined;
  const folders = input.split('/').slice(0, -1);
  // The codec is a folder of its own inside src/rpc: it is what the remote engine's chunk holds.
  return folders.length === 1 ? input : folders.slice(0, folders[1] === 'rpc' ? 3 : 2).join('/');
}

/** The library's share of the chunks given, per group: exact minified bytes, estimated gzip. */
function byGroup(app: AppBundle, files: Iterable<string>, groupOf: (input: string) => string | undefined): Map<string, { min: number; gzip: number }> {
  const folders = new Map<string, { min: number; gzip: number }>();
  for (const file of files) {
    const chunk = app.chunks.get(file);
    if (chunk === undefined) continue;
    const inChunk = [...chunk.inputs.values()].reduce((sum, bytes) => sum + bytes, 0);
    for (const [input, bytes] of chunk.inputs) {
      const folder = groupOf(input);
      if (folder === undefined) continue;
      const sizes = folders.get(folder) ?? { min: 0, gzip: 0 };
      sizes.min += bytes;
      sizes.gzip += (chunk.gzipBytes * bytes) / inChunk;
      folders.set(folder, sizes);
    }
  }
  return folders;
}

console.log('Bundle sizes (esbuild, platform browser, minified, gzip -9, rxjs external):');
const shares: { app: App; folders: Map<string, { min: number; gzip: number }> }[] = [];
let capabilities = new Map<string, { min: number; gzip: number }>();
for (const app of APPS) {
  const bundle = await bundleApp(app.entry);
  const start = downloaded(bundle);
  const total = downloaded(bundle, app.loads);
  const atStart = sizeOf(bundle, start);
  const afterUse = sizeOf(bundle, total);
  const added = app.loads.length === 0 ? 'nothing more loads' : `+ ${app.loads.join(', ')}`;
  const never = [...bundle.chunks].filter(([file]) => !total.has(file)).map(([, chunk]) => `${chunk.name} ${kb(chunk.gzipBytes)}`);
  console.log(
    `  ${app.entry.replace(/^.*\//, '').replace(/\.ts$/, '').padEnd(20)} at start ${kb(atStart.gzip)} gzip (${kb(atStart.min)} min); ` +
      `${app.what} ${kb(afterUse.gzip)} gzip (${kb(afterUse.min)} min; ${added}); not loaded: ${never.join(', ') || 'nothing'}`,
  );
  result({ measure: `browser bundle (esbuild, min+gzip, rxjs external): ${app.entry.replace(/^.*\//, '').replace(/\.ts$/, '')}`, result: `${kb(atStart.gzip)} at start, ${kb(afterUse.gzip)} after use`, ...(app.loads.length === 0 ? { target: '<= 25 KB (reads and saves)' } : {}) });
  shares.push({ app, folders: byGroup(bundle, total, folderOf) });
  if (app.loads.length === 0) capabilities = byGroup(bundle, total, capabilityOf);
}

console.log('\nThe library\'s share by folder (minified exact, gzip estimated):');
const folders = [...new Set(shares.flatMap(({ folders: byName }) => [...byName.keys()]))].sort(
  (a, b) => (shares[0]?.folders.get(b)?.min ?? 0) - (shares[0]?.folders.get(a)?.min ?? 0) || a.localeCompare(b),
);
const column = (sizes: { min: number; gzip: number } | undefined): string => (sizes === undefined ? '-' : `${kb(sizes.min)} min, ~${kb(sizes.gzip)} gzip`).padEnd(30);
console.log(`  ${''.padEnd(22)}${shares.map(({ app }) => app.entry.replace(/^.*\//, '').replace(/\.ts$/, '').padEnd(30)).join('')}`);
for (const folder of folders) console.log(`  ${folder.padEnd(22)}${shares.map(({ folders: byName }) => column(byName.get(folder))).join('')}`);
const sum = (byName: Map<string, { min: number; gzip: number }>) =>
  [...byName.values()].reduce((total, sizes) => ({ min: total.min + sizes.min, gzip: total.gzip + sizes.gzip }), { min: 0, gzip: 0 });
console.log(`  ${'library in total'.padEnd(22)}${shares.map(({ folders: byName }) => column(sum(byName))).join('')}`);

console.log('\nThe library\'s share for reads and saves by capability (as in the README):');
for (const [name, sizes] of [...capabilities].sort((a, b) => b[1].min - a[1].min)) console.log(`  ${name.padEnd(42)}${column(sizes)}`);

const readsAndSaves = APPS[0]!.entry;
console.log('\nLoading one more part on first use, measured (gzip; kept only if the app that reads, opens a live list and saves would not load it anyway):');
const built = await bundleApp(readsAndSaves);
const now = sizeOf(built, downloaded(built)).gzip;
console.log(`  ${'as built'.padEnd(62)}at start ${kb(now)}, after the first read, live list and save ${kb(now)}`);
for (const { alternative, sizes } of await measureAlternatives(readsAndSaves)) {
  if (sizes === undefined) {
    console.log(`  ${alternative.what.padEnd(62)}not measured: ${alternative.file} no longer imports it that way`);
    continue;
  }
  const after = alternative.typicalAppLoadsIt ? `${kb(sizes.afterUse)} (+ ${sizes.chunk})` : `${kb(sizes.afterUse)} (not loaded)`;
  console.log(`  ${alternative.what.padEnd(62)}at start ${kb(sizes.atStart)}, after the first read, live list and save ${after}`);
}
const texts = await measureWithoutErrorTexts(readsAndSaves);
console.log(`\nThe texts of all the errors the start can build: ${kb(texts.atStart - texts.withoutTexts)} gzip of its ${kb(texts.atStart)} (the most shared phrasing could save).`);
