/**
 * One soak lane: one client doing what an app does (creates with dependencies, updates, deletes,
 * RPC calls, reads, live lists) while the generator arms faults for the requests each operation
 * makes, and "another client" writes rows directly. Everything it changes is remembered as an
 * expectation, so the checks (invariants.ts) can tell a pending change from a lost one.
 */
import type { Observable, Subscription } from 'rxjs';
import { bearerAuth, connect, RestlessError, type Client, type DynamicEntity } from '../../src/index.js';
import { planFault, type FaultKind, type FaultPlan } from './fault-kinds.js';
import type { Prng } from './prng.js';
import { first, settle, settlePromise, type Settled } from './settle.js';
import type { HttpMethod, SoakServer } from './soak-server.js';
import type { Tally } from './tally.js';

export type ModelName = 'Person' | 'Computer' | 'Article' | 'Tag';

/** An entity this lane created, with what it last asked the server to hold. */
export interface Tracked {
  readonly model: ModelName;
  /** Unique per created row, in its token column: duplicates are countable on the server. */
  readonly token: string;
  readonly entity: DynamicEntity;
  /** Field -> the value the program last gave it (an entity for `owner`, entities for `tags`). */
  readonly expect: Map<string, unknown>;
  /** `done`: delete() succeeded; `failed`: it errored (the row may be gone). */
  deleted: 'no' | 'done' | 'failed';
  /** delete() was called while it was still new (an in-doubt create: only the local copy goes). */
  deletedWhileNew: boolean;
  /** A save or delete touching it was cut off by the outer deadline (pending, with no error). */
  cancelled: boolean;
  readonly history: string[];
}

/** The column holding each model's token. */
export const TOKEN_COLUMN: Readonly<Record<ModelName, string>> = { Person: 'name', Computer: 'name', Article: 'title', Tag: 'name' };

export const VENDORS = ['Pear', 'Dull', 'Lenowo'] as const;
const BIRTH_DATES = [null, new Date(Date.UTC(1990, 0, 15)), new Date(Date.UTC(1985, 5, 30)), new Date(Date.UTC(2001, 1, 3))];

const OPERATIONS = {
  'create-person': 10,
  'create-computer': 8,
  'create-article': 6,
  'update-person': 7,
  'update-vendor': 8,
  'reassign-owner': 6,
  'link-tag': 4,
  'unlink-tag': 3,
  'delete-computer': 3,
  'delete-person': 2,
  'delete-article': 2,
  rpc: 8,
  'read-get': 8,
  'read-list': 7,
  'read-count': 3,
  'foreign-change': 5,
  'save-all': 4,
  reconcile: 2,
} as const;

export type OperationKind = keyof typeof OPERATIONS;

export interface LaneOptions {
  readonly lane: number;
  readonly seed: number;
  readonly prng: Prng;
  readonly server: SoakServer;
  readonly tally: Tally;
  readonly kinds: readonly FaultKind[];
  /** The chance that an operation meets a fault. */
  readonly faultRate: number;
  /** The client's own deadline and retry policy (small, so the soak is fast). */
  readonly timeoutMs: number;
  /** The soak's outer deadline per operation. */
  readonly deadlineMs: number;
  /** Hangs after which the lane gives up (each costs a whole deadline). */
  readonly maxHangs: number;
  /** Operations (and `foreign-delete-person`) this run leaves out. */
  readonly exclude?: readonly string[];
}

/** What one operation is about to do, prepared before its fault is armed. */
interface Prepared {
  readonly label: string;
  /** The request the fault is aimed at. */
  readonly method: HttpMethod;
  readonly path?: RegExp;
  readonly subjects: readonly Tracked[];
  run(): Promise<Settled<unknown>>;
  /** Updates expectations from the outcome. */
  after?(result: Settled<unknown>): void;
}

export class Lane {
  readonly options: LaneOptions;
  readonly tracked: Tracked[] = [];
  /** Every entity the program has held (created or read), for the store-equals-server check. */
  readonly seen = new Set<DynamicEntity>();
  /** Rows another client changed (`Model#id`): the client cannot know until it reads them again. */
  readonly foreignTouched = new Set<string>();
  readonly foreignDeleted = new Set<string>();
  /** The latest emission of each live list, and its name. */
  readonly liveLists = new Map<string, readonly DynamicEntity[]>();
  readonly log: string[] = [];
  client!: Client;
  #subscriptions: Subscription[] = [];
  #counter = 0;
  #hangs = 0;
  abandoned = false;

  readonly #weights: Record<OperationKind, number>;

  /** Entities the client took out of its store (a write found the row deleted elsewhere). */
  readonly storeDeleted = new Set<object>();

  constructor(options: LaneOptions) {
    this.options = options;
    this.#weights = { ...OPERATIONS };
    for (const kind of options.exclude ?? []) if (kind in this.#weights) this.#weights[kind as OperationKind] = 0;
  }

  async start(): Promise<void> {
    // Options the other branches add (timeoutMs, naturalKeys) are passed as they will be named;
    // a client without them ignores them.
    const options = {
      url: this.options.server.url,
      timeoutMs: this.options.timeoutMs,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 20 },
      naturalKeys: { Person: ['name'], Computer: ['name'], Article: ['title'], Tag: ['name'] },
      ...(this.options.server.credentials === undefined ? {} : { auth: bearerAuth(this.options.server.credentials) }),
    };
    this.client = await connect(options);
    // Entities the client took out of its store (a write that found the row deleted elsewhere):
    // the program can no longer edit them.
    this.client.changes$.subscribe((event) => {
      if (event.type === 'deleted') for (const entity of event.entities) this.storeDeleted.add(entity);
    });
    this.#watch('Computer vendor=Pear', (client) => client.models['Computer']!.query.filter((c) => c['vendor']!.eq('Pear')).all(), (e) => e['vendor'] === 'Pear');
    this.#watch('Person all', (client) => client.models['Person']!.all(), () => true);
  }

  /** Runs `count` operations, one after the other (draws that find nothing to act on do not count). */
  async run(count: number): Promise<void> {
    for (let index = 0, done = 0; done < count && !this.abandoned && index < count * 10; index += 1) if (await this.step(index)) done += 1;
  }

  stop(): void {
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.#subscriptions = [];
  }

  /** A live list, checked on every emission: members match its filter, none twice, none deleted. */
  #watch(name: string, open: (client: Client) => Observable<DynamicEntity[]>, matches: (entity: DynamicEntity) => boolean): void {
    const subscribe = (): void => {
      const subscription = open(this.client).subscribe({
        next: (list) => {
          this.liveLists.set(name, list);
          for (const entity of list) this.seen.add(entity);
          checkLiveList(this, name, list, matches);
        },
        // A failed refetch ends the list; an app would subscribe again.
        error: (error: unknown) => {
          this.#typed(`live list ${name}`, error, []);
          subscribe();
        },
      });
      this.#subscriptions.push(subscription);
    };
    subscribe();
  }

  /** One operation; false when the draw found nothing to act on. */
  async step(index: number): Promise<boolean> {
    const { prng, tally } = this.options;
    const kind = prng.weighted(this.#weights);
    const prepared = this.#prepare(kind);
    if (prepared === undefined) return false;
    tally.operation(kind);
    let plan: FaultPlan | undefined;
    let armed: { served(): number } | undefined;
    if (this.options.kinds.length > 0 && kind !== 'foreign-change' && prng.chance(this.options.faultRate)) {
      plan = planFault(prng.pick(this.options.kinds), prng);
      if (plan.kind === 'auth-expiry') {
        this.options.server.expireTokens?.();
        armed = { served: () => 1 };
      } else {
        // Sometimes twice in a row, so that retries run out too.
        armed = this.options.server.arm(plan, prepared.method, prepared.path, prng.chance(0.2) ? 2 : 1);
      }
    }
    const result = await prepared.run();
    const served = armed?.served() ?? 0;
    this.options.server.disarm();
    if (plan !== undefined) tally.fault(plan.kind, served);
    const faultText = plan === undefined ? '' : served > 0 ? ` with ${describePlan(plan)} x${served}` : ` (${describePlan(plan)} armed, not met)`;
    const outcome = result.kind === 'ok' ? 'ok' : result.kind === 'hang' ? 'HANG' : `error ${errorName(result.error)}`;
    const line = `#${index} ${prepared.label}${faultText}: ${outcome}`;
    this.log.push(line);
    for (const subject of prepared.subjects) subject.history.push(line);
    if (result.kind === 'hang') {
      for (const subject of prepared.subjects) subject.cancelled = true;
      tally.check(false, () => ({ invariant: 'hang', lane: this.options.lane, subject: prepared.label, detail: `no outcome within ${this.options.deadlineMs} ms${faultText}`, history: this.log.slice(-6) }));
      this.#hangs += 1;
      if (this.#hangs >= this.options.maxHangs) this.abandoned = true;
    } else {
      tally.check(true, () => unreachable());
    }
    if (result.kind === 'error') this.#typed(prepared.label, result.error, prepared.subjects);
    prepared.after?.(result);
    return true;
  }

  /** Every error the library throws is a RestlessError. */
  #typed(label: string, error: unknown, subjects: readonly Tracked[]): void {
    this.options.tally.check(RestlessError.isRestlessError(error), () => ({
      invariant: 'untyped-error',
      lane: this.options.lane,
      subject: label,
      detail: `${errorName(error)}: ${error instanceof Error ? error.message : String(error)}`,
      history: subjects.flatMap((subject) => subject.history),
    }));
  }

  #token(model: ModelName): string {
    this.#counter += 1;
    return `s${this.options.seed}-l${this.options.lane}-${model.toLowerCase()}-${this.#counter}`;
  }

  #track(model: ModelName, entity: DynamicEntity, token: string, expect: Record<string, unknown>): Tracked {
    const tracked: Tracked = { model, token, entity, expect: new Map(Object.entries(expect)), deleted: 'no', deletedWhileNew: false, cancelled: false, history: [] };
    this.tracked.push(tracked);
    this.seen.add(entity);
    return tracked;
  }

  #alive(model: ModelName, saved: boolean): Tracked[] {
    return this.tracked.filter((each) => each.model === model && each.deleted !== 'done' && !this.storeDeleted.has(each.entity) && (!saved || !each.entity.isNew));
  }

  #save(subjects: readonly Tracked[], label: string, source: () => Observable<unknown>): Prepared {
    const method: HttpMethod = subjects.some((each) => each.entity.isNew) ? 'POST' : 'PUT';
    return { label, method, subjects, run: () => settle(source(), this.options.deadlineMs) };
  }

  #prepare(kind: OperationKind): Prepared | undefined {
    const { prng } = this.options;
    const models = this.client.models;
    switch (kind) {
      case 'create-person': {
        const token = this.#token('Person');
        const birth = prng.pick(BIRTH_DATES);
        const person = models['Person']!.create({ name: token, birth_date: birth });
        const subjects = [this.#track('Person', person, token, { birth_date: birth })];
        for (let i = prng.int(3); i > 0; i -= 1) {
          const name = this.#token('Computer');
          const vendor = prng.pick(VENDORS);
          subjects.push(this.#track('Computer', models['Computer']!.create({ name, vendor, owner: person }), name, { vendor, owner: person }));
        }
        const last = subjects.at(-1)!;
        return this.#save(subjects, `create Person ${token} + ${subjects.length - 1} computers`, () => (prng.chance(0.5) ? this.client.save() : last.entity.save()));
      }
      case 'create-computer': {
        const owners = this.#alive('Person', false);
        const owner = owners.length > 0 && prng.chance(0.8) ? prng.pick(owners).entity : null;
        const name = this.#token('Computer');
        const vendor = prng.pick(VENDORS);
        const computer = this.#track('Computer', models['Computer']!.create({ name, vendor, owner }), name, { vendor, owner });
        return this.#save([computer], `create Computer ${name}`, () => computer.entity.save());
      }
      case 'create-article': {
        const existing = this.#alive('Tag', false);
        const tags: DynamicEntity[] = [];
        const subjects: Tracked[] = [];
        for (let i = 1 + prng.int(2); i > 0; i -= 1) {
          if (existing.length > 0 && prng.chance(0.5)) {
            const tag = prng.pick(existing);
            if (!tags.includes(tag.entity)) tags.push(tag.entity);
          } else {
            const name = this.#token('Tag');
            const tag = this.#track('Tag', models['Tag']!.create({ name }), name, {});
            subjects.push(tag);
            tags.push(tag.entity);
          }
        }
        const title = this.#token('Article');
        const article = this.#track('Article', models['Article']!.create({ title, tags }), title, { tags: [...tags] });
        subjects.unshift(article);
        return this.#save(subjects, `create Article ${title} with ${tags.length} tags`, () => (prng.chance(0.5) ? this.client.save() : article.entity.save()));
      }
      case 'update-person': {
        const people = this.#alive('Person', true);
        if (people.length === 0) return undefined;
        const person = prng.pick(people);
        // A value the client does not already hold: assigning the same value is no change to save.
        const birth = prng.pick(BIRTH_DATES.filter((each) => !sameDay(each, person.entity['birth_date'])));
        person.entity['birth_date'] = birth;
        person.expect.set('birth_date', birth);
        return this.#save([person], `update Person ${person.token} birth_date`, () => person.entity.save());
      }
      case 'update-vendor': {
        const computers = this.#alive('Computer', true);
        if (computers.length === 0) return undefined;
        const computer = prng.pick(computers);
        const vendor = prng.pick(VENDORS.filter((each) => each !== computer.entity['vendor']));
        computer.entity['vendor'] = vendor;
        computer.expect.set('vendor', vendor);
        return this.#save([computer], `update Computer ${computer.token} vendor=${vendor}`, () => computer.entity.save());
      }
      case 'reassign-owner': {
        const computers = this.#alive('Computer', true);
        const owners = this.#alive('Person', false);
        if (computers.length === 0) return undefined;
        const computer = prng.pick(computers);
        const owner = owners.length > 0 && prng.chance(0.8) ? prng.pick(owners) : undefined;
        computer.entity['owner'] = owner?.entity ?? null;
        computer.expect.set('owner', owner?.entity ?? null);
        return this.#save(owner === undefined ? [computer] : [computer, owner], `reassign Computer ${computer.token} to ${owner?.token ?? 'nobody'}`, () => computer.entity.save());
      }
      case 'link-tag':
      case 'unlink-tag': {
        const articles = this.#alive('Article', true);
        const tags = this.#alive('Tag', false);
        if (articles.length === 0 || tags.length === 0) return undefined;
        const article = prng.pick(articles);
        const list = article.entity['tags'] as DynamicEntity[] | undefined;
        if (list === undefined) return undefined;
        if (kind === 'link-tag') {
          const tag = prng.pick(tags);
          if (list.includes(tag.entity)) return undefined;
          list.push(tag.entity);
        } else {
          if (list.length === 0) return undefined;
          list.splice(prng.int(list.length), 1);
        }
        article.expect.set('tags', [...list]);
        return this.#save([article], `${kind} Article ${article.token} (${list.length} tags)`, () => article.entity.save());
      }
      case 'delete-computer':
      case 'delete-person':
      case 'delete-article': {
        const model: ModelName = kind === 'delete-computer' ? 'Computer' : kind === 'delete-person' ? 'Person' : 'Article';
        const candidates = this.#alive(model, false).filter((each) => each.deleted === 'no');
        if (candidates.length === 0) return undefined;
        const victim = prng.pick(candidates);
        victim.deletedWhileNew = victim.entity.isNew;
        return {
          label: `delete ${model} ${victim.token}`,
          method: 'DELETE',
          subjects: [victim],
          run: () => settle(victim.entity.delete(), this.options.deadlineMs),
          after: (result) => {
            victim.deleted = result.kind === 'ok' ? 'done' : 'failed';
            if (result.kind !== 'ok' || model !== 'Person') return;
            // The server nulls the children's key (SQLAlchemy), so that is what they should hold now.
            for (const computer of this.tracked) if (computer.model === 'Computer' && computer.expect.get('owner') === victim.entity) computer.expect.set('owner', null);
          },
        };
      }
      case 'rpc': {
        const people = this.#alive('Person', true);
        if (people.length === 0) return undefined;
        const person = prng.pick(people);
        const word = `w${this.#counter}`;
        const speak = person.entity['speak'] as (what: string) => Observable<unknown>;
        return {
          label: `rpc Person ${person.token}.speak`,
          method: 'POST',
          path: /\/method\//,
          subjects: [person],
          run: () => settle(speak.call(person.entity, word), this.options.deadlineMs),
          after: (result) => {
            if (result.kind !== 'ok') return;
            this.options.tally.check(result.value === `Errr... uh... ehm... ${word}?`, () => ({
              invariant: 'rpc-wrong-answer',
              lane: this.options.lane,
              subject: `Person ${person.token}`,
              detail: `speak('${word}') gave ${JSON.stringify(result.value)}`,
              history: person.history,
            }));
          },
        };
      }
      case 'read-get': {
        // Not what was deleted, by the program, another client, or the store (a row whose key the database gave again).
        const pool = this.tracked.filter((each) => !each.entity.isNew && each.deleted !== 'done' && !this.storeDeleted.has(each.entity) && !this.foreignDeleted.has(`${each.model}#${String(each.entity['id'])}`));
        if (pool.length === 0) return undefined;
        const target = prng.pick(pool);
        return {
          label: `get ${target.model} ${target.token}`,
          method: 'GET',
          subjects: [target],
          run: () => first(models[target.model]!.get(target.entity['id'] as number), this.options.deadlineMs),
          after: (result) => {
            if (result.kind !== 'ok') return;
            this.options.tally.check(result.value === target.entity, () => ({
              invariant: 'identity',
              lane: this.options.lane,
              subject: `${target.model} ${target.token}`,
              detail: `get(id) gave another object than the one the store holds for that row (it reads ${JSON.stringify((result.value as DynamicEntity | null)?.toJSON?.() ?? null)}; the held one ${JSON.stringify(target.entity.toJSON())}, removed by the store: ${String(this.storeDeleted.has(target.entity))})`,
              history: target.history,
            }));
          },
        };
      }
      case 'read-list': {
        const model = prng.pick(['Person', 'Computer', 'Article'] as const);
        const vendor = prng.pick(VENDORS);
        const query = model === 'Computer' ? models['Computer']!.query.filterBy({ vendor }) : models[model]!.query;
        return {
          label: model === 'Computer' ? `list Computer vendor=${vendor}` : `list ${model}`,
          method: 'GET',
          subjects: [],
          run: () => first(query.all(), this.options.deadlineMs),
          after: (result) => {
            if (result.kind !== 'ok') return;
            const list = result.value as DynamicEntity[];
            for (const entity of list) this.seen.add(entity);
            checkList(this, `list ${model}`, list, (entity) => model !== 'Computer' || entity['vendor'] === vendor);
          },
        };
      }
      case 'read-count':
        return { label: 'count Computer', method: 'GET', subjects: [], run: () => settle(models['Computer']!.query.count(), this.options.deadlineMs) };
      case 'save-all':
        return this.#save(this.tracked.filter((each) => each.entity.isNew || each.entity.isDirty), 'save everything pending', () => this.client.save());
      case 'reconcile': {
        const reconcile = (this.client as unknown as { reconcile?: () => Promise<unknown> }).reconcile;
        if (typeof reconcile !== 'function') return undefined;
        return { label: 'reconcile', method: 'GET', subjects: this.tracked.filter((each) => each.entity.isNew), run: () => settlePromise(reconcile.call(this.client), this.options.deadlineMs) };
      }
      case 'foreign-change':
        return this.#foreignChange();
    }
  }

  /** Another client changes or deletes one of this lane's rows, or adds a row. */
  #foreignChange(): Prepared | undefined {
    const { prng, server } = this.options;
    // Rows another client already deleted are out of its reach (their ids may be reused).
    const reachable = (each: Tracked) => !this.foreignDeleted.has(`${each.model}#${String(each.entity['id'])}`) && each.deleted === 'no';
    const computers = this.#alive('Computer', true).filter(reachable);
    const people = this.#alive('Person', true).filter(reachable);
    // The server gives a new row the highest key + 1 (SQLite), so deleting the top row would hand
    // its key to the next create: the program's stale entity would then edit a stranger's row.
    const belowTop = (candidates: Tracked[]): Tracked[] => {
      const top = Math.max(...candidates.map((each) => each.entity['id'] as number));
      return candidates.filter((each) => (each.entity['id'] as number) < top);
    };
    const what = prng.weighted({ vendor: 4, 'delete-computer': 2, birth: 2, 'delete-person': this.options.exclude?.includes('foreign-delete-person') ? 0 : 1, insert: 2 });
    const run = async (work: () => Promise<unknown>): Promise<Settled<unknown>> => settlePromise(work(), this.options.deadlineMs);
    const touch = (subject: Tracked, deleted: boolean): void => {
      const key = `${subject.model}#${String(subject.entity['id'])}`;
      this.foreignTouched.add(key);
      if (deleted) this.foreignDeleted.add(key);
    };
    const deletable = what === 'delete-computer' ? belowTop(computers) : what === 'delete-person' ? belowTop(people) : [];
    if ((what === 'vendor' && computers.length > 0) || (what === 'delete-computer' && deletable.length > 0)) {
      const computer = prng.pick(what === 'vendor' ? computers : deletable);
      const id = computer.entity['id'] as number;
      if (what === 'vendor') {
        const vendor = prng.pick(VENDORS);
        return { label: `foreign: Computer ${computer.token} vendor=${vendor}`, method: 'PUT', subjects: [computer], run: () => run(() => server.foreign.update('Computer', id, { vendor })), after: () => { touch(computer, false); computer.expect.delete('vendor'); } };
      }
      return { label: `foreign: delete Computer ${computer.token}`, method: 'DELETE', subjects: [computer], run: () => run(() => server.foreign.remove('Computer', id)), after: () => touch(computer, true) };
    }
    if ((what === 'birth' && people.length > 0) || (what === 'delete-person' && deletable.length > 0)) {
      const person = prng.pick(what === 'birth' ? people : deletable);
      const id = person.entity['id'] as number;
      if (what === 'birth') return { label: `foreign: Person ${person.token} birth_date`, method: 'PUT', subjects: [person], run: () => run(() => server.foreign.update('Person', id, { birth_date: '1970-07-07' })), after: () => { touch(person, false); person.expect.delete('birth_date'); } };
      const children = this.tracked.filter((each) => each.model === 'Computer' && each.expect.get('owner') === person.entity);
      return {
        label: `foreign: delete Person ${person.token}`,
        method: 'DELETE',
        subjects: [person, ...children],
        run: () => run(() => server.foreign.remove('Person', id)),
        after: () => {
          touch(person, true);
          for (const child of children) {
            if (!child.entity.isNew) touch(child, false);
            child.expect.delete('owner');
          }
        },
      };
    }
    const name = `foreign-${this.#token('Person')}`;
    return { label: `foreign: insert Person ${name}`, method: 'POST', subjects: [], run: () => run(() => server.foreign.insert('Person', { name, birth_date: null })) };
  }
}

/** A list read once: no entity twice, every member matches. */
export function checkList(lane: Lane, name: string, list: readonly DynamicEntity[], matches: (entity: DynamicEntity) => boolean): void {
  const { tally, lane: number } = lane.options;
  tally.check(new Set(list).size === list.length, () => ({ invariant: 'list-duplicate', lane: number, subject: name, detail: `an entity appears twice among ${list.length}`, history: lane.log.slice(-5) }));
  for (const entity of list) {
    tally.check(matches(entity), () => ({ invariant: 'list-non-matching', lane: number, subject: name, detail: `holds ${describeEntity(entity)}, which does not match`, history: lane.log.slice(-5) }));
  }
}

/** A live list's emission: as a list, and none of its members deleted by the program. */
export function checkLiveList(lane: Lane, name: string, list: readonly DynamicEntity[], matches: (entity: DynamicEntity) => boolean): void {
  checkList(lane, `live ${name}`, list, matches);
  const deleted = new Set(lane.tracked.filter((each) => each.deleted === 'done').map((each) => each.entity));
  for (const entity of list) {
    lane.options.tally.check(!deleted.has(entity), () => ({ invariant: 'list-shows-deleted', lane: lane.options.lane, subject: `live ${name}`, detail: `holds ${describeEntity(entity)}, deleted by the program`, history: lane.log.slice(-5) }));
  }
}

export function describeEntity(entity: DynamicEntity): string {
  const json = entity.toJSON();
  return `${String(json['name'] ?? json['title'] ?? '?')} (#${String(json['id'] ?? 'new')}, vendor ${String(json['vendor'] ?? '-')})`;
}

function sameDay(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

function describePlan(plan: FaultPlan): string {
  const { kind, ...details } = plan;
  const rest = Object.entries(details).map(([key, value]) => `${key}=${String(value)}`);
  return rest.length === 0 ? kind : `${kind}(${rest.join(',')})`;
}

function errorName(error: unknown): string {
  if (RestlessError.isRestlessError(error)) return `${error.name}${error.outcome === 'unknown' ? '(outcome unknown)' : ''}`;
  return error instanceof Error ? error.name : typeof error;
}

function unreachable(): never {
  throw new Error('unreachable');
}
