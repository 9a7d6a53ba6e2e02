/**
 * The field values of one entity (its server values, or its unsaved ones): a Map in behaviour
 * (insertion order, live `size`, any string key), built for a store of 100,000 rows.
 *
 * A `Map` costs about 190 bytes empty and 300 with five entries, and every entity has two of them
 * (most never hold an unsaved value). Here the keys live in a shared, immutable *shape* (the keys in
 * insertion order, with their positions), as V8's hidden classes do for objects: the entities of a
 * model loaded the same way share one shape, and each holds only an array of its values. An entity
 * without unsaved values holds no array at all.
 */

/** Keys in insertion order, their positions, and the shapes one more key leads to. */
interface Shape {
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly next: Map<string, Shape>;
}

const ROOT: Shape = { keys: [], index: new Map(), next: new Map() };

// Shapes are shared by every store of the process (like an engine's hidden classes: they hold field
// names only, never values). Their number is bounded: past the cap, a new key sequence gets a shape
// of its own that is not remembered, so a stream of odd orders cannot grow memory without end.
const MAX_SHARED_SHAPES = 10_000;
let sharedShapes = 0;

function extend(shape: Shape, key: string): Shape {
  const known = shape.next.get(key);
  if (known) return known;
  const keys = [...shape.keys, key];
  const extended: Shape = { keys, index: new Map(keys.map((name, position) => [name, position])), next: new Map() };
  if (sharedShapes < MAX_SHARED_SHAPES) {
    sharedShapes += 1;
    shape.next.set(key, extended);
  }
  return extended;
}

function shapeOf(keys: Iterable<string>): Shape {
  let shape = ROOT;
  for (const key of keys) shape = extend(shape, key);
  return shape;
}

/** Told before each change (the store journals the entity, and notes an unsaved edit). */
export interface FieldValuesOwner {
  fieldsWillChange(values: FieldValues): void;
  /** Told after a field was set to a list (the store indexes who holds loaded to-many lists). */
  listWasSet?(values: FieldValues, key: string): void;
}

export class FieldValues implements ReadonlyMap<string, unknown> {
  #shape: Shape = ROOT;
  // Positions follow the shape's keys. A new array replaces it on a delete, so an iteration under
  // way keeps reading the keys and values it started with (as a Map's iterator does not, but no
  // caller relies on seeing later changes).
  #values: unknown[] | undefined;
  readonly #owner: FieldValuesOwner;

  constructor(owner: FieldValuesOwner) {
    this.#owner = owner;
  }

  get size(): number {
    return this.#shape.keys.length;
  }

  get [Symbol.toStringTag](): string {
    return 'FieldValues';
  }

  get(key: string): unknown {
    const position = this.#shape.index.get(key);
    return position === undefined ? undefined : this.#values?.[position];
  }

  has(key: string): boolean {
    return this.#shape.index.has(key);
  }

  set(key: string, value: unknown): this {
    this.#owner.fieldsWillChange(this);
    this.#setQuietly(key, value);
    if (Array.isArray(value)) this.#owner.listWasSet?.(this, key);
    return this;
  }

  delete(key: string): boolean {
    const position = this.#shape.index.get(key);
    if (position === undefined) return false;
    this.#owner.fieldsWillChange(this);
    const keys = this.#shape.keys.filter((_, at) => at !== position);
    const values = (this.#values ?? []).filter((_, at) => at !== position);
    this.#shape = shapeOf(keys);
    this.#values = values.length === 0 ? undefined : values;
    return true;
  }

  clear(): void {
    if (this.size === 0) return;
    this.#owner.fieldsWillChange(this);
    this.#shape = ROOT;
    this.#values = undefined;
  }

  /** Puts `entries` back without telling the owner (the store undoing a failed transaction). */
  replaceQuietly(entries: Iterable<readonly [string, unknown]>): void {
    this.#shape = ROOT;
    this.#values = undefined;
    for (const [key, value] of entries) this.#setQuietly(key, value);
  }

  forEach(callback: (value: unknown, key: string, map: ReadonlyMap<string, unknown>) => void, thisArg?: unknown): void {
    const keys = this.#shape.keys;
    const values = this.#values;
    keys.forEach((key, position) => callback.call(thisArg, values?.[position], key, this));
  }

  keys(): MapIterator<string> {
    return this.#shape.keys.values();
  }

  values(): MapIterator<unknown> {
    return (this.#values ?? []).slice(0, this.size).values();
  }

  entries(): MapIterator<[string, unknown]> {
    const values = this.#values;
    return this.#shape.keys.map((key, position): [string, unknown] => [key, values?.[position]]).values();
  }

  [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }

  #setQuietly(key: string, value: unknown): void {
    const position = this.#shape.index.get(key);
    if (position !== undefined) {
      this.#values![position] = value;
      return;
    }
    this.#shape = extend(this.#shape, key);
    // A copy of the exact length, not a push: a pushed array keeps spare room (17 slots for 5 values).
    this.#values = this.#values === undefined ? [value] : this.#values.concat([value]);
  }
}
