/**
 * The emulated database's link tables: pairs of row keys, one table per many-to-many relation
 * (shared by its two sides) or per relation whose foreign key the datamodel does not name. Entries
 * keep their insertion order, which is the order SQLite hands them back in.
 */
import type { RelationLink } from '../query/relation-link.js';

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

  #table(link: LinkTableRef, root: string, otherRoot: string): LinkTable {
    let table = this.#tables.get(link.table);
    if (table === undefined) {
      table = link.side === 'left' ? { leftRoot: root, rightRoot: otherRoot, entries: [] } : { leftRoot: otherRoot, rightRoot: root, entries: [] };
      this.#tables.set(link.table, table);
    }
    return table;
  }
}
