/**
 * The end-of-run checks of a lane, against a fault-free read of the server by a fresh client:
 *
 * - duplicate-row: a token (one per created row) appears at most once on the server;
 * - unsaved-no-error / in-doubt-unflagged / vanished: a created entity is saved and on the server,
 *   or still new with an error (in doubt, flagged as such, when its row does exist);
 * - lost-edit: every value the program assigned is on the server, or still dirty with an error;
 * - store-differs: the client's clean (not dirty) values equal the server's;
 * - fk-mismatch: no foreign key disagrees with its relation (c.owner_id vs c.owner.id, p.computers
 *   vs c.owner);
 * - delete-lost: a delete that succeeded left no row (deleted-in-doubt-row-stays: delete() of a
 *   new entity whose create was in doubt, which drops only the local copy).
 */
import { firstValueFrom, timeout } from 'rxjs';
import { bearerAuth, connect, type Client, type DynamicEntity } from '../../src/index.js';
import { TOKEN_COLUMN, type Lane, type ModelName, type Tracked } from './lane.js';

/** One model's rows as a fault-free fresh client reads them. */
export interface ServerView {
  readonly byId: ReadonlyMap<number, DynamicEntity>;
  readonly byToken: ReadonlyMap<string, readonly DynamicEntity[]>;
}

export type ServerSnapshot = Readonly<Record<ModelName, ServerView>>;

const MODELS: readonly ModelName[] = ['Person', 'Computer', 'Article', 'Tag'];

/** Reads every row of the soak's models with a fresh client at `url` (no faults there). */
export async function readServer(url: string, deadlineMs: number, credentials?: { readonly username: string; readonly password: string }): Promise<ServerSnapshot> {
  const client = await connect({ url, retry: { attempts: 1 }, ...(credentials === undefined ? {} : { auth: bearerAuth(credentials) }) });
  const entries = await Promise.all(MODELS.map(async (model) => [model, await viewOf(client, model, deadlineMs)] as const));
  return Object.fromEntries(entries) as Record<ModelName, ServerView>;
}

async function viewOf(client: Client, model: ModelName, deadlineMs: number): Promise<ServerView> {
  const rows = await firstValueFrom(client.models[model]!.all().pipe(timeout(deadlineMs)));
  const byId = new Map<number, DynamicEntity>();
  const byToken = new Map<string, DynamicEntity[]>();
  for (const row of rows) {
    byId.set(row['id'] as number, row);
    const token = row[TOKEN_COLUMN[model]];
    if (typeof token === 'string') byToken.set(token, [...(byToken.get(token) ?? []), row]);
  }
  return { byId, byToken };
}

/**
 * Checks `lane` against `server`. `afterReread`: the lane's client has just read every row again,
 * so rows another client changed count too (before, they are skipped: the client cannot know).
 */
export function checkLane(lane: Lane, server: ServerSnapshot, afterReread: boolean): void {
  const pass = afterReread ? 'after re-read' : 'as left';
  if (!afterReread) {
    checkDuplicates(lane, server);
    for (const tracked of lane.tracked) checkTracked(lane, tracked, server);
  }
  const trackedOf = new Map(lane.tracked.map((each) => [each.entity, each] as const));
  for (const entity of lane.seen) checkStoreEqualsServer(lane, entity, trackedOf.get(entity), server, afterReread, pass);
  for (const entity of lane.seen) checkForeignKeys(lane, entity, trackedOf.get(entity), pass);
}

function checkDuplicates(lane: Lane, server: ServerSnapshot): void {
  for (const model of MODELS) {
    for (const [token, rows] of server[model].byToken) {
      if (!token.startsWith(`s${lane.options.seed}-l${lane.options.lane}-`)) continue;
      const tracked = lane.tracked.find((each) => each.token === token);
      lane.options.tally.check(rows.length <= 1, () => ({
        invariant: 'duplicate-row',
        lane: lane.options.lane,
        subject: `${model} ${token}`,
        detail: `${rows.length} rows on the server (ids ${rows.map((row) => String(row['id'])).join(', ')})`,
        history: tracked?.history ?? [],
      }));
    }
  }
}

function inDoubt(entity: DynamicEntity): boolean {
  const flagged = (entity as { inDoubt?: unknown }).inDoubt;
  const outcome = (entity.saveError as { outcome?: unknown } | undefined)?.outcome;
  return flagged === true || outcome === 'unknown';
}

function pendingWithError(tracked: Tracked): boolean {
  return tracked.entity.saveError !== undefined || inDoubt(tracked.entity) || tracked.cancelled;
}

function checkTracked(lane: Lane, tracked: Tracked, server: ServerSnapshot): void {
  const { tally } = lane.options;
  const { entity, model, token } = tracked;
  const subject = `${model} ${token}`;
  const rows = server[model].byToken.get(token) ?? [];
  const violation = (invariant: string, detail: string) => () => ({ invariant, lane: lane.options.lane, subject, detail, history: tracked.history });
  if (tracked.deleted === 'done') {
    // delete() of a new entity drops the local copy only: when its create was in doubt, the row stays.
    tally.check(rows.length === 0, violation(tracked.deletedWhileNew ? 'deleted-in-doubt-row-stays' : 'delete-lost', `delete() succeeded, yet the server has ${rows.length} row(s)`));
    return;
  }
  if (entity.isNew) {
    if (rows.length === 0) {
      tally.check(pendingWithError(tracked), violation('unsaved-no-error', 'never created on the server, yet new with no saveError (a silently dropped create)'));
    } else {
      tally.check(inDoubt(entity) || tracked.cancelled, violation('in-doubt-unflagged', `the server has its row (#${String(rows[0]?.['id'])}) while the client holds it as new and not in doubt (inDoubt / saveError.outcome 'unknown')`));
    }
    return;
  }
  const key = `${model}#${String(entity['id'])}`;
  const row = server[model].byId.get(entity['id'] as number);
  if (row === undefined || row[TOKEN_COLUMN[model]] !== token) {
    const excused = tracked.deleted === 'failed' || lane.foreignDeleted.has(key);
    tally.check(excused, violation('vanished', `saved as #${String(entity['id'])}, but the server has ${row === undefined ? 'no such row' : `another row there (${String(row[TOKEN_COLUMN[model]])})`}`));
    return;
  }
  for (const [field, expected] of tracked.expect) {
    const onServer = expectationHolds(field, expected, row, server);
    const dirty = entity.dirtyFields.includes(field) || (field === 'owner' && entity.dirtyFields.includes('owner_id'));
    const excusedByDeletedOwner = field === 'owner' && expected !== null && ownerGone(lane, expected as DynamicEntity, server) && row['owner_id'] === null;
    tally.check(onServer || excusedByDeletedOwner || (dirty && pendingWithError(tracked)), violation('lost-edit', `${field}: the program set ${show(expected)}, the server has ${show(serverValue(field, row))}, and the client ${dirty ? 'holds it dirty with no error' : 'holds it clean'} as ${show(field === 'owner' ? entity['owner'] : entity[field])}`));
  }
}

/** Whether the server row holds the expected value of `field` (`owner` and `tags` by key). */
function expectationHolds(field: string, expected: unknown, row: DynamicEntity, server: ServerSnapshot): boolean {
  void server;
  if (field === 'owner') {
    const owner = expected as DynamicEntity | null;
    if (owner === null) return row['owner_id'] === null;
    return !owner.isNew && row['owner_id'] === owner['id'];
  }
  if (field === 'tags') {
    const tags = expected as DynamicEntity[];
    if (tags.some((tag) => tag.isNew)) return false;
    return sameIds(tags.map((tag) => tag['id']), ((row['tags'] as DynamicEntity[] | undefined) ?? []).map((tag) => tag['id']));
  }
  return same(expected, row[field]);
}

function ownerGone(lane: Lane, owner: DynamicEntity, server: ServerSnapshot): boolean {
  const tracked = lane.tracked.find((each) => each.entity === owner);
  // The row with its id may be another person's now: SQLite gives a deleted row's id to the next one.
  const row = owner['id'] === undefined ? undefined : server.Person.byId.get(owner['id'] as number);
  return owner['id'] !== undefined && (row === undefined || row['name'] !== owner['name']) && (tracked?.deleted !== 'no' || lane.foreignDeleted.has(`Person#${String(owner['id'])}`));
}

function serverValue(field: string, row: DynamicEntity): unknown {
  if (field === 'owner') return row['owner_id'];
  if (field === 'tags') return ((row['tags'] as DynamicEntity[] | undefined) ?? []).map((tag) => tag['id']);
  return row[field];
}

/** The client's clean column values equal the server's, for a row it holds as saved. */
function checkStoreEqualsServer(lane: Lane, entity: DynamicEntity, tracked: Tracked | undefined, server: ServerSnapshot, afterReread: boolean, pass: string): void {
  const model = modelOf(lane, entity);
  if (model === undefined || entity.isNew) return;
  if (tracked?.deleted === 'done') return;
  const key = `${model}#${String(entity['id'])}`;
  if (lane.foreignDeleted.has(key) || tracked?.deleted === 'failed') return;
  if (!afterReread && lane.foreignTouched.has(key)) return;
  const row = server[model].byId.get(entity['id'] as number);
  const subject = tracked === undefined ? `${model} #${String(entity['id'])}` : `${model} ${tracked.token}`;
  const history = tracked?.history ?? lane.log.slice(-5);
  if (row === undefined) {
    // A seed row or another client's row the program only read: gone means someone deleted it.
    if (tracked !== undefined) return; // reported by checkTracked as `vanished`
    lane.options.tally.check(lane.foreignTouched.size > 0, () => ({ invariant: 'vanished', lane: lane.options.lane, subject, detail: `${pass}: the client holds it, the server has no such row`, history }));
    return;
  }
  const definition = lane.client.datamodel.models.get(model)!;
  for (const column of definition.attributes.keys()) {
    if (column === definition.pk || entity.dirtyFields.includes(column)) continue;
    const mine = entity[column];
    const theirs = row[column];
    if (mine === undefined || theirs === undefined) continue;
    // Another client's delete nulls the keys that pointed at its row, on the server only: until
    // this client reads the row again, its key is stale, not wrong (the re-read pass checks it).
    if (!afterReread && column === 'owner_id' && theirs === null && lane.foreignDeleted.has(`Person#${String(mine)}`)) continue;
    lane.options.tally.check(same(mine, theirs), () => ({ invariant: 'store-differs', lane: lane.options.lane, subject, detail: `${pass}: ${column} is ${show(mine)} in the client (clean), ${show(theirs)} on the server`, history }));
  }
  if (model === 'Article' && !entity.dirtyFields.includes('tags')) {
    const mine = entity['tags'] as DynamicEntity[] | undefined;
    const theirs = row['tags'] as DynamicEntity[] | undefined;
    if (mine !== undefined && theirs !== undefined && !mine.some((tag) => tag.isNew)) {
      lane.options.tally.check(sameIds(mine.map((tag) => tag['id']), theirs.map((tag) => tag['id'])), () => ({ invariant: 'store-differs', lane: lane.options.lane, subject, detail: `${pass}: tags are ${show(mine.map((tag) => tag['id']))} in the client (clean), ${show(theirs.map((tag) => tag['id']))} on the server`, history }));
    }
  }
}

/** c.owner_id agrees with c.owner, and a person's computers point back at it. */
function checkForeignKeys(lane: Lane, entity: DynamicEntity, tracked: Tracked | undefined, pass: string): void {
  const model = modelOf(lane, entity);
  // A deleted entity keeps its last values for the app to read; it is no part of the store.
  if (tracked?.deleted === 'done' || lane.storeDeleted.has(entity)) return;
  const subject = tracked === undefined ? `${model ?? '?'} #${String(entity['id'])}` : `${tracked.model} ${tracked.token}`;
  const history = tracked?.history ?? lane.log.slice(-5);
  if (model === 'Computer') {
    const owner = entity['owner'] as DynamicEntity | null | undefined;
    if (owner === undefined) return;
    const key = entity['owner_id'];
    const agrees = owner === null ? key === null || key === undefined : owner.isNew ? key === null || key === undefined : key === owner['id'];
    lane.options.tally.check(agrees, () => ({ invariant: 'fk-mismatch', lane: lane.options.lane, subject, detail: `${pass}: owner_id is ${show(key)} but owner is ${owner === null ? 'null' : `#${String(owner['id'] ?? 'new')}`}`, history }));
  }
  if (model === 'Person') {
    const computers = entity['computers'] as DynamicEntity[] | undefined;
    for (const computer of computers ?? []) {
      const owner = computer['owner'] as DynamicEntity | null | undefined;
      if (owner === undefined) continue;
      lane.options.tally.check(owner === entity, () => ({ invariant: 'fk-mismatch', lane: lane.options.lane, subject, detail: `${pass}: its computers list holds #${String(computer['id'] ?? 'new')}, whose owner is ${owner === null ? 'null' : `#${String(owner['id'] ?? 'new')}`}`, history }));
    }
  }
}

function modelOf(lane: Lane, entity: DynamicEntity): ModelName | undefined {
  for (const model of MODELS) if (entity instanceof (lane.client.models[model] as unknown as abstract new () => unknown)) return model;
  return undefined;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function sameIds(a: readonly unknown[], b: readonly unknown[]): boolean {
  return JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());
}

function show(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && value !== null && 'toJSON' in value && typeof (value as { toJSON: unknown }).toJSON === 'function' && !Array.isArray(value)) {
    const json = (value as { toJSON(): Record<string, unknown> }).toJSON();
    return `#${String(json['id'] ?? 'new')} ${String(json['name'] ?? json['title'] ?? '')}`;
  }
  return JSON.stringify(value) ?? String(value);
}
