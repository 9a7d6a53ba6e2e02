/**
 * The page of the browser tests: the library bundled for the browser (esbuild, platform browser),
 * used as an app would, with the defaults (the platform's fetch, a relative URL). Each scenario
 * connects a fresh client and returns plain data for the test to check; the test runs one
 * scenario per page load. `?target=emulator` answers /api with the msw emulator in the page.
 */
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { HttpError, basicAuth, bearerAuth, connect, type AuthOption, type Client } from '../../../src/index.js';
import type { Schema } from './schema.js';

const params = new URLSearchParams(location.search);
const url = params.get('url') ?? '/api';

function client(auth?: AuthOption): Promise<Client<Schema>> {
  return connect<Schema>({ url, ...(auth === undefined ? {} : { auth }) });
}

const names = (people: ReadonlyArray<{ name: string | null }>): Array<string | null> => people.map((p) => p.name);

export const scenarios = {
  /** Reads: a sorted list, one row by key, and one object per row. */
  async reads() {
    const { Person } = (await client()).models;
    const people = await firstValueFrom(Person.query.orderBy({ name: 'asc' }).all());
    const bob = await firstValueFrom(Person.get(2));
    return { names: names(people), bob: bob.name, sameObject: people.includes(bob), count: await firstValueFrom(Person.query.count()) };
  },

  /** A live list follows an edit that changes its members: Carol renamed Bea enters the B list. */
  async liveListMembership() {
    const { Person } = (await client()).models;
    const carol = await firstValueFrom(Person.get(3));
    // One subscription for the whole scenario: a second one would load the list again, and an
    // answer arriving after the edit would already hold Bea.
    const seen: Array<Array<string | null>> = [];
    let arrived: () => void = () => undefined;
    const emissions = (count: number) => new Promise<void>((resolve) => {
      arrived = () => {
        if (seen.length >= count) resolve();
      };
      arrived();
    });
    const subscription = Person.query.filter((p) => p.name.like('B%')).orderBy({ name: 'asc' }).all().subscribe((people) => {
      seen.push(names(people));
      arrived();
    });
    try {
      await emissions(1);
      carol.name = 'Bea';
      await emissions(2);
      await lastValueFrom(carol.save());
      return { before: seen[0], after: seen[1] };
    } finally {
      subscription.unsubscribe();
    }
  },

  /** A live list emits when a member's field changes (the list's members stay the same). */
  async liveListMemberField() {
    const { Person } = (await client()).models;
    const everyone = Person.query.orderBy({ id: 'asc' }).all();
    await firstValueFrom(everyone);
    const bob = await firstValueFrom(Person.get(2));
    const renamed = firstValueFrom(everyone.pipe(filter((people) => people.some((p) => p.name === 'Robert'))));
    bob.name = 'Robert';
    return { names: names(await renamed) };
  },

  /** A save: an update and a create; the server's answer is read back by a second client. */
  async save() {
    const { Person } = (await client()).models;
    const bob = await firstValueFrom(Person.get(2));
    bob.name = 'Robert';
    await lastValueFrom(bob.save());
    const zed = Person.create({ name: 'Zed' });
    await lastValueFrom(zed.save());
    const fresh = (await client()).models.Person;
    const reread = await firstValueFrom(fresh.query.orderBy({ id: 'asc' }).all());
    return { createdId: zed.id, isDirty: bob.isDirty, serverNames: names(reread) };
  },

  /** A remote method call (loads the RPC code on first use) and a property read. */
  async remoteMethod() {
    const { Person } = (await client()).models;
    const alice = await firstValueFrom(Person.get(1));
    return { spoken: await firstValueFrom(alice.speak('hi')), upper: await firstValueFrom(alice.property$('name_upper')) };
  },

  /** basicAuth built in the browser (base64 of UTF-8 without Buffer), then a read through it. */
  async basicAuth() {
    const { Person } = (await client(basicAuth({ username: 'zoë', password: 'pä:ss' }))).models;
    return { count: await firstValueFrom(Person.query.count()) };
  },

  /** bearerAuth with a token: its token logic is a chunk of its own, loaded by the first request. */
  async bearerAuth() {
    const { Person } = (await client(bearerAuth({ token: 'browser-token' }))).models;
    return { count: await firstValueFrom(Person.query.count()) };
  },

  /**
   * A LargeBinary filter: the bytes go out as base64 (no Buffer). The real server cannot compare
   * a LargeBinary column with the string it receives (HTML 500), so the outcome is reported as is.
   */
  async largeBinaryFilter() {
    const { TypeZoo } = (await client()).models;
    try {
      const rows = await firstValueFrom(TypeZoo.query.filter((t) => t.a_binary.eq(new Uint8Array([0, 1, 254, 255]))).all());
      return { rows: rows.length };
    } catch (error) {
      return { error: HttpError.is(error) ? `HttpError ${error.status}` : String(error) };
    }
  },
};

export type ScenarioName = keyof typeof scenarios;

/** What the test reaches through `page.evaluate`. */
export interface PageApi {
  readonly ready: Promise<void>;
  run(name: ScenarioName): Promise<unknown>;
}

async function start(): Promise<void> {
  if (params.get('target') === 'emulator') {
    const { startEmulator } = await import('./emulator.js');
    await startEmulator();
  }
}

const ready = start();
const show = (text: string): void => {
  const pre = document.getElementById('result');
  if (pre !== null) pre.textContent = text;
};
const api: PageApi = {
  ready,
  async run(name) {
    await ready;
    show(`running ${name}…`);
    try {
      const result = await scenarios[name]();
      show(`${name}\n${JSON.stringify(result, null, 2)}`);
      return result;
    } catch (error) {
      show(`${name} failed\n${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      throw error;
    }
  },
};
(globalThis as unknown as { restlessPage: PageApi }).restlessPage = api;
