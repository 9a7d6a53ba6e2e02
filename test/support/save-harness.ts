/**
 * A client on a fresh fake server, and a way to run a save to its end: what the save pipeline's
 * unit and fault tests share. Each call makes its own server and client.
 */
import type { Observable } from 'rxjs';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { connect, type Client } from '../../src/client.js';
import type { DynamicEntity } from '../../src/model/types.js';
import type { ModelHandle } from '../../src/model/model-handle.js';
import type { SaveEvent } from '../../src/save/save-event.js';
import type { RetryOptions } from '../../src/transport/retry.js';
import { FakeServer } from './fake-server.js';

export interface HarnessOptions {
  readonly datamodel?: unknown;
  readonly retry?: RetryOptions;
  readonly concurrency?: number;
  readonly timeZone?: string;
  /** Start from the reference rows (default true). */
  readonly seed?: boolean;
}

export interface Harness {
  readonly server: FakeServer;
  readonly client: Client;
  /** A model handle by name (throws for a model the datamodel does not have). */
  model(name: string): ModelHandle;
}

/** The reference datamodel's rows most tests start from (as in the recordings, fewer of them). */
export function seedReference(server: FakeServer): void {
  server
    .seed('Person', { id: 1, name: 'Alice', birth_date: '1990-01-15' }, { id: 2, name: 'Bob', birth_date: '1985-06-30' }, { id: 3, name: 'Carol', birth_date: '2000-12-01' })
    .seed('Computer', { id: 1, name: 'alice-laptop', vendor: 'Pear', owner_id: 1 }, { id: 2, name: 'alice-desktop', vendor: 'Dull', owner_id: 1 }, { id: 3, name: 'bob-box', vendor: 'Pear', owner_id: 2 })
    .seed('Tag', { id: 1, name: 'python' }, { id: 2, name: 'flask' }, { id: 3, name: 'rest' })
    .seed('Article', { id: 1, title: 'Intro', tags: [{ id: 1 }, { id: 2 }] }, { id: 2, title: 'Plain' });
}

export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const datamodel = options.datamodel ?? recordedDatamodel;
  const server = new FakeServer(datamodel);
  if (options.seed !== false) seedReference(server);
  const client = await connect({
    url: 'http://fake',
    datamodel,
    fetch: server.fetch,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  });
  return {
    server,
    client,
    model(name) {
      const handle = client.models[name];
      if (!handle) throw new RangeError(`No model ${name}`);
      return handle;
    },
  };
}

/** What a save did: every event, and the error it ended with (undefined when it completed). */
export interface SaveRun {
  readonly events: SaveEvent[];
  readonly error: unknown;
  /** True once it completed or errored. */
  readonly ended: boolean;
}

/** Subscribes to a save and collects its events; `done` settles when it ends. */
export function start(save$: Observable<SaveEvent>): { readonly run: SaveRun; readonly done: Promise<SaveRun>; unsubscribe(): void } {
  const run: { events: SaveEvent[]; error: unknown; ended: boolean } = { events: [], error: undefined, ended: false };
  let unsubscribe: () => void = () => undefined;
  const done = new Promise<SaveRun>((resolve) => {
    const subscription = save$.subscribe({
      next: (event) => run.events.push(event),
      error: (error: unknown) => {
        run.error = error;
        run.ended = true;
        resolve(run);
      },
      complete: () => {
        run.ended = true;
        resolve(run);
      },
    });
    unsubscribe = () => subscription.unsubscribe();
  });
  return { run, done, unsubscribe };
}

/** Runs a save to its end. */
export function runSave(save$: Observable<SaveEvent>): Promise<SaveRun> {
  return start(save$).done;
}

/** The events of one type, narrowed. */
export function ofType<T extends SaveEvent['type']>(events: readonly SaveEvent[], type: T): Array<Extract<SaveEvent, { type: T }>> {
  return events.filter((event): event is Extract<SaveEvent, { type: T }> => event.type === type);
}

/** Every object nested anywhere in a request body (not the body itself). */
export function nestedObjects(body: unknown): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (value: unknown, top: boolean) => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, false));
    else if (typeof value === 'object' && value !== null) {
      if (!top) found.push(value as Record<string, unknown>);
      Object.values(value).forEach((item) => walk(item, false));
    }
  };
  walk(body, true);
  return found;
}

export type { DynamicEntity };
