/**
 * The incremental order of a live list on its own: many entities placed into the same gap (the
 * labels run out of room and are renumbered) still come out in key order, ties by previous order.
 */
import { describe, expect, it } from 'vitest';
import { SortedMembers } from './sorted-members.js';
import type { ColumnOrder } from './sort.js';

interface Item {
  readonly name: string;
  key: number;
  version: number;
}

const byKey: ColumnOrder<Item> = {
  keyOf: (item) => [item.key],
  compare: (a, b) => (a[0] as number) - (b[0] as number),
};

const names = (members: SortedMembers<Item>) => members.list.map((item) => item.name);

describe('sorted members', () => {
  it('keeps order when a hundred entities join into the same gap, one batch each', () => {
    const members = new SortedMembers<Item>(byKey, (item) => item.version);
    const low: Item = { name: 'low', key: 0, version: 0 };
    const high: Item = { name: 'high', key: 1000, version: 0 };
    // Labels far from 0, where a double has little room between two neighbours.
    const fillers = Array.from({ length: 1000 }, (_, n): Item => ({ name: `f${n}`, key: n - 1000, version: 0 }));
    members.reset([...fillers, high, low]);
    const joined: Item[] = [];
    for (let n = 0; n < 100; n++) {
      const item: Item = { name: `j${n}`, key: 500 - n, version: 0 };
      joined.push(item);
      members.apply(new Map([[item, true]]));
    }
    expect(names(members)).toEqual([...fillers.map((item) => item.name), 'low', ...joined.reverse().map((item) => item.name), 'high']);
    // Ties are still broken by the previous order after the labels were renumbered.
    const moved = joined[10] as Item;
    moved.key = 450;
    moved.version += 1;
    members.apply(new Map([[moved, true]]));
    const list = names(members);
    expect(list.indexOf(moved.name)).toBe(list.indexOf('j50') - 1);
    // Every member can still be found and taken out.
    for (const item of [...joined]) members.apply(new Map([[item, false]]));
    expect(names(members)).toEqual([...fillers.map((item) => item.name), 'low', 'high']);
  });
});
