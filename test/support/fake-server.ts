/**
 * A scripted stand-in for a classic Flask-Restless server, as a `fetch`: it records every request,
 * keeps rows in memory (ids assigned on POST, foreign keys and link tables applied as the real
 * server applies them) and answers like the recordings in docs/protocol/classic/write.md. A test
 * queues replies for a route to inject faults: HTTP statuses (with Retry-After), a refused
 * connection (nothing sent), a connection dropped after the request was applied, or a held answer.
 * It is not the msw emulator (src/testing), which answers as the real server does and is the
 * stand-in for every other test: the save pipeline's tests need replies held until the test
 * releases them and the arrival time of each request (test/README.md says why both exist).
 */
import { parseDatamodel } from '../../src/schema/parse-datamodel.js';
import type { ModelDef, RelationDef } from '../../src/schema/datamodel.js';
import type { FetchLike } from '../../src/transport/http.js';

export { gate } from './gate.js';

/** One request as the server saw it. `reached` is false for a refused connection. */
export interface FakeRequest {
  readonly method: string;
  /** Path only (`/api/person/1`): the query string of a read does not matter here. */
  readonly path: string;
  readonly body: unknown;
  readonly signal: AbortSignal | undefined;
  /** `Date.now()` when it arrived (fake timers make it exact). */
  readonly at: number;
  readonly reached: boolean;
}

/** How to answer one request instead of the default. */
export type Reply =
  /** Fail with this status, without applying anything. */
  | { readonly status: number; readonly body?: unknown; readonly retryAfter?: string }
  /** `refused`: nothing is sent (cause.code ECONNREFUSED). `dropped`: applied, then the connection dies. */
  | { readonly fail: 'refused' | 'dropped' }
  /** Answer (by `then`, or by default) once `hold` settles; the request is applied then, so an aborted one never is. */
  | { readonly hold: Promise<unknown>; readonly then?: Reply };

type Row = Record<string, unknown>;

/** Column association proxies of the reference server: listed by the datamodel, never served. */
const DEFAULT_ABSENT: Readonly<Record<string, readonly string[]>> = { Computer: ['owner_name'], Article: ['tag_names'] };

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  readonly #models: ReadonlyMap<string, ModelDef>;
  readonly #absent: Readonly<Record<string, readonly string[]>>;
  readonly #tables = new Map<string, Map<number, Row>>();
  /** Many-to-many links as `Model#id#relation#targetId`, both directions. */
  readonly #links = new Set<string>();
  readonly #script = new Map<string, Reply[]>();

  constructor(datamodel: unknown, absent: Readonly<Record<string, readonly string[]>> = DEFAULT_ABSENT) {
    this.#models = parseDatamodel(datamodel).models;
    this.#absent = absent;
  }

  /** Queues replies for `"METHOD /path"`, used one per request, in order; then the default again. */
  script(route: string, ...replies: Reply[]): this {
    this.#script.set(route, [...(this.#script.get(route) ?? []), ...replies]);
    return this;
  }

  /** Puts a row in (wire form, as a POST body gives it; replacing one with the same key) without recording a request. */
  seed(model: string, ...rows: Row[]): this {
    for (const row of rows) this.#create(this.#model(model), row);
    return this;
  }

  /** A row as a GET would serialize it, or undefined. */
  row(model: string, id: number): Row | undefined {
    const def = this.#model(model);
    const row = this.#table(def).get(id);
    return row === undefined ? undefined : this.#serialize(def, row, false);
  }

  /** Every row of a model, as a GET would serialize it. */
  rows(model: string): Row[] {
    const def = this.#model(model);
    return [...this.#table(def).values()].map((row) => this.#serialize(def, row, false));
  }

  /** How many rows the model's table holds. */
  count(model: string): number {
    return this.#table(this.#model(model)).size;
  }

  /** The writes (POST, PUT, PATCH, DELETE) that reached the server, as `"METHOD /path"` and body. */
  writes(): Array<{ route: string; body: unknown }> {
    return this.requests.filter((r) => r.method !== 'GET' && r.reached).map((r) => ({ route: `${r.method} ${r.path}`, body: r.body }));
  }

  readonly fetch: FetchLike = async (url, init = {}) => {
    const method = init.method ?? 'GET';
    const path = new URL(url).pathname;
    // page=0 is a count: the classic server answers it as page 0, with no rows.
    const countOnly = new URL(url).searchParams.get('page') === '0';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const signal = init.signal ?? undefined;
    const queue = this.#script.get(`${method} ${path}`);
    const reply = queue?.shift();
    const reached = !(reply !== undefined && 'fail' in reply && reply.fail === 'refused');
    this.requests.push({ method, path, body, signal, at: Date.now(), reached });
    return this.#answer(reply, method, path, body, signal, countOnly);
  };

  async #answer(reply: Reply | undefined, method: string, path: string, body: unknown, signal: AbortSignal | undefined, countOnly = false): Promise<Response> {
    if (signal?.aborted) throw abortError();
    if (reply === undefined) return this.#handle(method, path, body, countOnly);
    if ('hold' in reply) {
      await new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(abortError()));
        reply.hold.then(() => resolve(), () => resolve());
      });
      return this.#answer(reply.then, method, path, body, signal);
    }
    if ('fail' in reply) {
      if (reply.fail === 'refused') throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' }) });
      this.#handle(method, path, body);
      throw new TypeError('terminated');
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (reply.retryAfter !== undefined) headers['Retry-After'] = reply.retryAfter;
    return new Response(JSON.stringify(reply.body ?? { message: `scripted ${reply.status}` }), { status: reply.status, headers });
  }

  #handle(method: string, path: string, body: unknown, countOnly = false): Response {
    const [, prefix, collection, id] = path.split('/');
    const model = [...this.#models.values()].find((m) => m.urlPrefix === `/${prefix ?? ''}` && m.collection === collection);
    if (!model) return json(404, null);
    const rows = this.#table(model);
    if (id === undefined) {
      if (method === 'POST') return json(201, this.#serialize(model, this.#create(model, record(body)), false));
      const objects = [...rows.values()].map((row) => this.#serialize(model, row, false));
      if (countOnly) return json(200, { num_results: objects.length, objects: [], page: 0, total_pages: objects.length });
      return json(200, { num_results: objects.length, objects, page: 1, total_pages: 1 });
    }
    const row = rows.get(Number(id));
    if (!row) return json(404, null);
    if (method === 'DELETE') {
      rows.delete(Number(id));
      return new Response(null, { status: 204 });
    }
    if (method === 'PUT' || method === 'PATCH') this.#apply(model, row, record(body));
    return json(200, this.#serialize(model, row, false));
  }

  #create(model: ModelDef, body: Row): Row {
    const rows = this.#table(model);
    const given = body[model.pk];
    const id = typeof given === 'number' ? given : Math.max(0, ...rows.keys()) + 1;
    const row: Row = { [model.pk]: id };
    if (model.discriminator !== undefined && model.identity !== undefined) row[model.discriminator] = model.identity;
    rows.set(id, row);
    this.#apply(model, row, body);
    return row;
  }

  /** Applies a body: columns, to-one by key, to-many by the children's keys or by links. */
  #apply(model: ModelDef, row: Row, body: Row): void {
    const id = row[model.pk] as number;
    for (const [field, value] of Object.entries(body)) {
      const relation = model.relations.get(field);
      if (!relation) {
        if (model.attributes.has(field) && field !== model.pk) row[field] = value;
        continue;
      }
      if (!relation.many) {
        const target = this.#model(relation.target);
        // A nested object without a key is a new row, made in the same request (write.md #7).
        const made = typeof value === 'object' && value !== null && !Object.hasOwn(value, target.pk) ? (this.#create(target, record(value))[target.pk] as number) : undefined;
        row[relation.localColumn ?? field] = value === null ? null : (made ?? keyOf(value, target.pk));
        continue;
      }
      const target = this.#model(relation.target);
      const { add, remove, replace } = changesOf(value, target.pk);
      const carriedBy = this.#foreignKeyOfChildren(relation);
      const current = carriedBy !== undefined ? [...this.#table(target).values()].filter((child) => child[carriedBy] === id).map((child) => child[target.pk] as number) : this.#linked(model, id, relation);
      const removed = replace === undefined ? remove : current.filter((item) => !replace.includes(item));
      const added = replace ?? add;
      for (const item of removed) this.#relate(model, id, relation, item, false);
      for (const item of added) this.#relate(model, id, relation, item, true);
    }
  }

  #relate(model: ModelDef, id: number, relation: RelationDef, targetId: number, on: boolean): void {
    const carriedBy = this.#foreignKeyOfChildren(relation);
    if (carriedBy !== undefined) {
      const child = this.#table(this.#model(relation.target)).get(targetId);
      if (child) child[carriedBy] = on ? id : null;
      return;
    }
    const keys = [`${model.name}#${id}#${relation.name}#${targetId}`];
    if (relation.backref !== undefined) keys.push(`${relation.target}#${targetId}#${relation.backref}#${id}`);
    for (const key of keys) {
      if (on) this.#links.add(key);
      else this.#links.delete(key);
    }
  }

  #linked(model: ModelDef, id: number, relation: RelationDef): number[] {
    const prefix = `${model.name}#${id}#${relation.name}#`;
    return [...this.#links].filter((key) => key.startsWith(prefix)).map((key) => Number(key.slice(prefix.length)));
  }

  /** The foreign key column on the other side of a to-many, when the children hold one. */
  #foreignKeyOfChildren(relation: RelationDef): string | undefined {
    if (relation.backref === undefined) return undefined;
    const inverse = this.#models.get(relation.target)?.relations.get(relation.backref);
    return inverse !== undefined && !inverse.many ? inverse.localColumn : undefined;
  }

  /** As the classic server does: every column (proxies absent), and relations one level deep. */
  #serialize(model: ModelDef, row: Row, nested: boolean): Row {
    const out: Row = {};
    const absent = this.#absent[model.name] ?? [];
    for (const field of model.attributes.keys()) if (!absent.includes(field)) out[field] = row[field] ?? null;
    if (nested) return out;
    const id = row[model.pk] as number;
    for (const relation of model.relations.values()) {
      if (relation.proxy) continue;
      const target = this.#model(relation.target);
      const table = this.#table(target);
      if (!relation.many) {
        const key = row[relation.localColumn ?? relation.name];
        const related = typeof key === 'number' ? table.get(key) : undefined;
        out[relation.name] = related ? this.#serialize(target, related, true) : null;
        continue;
      }
      const carriedBy = this.#foreignKeyOfChildren(relation);
      const ids = carriedBy !== undefined ? [...table.values()].filter((child) => child[carriedBy] === id).map((child) => child[target.pk] as number) : this.#linked(model, id, relation);
      out[relation.name] = ids.flatMap((item) => {
        const related = table.get(item);
        return related ? [this.#serialize(target, related, true)] : [];
      });
    }
    return out;
  }

  #model(name: string): ModelDef {
    const model = this.#models.get(name);
    if (!model) throw new RangeError(`The fake server has no model ${name}`);
    return model;
  }

  #table(model: ModelDef): Map<number, Row> {
    let table = this.#tables.get(model.name);
    if (!table) {
      table = new Map();
      this.#tables.set(model.name, table);
    }
    return table;
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function abortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}

function record(body: unknown): Row {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Row) : {};
}

function keyOf(value: unknown, pk: string): number {
  const key = typeof value === 'object' && value !== null ? (value as Row)[pk] : value;
  if (typeof key !== 'number') throw new TypeError(`The fake server expected a key-only reference, got ${JSON.stringify(value)}`);
  return key;
}

function changesOf(value: unknown, pk: string): { add: number[]; remove: number[]; replace: number[] | undefined } {
  const key = (item: unknown) => keyOf(item, pk);
  if (Array.isArray(value)) return { add: [], remove: [], replace: value.map(key) };
  const { add = [], remove = [] } = record(value) as { add?: unknown[]; remove?: unknown[] };
  return { add: add.map(key), remove: remove.map(key), replace: undefined };
}
