/**
 * The members of a live list, kept in order between store batches at a cost proportional to the
 * members a batch touched, not to the list's size.
 *
 * Each member keeps its sort key (recomputed only when the entity's `version` moved) and a label:
 * labels increase along the list, so the array is sorted by key and by label at once, a member is
 * found by binary search, and a touched one is taken out and put back by binary insertion.
 *
 * Ties follow the rule a stable re-sort of the previous list would follow (what live lists did
 * before this structure): among members of equal keys, the one that came first in the previous
 * list comes first (a moved member competes with its previous label), and entities that join go
 * after the members they tie with, in the order they joined. A placed entity then gets a label
 * between its new neighbours'; when no number fits between them, every label is renumbered (rare).
 */
import type { ColumnOrder } from './sort.js';
import type { SqlValue } from './sqlite.js';

interface Slot {
  values: readonly SqlValue[];
  version: number;
  label: number;
}

/** What a batch did to the members. */
export interface MembersChange<S> {
  readonly joined: readonly S[];
  readonly left: readonly S[];
}

/** An entity on its way into the list. */
interface Placing<S> {
  readonly state: S;
  readonly slot: Slot;
  /** Its place among equal keys: its previous label, or Infinity for an entity that joins... */
  readonly tie: number;
  /** ...and then the order it joined in. */
  readonly joinIndex: number;
}

/** Above this many touched members, one pass over the array beats a splice per member. */
const SPLICE_LIMIT = 16;

export class SortedMembers<S> {
  readonly #order: ColumnOrder<S>;
  readonly #version: (state: S) => number;
  readonly #slots = new Map<S, Slot>();
  #list: S[] = [];

  constructor(order: ColumnOrder<S>, version: (state: S) => number) {
    this.#order = order;
    this.#version = version;
  }

  /** The members in order: changed in place by the next `apply` (copy it to hand it out). */
  get list(): readonly S[] {
    return this.#list;
  }

  has(state: S): boolean {
    return this.#slots.has(state);
  }

  /** Replaces every member by `states`, sorted (a stable sort: ties keep the order given). */
  reset(states: readonly S[]): void {
    this.#slots.clear();
    const decorated = states.map((state, index) => ({ state, values: this.#order.keyOf(state), index }));
    decorated.sort((a, b) => this.#order.compare(a.values, b.values) || a.index - b.index);
    this.#list = decorated.map((item, label) => {
      this.#slots.set(item.state, { values: item.values, version: this.#version(item.state), label });
      return item.state;
    });
  }

  /**
   * Applies one batch's verdicts, in the order the entities should join when they tie: `true`
   * keeps or brings in the entity (re-placing it if its key changed), `false` takes it out.
   */
  apply(verdicts: ReadonlyMap<S, boolean>): MembersChange<S> {
    const joined: S[] = [];
    const left: S[] = [];
    const outIndexes: number[] = [];
    const placing: Placing<S>[] = [];
    // Every position is found while all slots still hold their previous keys.
    for (const [state, keep] of verdicts) {
      const slot = this.#slots.get(state);
      if (slot === undefined) {
        if (keep) {
          placing.push({ state, slot: { values: this.#order.keyOf(state), version: this.#version(state), label: Number.NaN }, tie: Infinity, joinIndex: joined.length });
          joined.push(state);
        }
        continue;
      }
      if (!keep) {
        left.push(state);
        outIndexes.push(this.#indexOf(state, slot));
        continue;
      }
      const version = this.#version(state);
      if (version === slot.version) continue;
      const values = this.#order.keyOf(state);
      if (this.#order.compare(values, slot.values) === 0) {
        slot.values = values;
        slot.version = version;
        continue;
      }
      outIndexes.push(this.#indexOf(state, slot));
      placing.push({ state, slot: { values, version, label: Number.NaN }, tie: slot.label, joinIndex: 0 });
    }
    if (outIndexes.length === 0 && placing.length === 0) return { joined, left };
    for (const state of left) this.#slots.delete(state);
    for (const { state, slot } of placing) this.#slots.set(state, slot);
    const [from] = outIndexes;
    const [moving] = placing;
    if (outIndexes.length === 1 && placing.length === 1 && joined.length === 0 && from !== undefined && moving !== undefined) {
      // The common edit: one member changes place. Only the members between its two places shift.
      this.#label([this.#moveOne(from, moving)]);
      return { joined, left };
    }
    const few = outIndexes.length + placing.length <= SPLICE_LIMIT;
    const kept = few ? spliceOut(this.#list, outIndexes) : filterOut(this.#list, outIndexes);
    placing.sort((a, b) => this.#order.compare(a.slot.values, b.slot.values) || (a.tie === b.tie ? a.joinIndex - b.joinIndex : a.tie < b.tie ? -1 : 1));
    const positions: number[] = [];
    this.#list = few ? this.#spliceIn(kept, placing, positions) : this.#mergeIn(kept, placing, positions);
    this.#label(positions);
    return { joined, left };
  }

  #slotOf(member: S): Slot {
    // Every member has a slot: both change together.
    return this.#slots.get(member) as Slot;
  }

  /** A member (by its slot) against an entity being placed. */
  #comparePlacing(member: Slot, placing: Placing<S>): number {
    return this.#order.compare(member.values, placing.slot.values) || (member.label < placing.tie ? -1 : 1);
  }

  /** Where `state` is: by binary search on its slot (key and label are unique, so exactly one place). */
  #indexOf(state: S, slot: Slot): number {
    let low = 0;
    let high = this.#list.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const other = this.#slotOf(this.#list[middle] as S);
      const order = this.#order.compare(other.values, slot.values) || other.label - slot.label;
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return this.#list.indexOf(state);
  }

  /**
   * `placing` in ascending order goes into `list` (in place) by binary insertion; each one's
   * position is noted. Positions only grow, so a later insertion never shifts an earlier one, and
   * each search looks only at members that were already there.
   */
  #spliceIn(list: S[], placing: readonly Placing<S>[], positions: number[]): S[] {
    let from = 0;
    for (const item of placing) {
      let high = list.length;
      while (from < high) {
        const middle = (from + high) >>> 1;
        if (this.#comparePlacing(this.#slotOf(list[middle] as S), item) < 0) from = middle + 1;
        else high = middle;
      }
      list.splice(from, 0, item.state);
      positions.push(from);
      from += 1;
    }
    return list;
  }

  /** Moves the member at `from` to where its new key puts it, in place; returns its new position. */
  #moveOne(from: number, moving: Placing<S>): number {
    const list = this.#list;
    // Binary search over the list as if the member were already out of it.
    let low = 0;
    let high = list.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const member = list[middle < from ? middle : middle + 1] as S;
      if (this.#comparePlacing(this.#slotOf(member), moving) < 0) low = middle + 1;
      else high = middle;
    }
    // A plain loop: copyWithin is many times slower on arrays of objects.
    for (let k = from; k > low; k--) list[k] = list[k - 1] as S;
    for (let k = from; k < low; k++) list[k] = list[k + 1] as S;
    list[low] = moving.state;
    return low;
  }

  /** `placing` in ascending order merged with `list` in one pass; each one's position is noted. */
  #mergeIn(list: readonly S[], placing: readonly Placing<S>[], positions: number[]): S[] {
    // Grown by push: a preallocated large array may get slow (dictionary) elements.
    const merged: S[] = [];
    let i = 0;
    for (const next of placing) {
      while (i < list.length && this.#comparePlacing(this.#slotOf(list[i] as S), next) < 0) merged.push(list[i++] as S);
      positions.push(merged.length);
      merged.push(next.state);
    }
    while (i < list.length) merged.push(list[i++] as S);
    return merged;
  }

  /** Gives the entities just placed (at ascending `positions`) labels between their neighbours'. */
  #label(positions: readonly number[]): void {
    const list = this.#list;
    let run = 0;
    while (run < positions.length) {
      // A run of adjacent placed entities shares the gap between the members around it.
      let end = run;
      while (end + 1 < positions.length && positions[end + 1] === (positions[end] as number) + 1) end += 1;
      const first = positions[run] as number;
      const last = positions[end] as number;
      const count = end - run + 1;
      const before = first > 0 ? this.#slotOf(list[first - 1] as S).label : undefined;
      const after = last + 1 < list.length ? this.#slotOf(list[last + 1] as S).label : undefined;
      const low = before ?? (after === undefined ? 0 : after - count - 1);
      const high = after ?? low + count + 1;
      let previous = low;
      for (let n = 1; n <= count; n++) {
        const label = low + ((high - low) * n) / (count + 1);
        if (!(label > previous && label < high)) {
          this.#renumber();
          return;
        }
        this.#slotOf(list[first + n - 1] as S).label = label;
        previous = label;
      }
      run = end + 1;
    }
  }

  /** Labels 0, 1, 2, … along the list: the gaps are whole again. */
  #renumber(): void {
    this.#list.forEach((state, index) => {
      this.#slotOf(state).label = index;
    });
  }
}
/** `list` without the given positions, one splice each, in place (few positions). */
function spliceOut<S>(list: S[], indexes: number[]): S[] {
  indexes.sort((a, b) => b - a);
  for (const index of indexes) list.splice(index, 1);
  return list;
}

/** `list` without the given positions, in one pass (many positions). */
function filterOut<S>(list: S[], indexes: readonly number[]): S[] {
  if (indexes.length === 0) return list;
  const out = new Set(indexes);
  return list.filter((_, index) => !out.has(index));
}
