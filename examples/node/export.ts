/**
 * Exports a collection to NDJSON on stdout (one row a line: the entity's columns, as `toJSON`
 * gives them), with a progress bar on stderr. Pulled page by page with `query.iterate()`: memory
 * stays flat however large the collection and however slow stdout is.
 *
 *   npx tsx examples/node/export.ts Person > people.ndjson                       (the built-in emulator)
 *   RESTLESS_URL=http://localhost:5000 npx tsx examples/node/export.ts Person > people.ndjson
 */
import { once } from 'node:events';
import { openTarget } from './target.js';
import { progressBar } from './progress-bar.js';

const modelName = process.argv[2] ?? 'Person';
const target = await openTarget();
try {
  const Model = target.client.models[modelName];
  if (Model === undefined) throw new Error(`${target.where} has no model ${modelName} (it has ${Object.keys(target.client.models).join(', ')})`);
  const bar = progressBar(`export ${modelName}`);
  let rows = 0;
  // In key order, so that two exports of the same data are the same file.
  const query = Model.query.orderBy({ [Model.definition.pk]: 'asc' });
  for await (const entity of query.iterate({ readAhead: 2, onProgress: ({ loaded, total }) => bar.update(loaded, total) })) {
    rows += 1;
    // Wait for stdout when it is slower than the server: the loop then asks for no more pages.
    if (!process.stdout.write(`${JSON.stringify(entity)}\n`)) await once(process.stdout, 'drain');
  }
  bar.finish(`${rows} rows from ${target.where}`);
} finally {
  target.close();
}
