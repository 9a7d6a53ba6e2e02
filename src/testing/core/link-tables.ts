/**
 * The emulated database's link tables: pairs of row keys, one table per many-to-many relation
 * (shared by its two sides) or per relation whose foreign key the datamodel does not name. Entries
 * keep their insertion order, which is the order SQLite hands them back in.
 */
import type { RelationLink } from './relation-link.js';

type LinkTableRef = Extract<RelationLink, { kind: 'link-table' }>;

interface LinkTable {
  /** The family roots whose keys the left and right columns hold. */
  readonly leftRoot: string;
  readonly rightRoot: string;
  entries: Array<{ readonly left: string; readonly right: string }>;
}

export class LinkTables {
  readonly #tables = new Map<string, LinkTable>();

  /** The keys linked to `key` (a row of family `root`) through `link`, whose other side is `otherRoot`. */
  linked(link: LinkTableRef, root: string, otherRoot: string, key: string): string[] {
    const table = this.#table(link, root, otherRoot);
    const [mine, theirs] = link.side === 'left' ? (['left', 'right'] as const) : (['right', 'left'] as const);
    return table.entries.filter((entry) => entry[mine] === key).map((entry) => entry[theirs]);
  }

  /** Links `key` to `others`: added to its links, or replacing them. Duplicates are ignored. */
  link(link: LinkTableRef, root: string, otherRoot: string, key: string, others: readonly string[], mode: 'add' | 'replace'): void {
    const table = this.#table(link, root, otherRoot);
    if (mode === 'replace') table.entries = table.entries.filter((entry) => entry[link.side] !== key);
    for (const other of others) {
      const entry = link.side === 'left' ? { left: key, right: other } : { left: other, right: key };
      if (!table.entries.some((existing) => existing.left === entry.left && existing.right === entry.right)) table.entries.push(entry);
    }
  }

  /** Removes every link of a row (it was deleted). */
  forget(root: string, key: string): void {
    for (const table of this.#tables.values()) {
      table.entries = table.entries.filter((entry) => !(table.leftRoot === root && entry.left === key) && !(table.rightRoot === root && entry.right === key));
    }
  }

  /** Moves the links of a row whose primary key changed. */
  rekey(root: string, from: string, to: string): void {
    if (from === to) return;
    for (const table of this.#tables.values()) {
      table.entries = table.entries.map((entry) => ({
        left: table.leftRoot === root && entry.left === from ? to : entry.left,
        right: table.rightRoot === root && entry.right === from ? to : entry.right,
      }));
    }
  }

  clear(): void {
    this.#tables.clear();
  }

  /**
   * Adds one link even when it exists: a write that links a pair twice fails at commit, as the
   * duplicate primary key in the server's link table does (`duplicated()`).
   */
  append(link: LinkTableRef, root: string, otherRoot: string, key: string, other: string): void {
    const table = this.#table(link, root, otherRoot);
    table.entries.push(link.side === 'left' ? { left: key, right: other } : { left: other, right: key });
  }

  /** Removes one link between `key` and `other`; false when there is none. */
  removeOne(link: LinkTableRef, root: string, otherRoot: string, key: string, other: string): boolean {
    const table = this.#table(link, root, otherRoot);
    const [mine, theirs] = link.side === 'left' ? (['left', 'right'] as const) : (['right', 'left'] as const);
    const index = table.entries.findIndex((entry) => entry[mine] === key && entry[theirs] === other);
    if (index >= 0) table.entries.splice(index, 1);
    return index >= 0;
  }

  /** Whether some pair is linked twice (a primary key violation of the link table). */
  duplicated(): boolean {
    for (const table of this.#tables.values()) {
      const seen = new Set(table.entries.map((entry) => `${entry.left}\u0000${entry.right}`));
      if (seen.size !== table.entries.length) return true;
    }
    return false;
  }

  /** An independent copy (a database snapshot). */
  copy(): LinkTables {
    const copy = new LinkTables();
    copy.replaceWith(this);
    return copy;
  }

  /** Takes over the links of `other`, copied. */
  replaceWith(other: LinkTables): void {
    this.#tables.clear();
    for (const [name, table] of other.#tables) this.#tables.set(name, { ...table, entries: table.entries.map((entry) => ({ ...entry })) });
  }

  #table(link: LinkTableRef, root: string, otherRoot: string): LinkTable {
    let table = this.#tables.get(link.table);
    if (table === undefined) {
      table = link.side === 'left' ? { leftRoot: root, rightRoot: otherRoot, entries: [] } : { leftRoot: otherRoot, rightRoot: root, entries: [] };
      this.#tables.set(link.table, table);
    }
    return table;
  }
}
