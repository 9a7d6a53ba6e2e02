/**
 * Imports NDJSON from stdin (what export.ts writes) into a collection, saving a batch at a time
 * with a save progress bar on stderr fed by the save's events, and writes each row as saved (with
 * the key the server gave it) to stdout. Exits with 1 when a row could not be saved.
 *
 *   npx tsx examples/node/export.ts Person | npx tsx examples/node/import.ts Person   (the emulator, empty for the import)
 *   RESTLESS_URL=http://localhost:5000 npx tsx examples/node/import.ts Person --new-keys < people.ndjson
 *
 * Rows keep their primary key unless `--new-keys` is given (then the server assigns new ones).
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { lastValueFrom, tap, type Observable } from 'rxjs';
import { SaveError, type ModelDef } from '../../src/index.js';
import { openTarget } from './target.js';
import { progressBar } from './progress-bar.js';

/** Rows per save: one save's entities are held until it ends, so memory stays bounded. */
const BATCH = 500;

const modelName = process.argv[2] ?? 'Person';
const newKeys = process.argv.includes('--new-keys');
const target = await openTarget({ empty: true });
try {
  const { client } = target;
  const Model = client.models[modelName];
  if (Model === undefined) throw new Error(`${target.where} has no model ${modelName} (it has ${Object.keys(client.models).join(', ')})`);
  const bar = progressBar(`import ${modelName}`);
  let read = 0;
  let saved = 0;
  let failed = 0;
  const save = async () => {
    const refused: Array<{ delete(): Observable<void> }> = [];
    const events = client.save().pipe(
      tap((event) => {
        if (event.type === 'created') {
          saved += 1;
          process.stdout.write(`${JSON.stringify(event.entity)}\n`);
        } else if (event.type === 'failed' || event.type === 'skipped') {
          failed += 1;
          refused.push(event.entity as { delete(): Observable<void> });
          const why = event.type === 'failed' ? (event.error instanceof Error ? event.error.message : String(event.error)) : 'something it needs was not saved';
          console.error(`not saved: ${JSON.stringify(event.entity)}: ${why}`);
        }
        if (event.type === 'created' || event.type === 'failed' || event.type === 'skipped') bar.update(saved + failed, read);
      }),
    );
    // A save with failures ends in a SaveError after its `completed` event; the events said which.
    await lastValueFrom(events, { defaultValue: undefined }).catch((error: unknown) => {
      if (!SaveError.is(error)) throw error;
    });
    // Refused rows are reported, not sent again with the next batch: a new entity's delete drops it.
    for (const entity of refused) await lastValueFrom(entity.delete(), { defaultValue: undefined });
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  };
  let pending = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    Model.create(valuesOf(Model.definition, JSON.parse(line) as Record<string, unknown>, newKeys));
    read += 1;
    pending += 1;
    if (pending >= BATCH) {
      await save();
      pending = 0;
    }
  }
  if (pending > 0) await save();
  bar.finish(`${saved} of ${read} rows saved to ${target.where}${failed > 0 ? `, ${failed} not saved` : ''}`);
  if (failed > 0) process.exitCode = 1;
} finally {
  target.close();
}

/** A row of export.ts back into values `create` takes: dates as `Date`s (JSON has them as ISO strings). */
function valuesOf(model: ModelDef, row: Record<string, unknown>, dropKey: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(row)) {
    const type = model.attributes.get(field)?.type;
    if (type === undefined || (dropKey && field === model.pk)) continue;
    values[field] = (type === 'date' || type === 'datetime') && typeof value === 'string' ? new Date(value) : value;
  }
  return values;
}
