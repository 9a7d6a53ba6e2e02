import { stateOf, type EntityState } from './entity-state.js';

/** What the sweep needs of the store. */
export interface RetentionHost {
  /** Every entity the store holds. */
  entities(): Iterable<EntityState>;
  /** Takes these entities out of the store, as one batch. */
  evict(states: readonly EntityState[]): void;
  /** Forgets evicted entities the garbage collector has taken. */
  prune(): void;
}

export interface RetentionOptions {
  /** How long an entity stays in the store after nothing references it; Infinity: forever. */
  readonly gcTimeMs: number;
  /** Entities to keep whatever else holds them (those with a save error the app has not seen to). */
  readonly isPinned?: (state: EntityState) => boolean;
}

/** setTimeout's largest delay; a longer one would fire at once. */
const LONGEST_DELAY_MS = 2 ** 31 - 1;

/**
 * Decides which entities the store may let go of, as TanStack Query's `gcTime` does for queries.
 *
 * Roots are entities that something still needs: referenced by a subscription (counted with
 * `retain`/`release`: live list members, `entity.$` observers), new, with unsaved changes, or
 * pinned. Everything reachable from a root through relation values (the server's or the user's
 * unsaved ones, transitively) is kept too. An entity found unreachable at a sweep gets a clock;
 * the first sweep at which that clock reads `gcTimeMs` or more evicts it.
 *
 * Timing: a change or a release schedules a sweep within `gcTimeMs / 2`; the first sweep that
 * finds an entity unreachable starts its clock, and a sweep runs when that clock reaches
 * `gcTimeMs`. So an entity is evicted no sooner than `gcTimeMs` after it was last referenced,
 * and no later than 1.5 x `gcTimeMs` after. One case can come early: an entity that was already
 * waiting, then reachable for a moment only through a relation without a backref (assigned and
 * assigned away again between two sweeps), keeps its old clock, since nothing marks the value a
 * relation lost. That costs nothing but the timing of its `evicted` event: whoever holds it keeps
 * it, and its next load brings the same object back.
 * After a sweep that evicted, one more runs to prune what the garbage collector took meanwhile.
 *
 * Cost: a sweep is one pass over the store (O(entities + relation links)). Sweeps run only while
 * there is something to collect (after a change or a release, or while unreachable entities wait
 * for their time), at most twice per `gcTimeMs / 2`: once for changes, once for clocks started
 * by an earlier sweep. With nothing to collect no timer is set, and the timer is unref()'d in
 * Node, so it never keeps a script or a test run alive.
 */
export class Retention {
  readonly #host: RetentionHost;
  readonly #gcTimeMs: number;
  readonly #period: number;
  readonly #isPinned: (state: EntityState) => boolean;
  readonly #refs = new Map<EntityState, number>();
  /** Released or changed since the last sweep: they may have kept others reachable until then. */
  readonly #touched = new Set<EntityState>();
  /** When each unreachable entity was first found unreachable (performance.now()). */
  readonly #unreachableSince = new Map<EntityState, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerDue = 0;
  /** The timer fires within one period: a touch need not look at the clock (loads touch thousands at once). */
  #timerSoon = false;

  constructor(host: RetentionHost, options: RetentionOptions) {
    this.#host = host;
    this.#gcTimeMs = options.gcTimeMs;
    this.#period = options.gcTimeMs / 2;
    this.#isPinned = options.isPinned ?? (() => false);
  }

  /** False for `gcTimeMs: Infinity`: nothing is ever evicted, and nothing is tracked for it. */
  get collects(): boolean {
    return Number.isFinite(this.#gcTimeMs);
  }

  /** A subscription now references `state`. */
  retain(state: EntityState): void {
    this.#refs.set(state, (this.#refs.get(state) ?? 0) + 1);
  }

  /** A subscription no longer references `state`; its clock can start. */
  release(state: EntityState): void {
    const count = (this.#refs.get(state) ?? 0) - 1;
    if (count > 0) {
      this.#refs.set(state, count);
      return;
    }
    this.#refs.delete(state);
    this.touch(state);
  }

  /** `state` was loaded, changed or released: it (and what it reaches) starts over. */
  touch(state: EntityState): void {
    if (!this.collects) return;
    this.#touched.add(state);
    this.#unreachableSince.delete(state);
    if (!this.#timerSoon) this.#schedule(this.#period);
  }

  /** `state` left the store (deleted or evicted): nothing to track any more. */
  forget(state: EntityState): void {
    this.#touched.delete(state);
    this.#unreachableSince.delete(state);
  }

  /** Marks what is reachable and evicts what has been unreachable for `gcTimeMs`. Runs on its own timer. */
  sweep(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerSoon = false;
    this.#host.prune();
    const now = performance.now();
    const reachable = new Set<EntityState>();
    for (const state of this.#host.entities()) {
      if (this.#isRoot(state)) visit(state, reachable, undefined);
    }
    // What a released or changed entity reached may have been reachable through it until a moment
    // ago: its clock starts now, not when it was first seen unreachable.
    const fresh = new Set<EntityState>();
    for (const state of this.#touched) {
      if (!reachable.has(state)) visit(state, fresh, reachable);
    }
    this.#touched.clear();
    const due: EntityState[] = [];
    for (const state of this.#host.entities()) {
      if (reachable.has(state)) {
        this.#unreachableSince.delete(state);
        continue;
      }
      let since = fresh.has(state) ? undefined : this.#unreachableSince.get(state);
      if (since === undefined) {
        since = now;
        this.#unreachableSince.set(state, since);
      }
      if (now - since >= this.#gcTimeMs) due.push(state);
    }
    if (due.length > 0) this.#host.evict(due);
    this.#scheduleNext(now, due.length > 0);
  }

  #isRoot(state: EntityState): boolean {
    return this.#refs.has(state) || state.status !== 'clean' || state.local.size > 0 || this.#isPinned(state);
  }

  /**
   * After a sweep: again when the first waiting entity is due, or soon if something changed
   * meanwhile, or once more after an eviction, to prune what the garbage collector took by then.
   */
  #scheduleNext(now: number, evicted: boolean): void {
    if (this.#touched.size > 0 || evicted) {
      this.#schedule(this.#period);
      return;
    }
    let earliest = Infinity;
    for (const since of this.#unreachableSince.values()) earliest = Math.min(earliest, since + this.#gcTimeMs);
    if (earliest !== Infinity) this.#schedule(Math.max(0, earliest - now));
  }

  #schedule(delay: number): void {
    const due = performance.now() + delay;
    if (this.#timer !== undefined) {
      if (this.#timerDue <= due) return;
      clearTimeout(this.#timer);
    }
    this.#timerDue = due;
    this.#timerSoon = delay <= this.#period;
    // The timer holds the store only weakly: a client the app dropped can be collected, timer or not.
    const self = new WeakRef(this);
    const timer = setTimeout(() => self.deref()?.sweep(), Math.min(delay, LONGEST_DELAY_MS));
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }
}

/** Adds `start` and every entity reachable from it through relation values to `into`, skipping `except`. */
function visit(start: EntityState, into: Set<EntityState>, except: ReadonlySet<EntityState> | undefined): void {
  if (into.has(start)) return;
  const stack = [start];
  into.add(start);
  const follow = (value: unknown) => {
    const state = stateOf(value);
    if (state && !into.has(state) && !except?.has(state)) {
      into.add(state);
      stack.push(state);
    }
  };
  for (let state = stack.pop(); state !== undefined; state = stack.pop()) {
    for (const values of [state.server, state.local]) {
      for (const value of values.values()) {
        if (Array.isArray(value)) value.forEach(follow);
        else if (typeof value === 'object' && value !== null) follow(value);
      }
    }
  }
}
