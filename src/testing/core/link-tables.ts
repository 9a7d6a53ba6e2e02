/**
 * The emulated database's link tables: pairs of row keys, one table per many-to-many relation
 * (shared by its two sides) or per relation whose foreign key the datamodel does not name. Entries
 * keep their insertion order, which is the order SQLite hands them back in. A write's transaction
 * journals the tables it changes (a copy of each, taken at its first change), not all of them.
 */
import type { RelationLink } from './relation-link.js';

type LinkTableRef = Extract<RelationLink, { kind: 'link-table' }>;

interface LinkTable {
  /** The family roots whose keys the left and right columns hold. */
  readonly leftRoot: string;
  readonly rightRoot: string;
  entries: Array<{ readonly left: string; readonly right: string }>;
  /** The entries by the key of one side, in insertion order; built on demand, dropped by every change. */
  bySide?: { readonly left?: Map<string, string[]>; readonly right?: Map<string, string[]> };
}

/** An open transaction's record: each link table it changed, as it was before (undefined: it did not exist). */
export type LinkTablesJournal = Map<string, LinkTable | undefined>;

export class LinkTables {
  readonly #tables = new Map<string, LinkTable>();
  readonly #journals: LinkTablesJournal[] = [];
  readonly #onChange: () => void;

  /** `onChange` runs before every change (the database's version of its contents). */
  constructor(onChange: () => void = () => undefined) {
    this.#onChange = onChange;
  }

  /** Starts recording the tables that change, until `endJournal`. */
  beginJournal(): LinkTablesJournal {
    const journal: LinkTablesJournal = new Map();
    this.#journals.push(journal);
    return journal;
  }

  /** Stops recording; `undo` puts every table the journal recorded back as it was. */
  endJournal(journal: LinkTablesJournal, outcome: 'keep' | 'undo'): void {
    const index = this.#journals.indexOf(journal);
    if (index < 0) return;
    this.#journals.splice(index, 1);
    if (outcome === 'keep') return;
    for (const [name, before] of journal) {
      this.#changing(name);
      if (before === undefined) this.#tables.delete(name);
      else this.#tables.set(name, { ...before, entries: [...before.entries] });
    }
  }

  /** The keys linked to `key` (a row of family `root`) through `link`, whose other side is `otherRoot`. */
  linked(link: LinkTableRef, key: string): readonly string[] {
    const table = this.#tables.get(link.table);
    if (table === undefined) return [];
    return this.#bySide(table, link.side).get(key) ?? [];
  }

  /** Links `key` to `others`: added to its links, or replacing them. Duplicates are ignored. */
  link(link: LinkTableRef, root: string, otherRoot: string, key: string, others: readonly string[], mode: 'add' | 'replace'): void {
    const table = this.#mutable(link, root, otherRoot);
    if (mode === 'replace') table.entries = table.entries.filter((entry) => entry[link.side] !== key);
    for (const other of others) {
      const entry = link.side === 'left' ? { left: key, right: other } : { left: other, right: key };
      if (!table.entries.some((existing) => existing.left === entry.left && existing.right === entry.right)) table.entries.push(entry);
    }
  }

  /** Removes every link of a row (it was deleted). */
  forget(root: string, key: string): void {
    for (const [name, table] of this.#tables) {
      const linked = (table.leftRoot === root && this.#bySide(table, 'left').has(key)) || (table.rightRoot === root && this.#bySide(table, 'right').has(key));
      if (!linked) continue;
      this.#changing(name);
      table.entries = table.entries.filter((entry) => !(table.leftRoot === root && entry.left === key) && !(table.rightRoot === root && entry.right === key));
    }
  }

  /** Moves the links of a row whose primary key changed. */
  rekey(root: string, from: string, to: string): void {
    if (from === to) return;
    for (const [name, table] of this.#tables) {
      const linked = (table.leftRoot === root && this.#bySide(table, 'left').has(from)) || (table.rightRoot === root && this.#bySide(table, 'right').has(from));
      if (!linked) continue;
      this.#changing(name);
      table.entries = table.entries.map((entry) => ({
        left: table.leftRoot === root && entry.left === from ? to : entry.left,
        right: table.rightRoot === root && entry.right === from ? to : entry.right,
      }));
    }
  }

  clear(): void {
    for (const name of [...this.#tables.keys()]) this.#changing(name);
    this.#tables.clear();
  }

  /**
   * Adds one link even when it exists: a write that links a pair twice fails at commit, as the
   * duplicate primary key in the server's link table does (`duplicated()`).
   */
  append(link: LinkTableRef, root: string, otherRoot: string, key: string, other: string): void {
    const table = this.#mutable(link, root, otherRoot);
    table.entries.push(link.side === 'left' ? { left: key, right: other } : { left: other, right: key });
  }

  /** Removes one link between `key` and `other`; false when there is none. */
  removeOne(link: LinkTableRef, root: string, otherRoot: string, key: string, other: string): boolean {
    const table = this.#tables.get(link.table);
    const [mine, theirs] = link.side === 'left' ? (['left', 'right'] as const) : (['right', 'left'] as const);
    const index = table === undefined ? -1 : table.entries.findIndex((entry) => entry[mine] === key && entry[theirs] === other);
    if (table === undefined || index < 0) return false;
    this.#changing(link.table);
    table.entries.splice(index, 1);
    return true;
  }

  /** Whether some pair is linked twice (a primary key violation of the link table). */
  duplicated(): boolean {
    for (const table of this.#tables.values()) {
      const seen = new Set(table.entries.map((entry) => `${entry.left}\u0000${entry.right}`));
      if (seen.size !== table.entries.length) return true;
    }
    return false;
  }

  /** Before table `name` changes: open journals keep its first state, and its index goes. */
  #changing(name: string): void {
    this.#onChange();
    const table = this.#tables.get(name);
    for (const journal of this.#journals) if (!journal.has(name)) journal.set(name, table === undefined ? undefined : { leftRoot: table.leftRoot, rightRoot: table.rightRoot, entries: [...table.entries] });
    if (table !== undefined) delete table.bySide;
  }

  /** The table behind `link`, about to change (created if new). */
  #mutable(link: LinkTableRef, root: string, otherRoot: string): LinkTable {
    this.#changing(link.table);
    return this.#table(link, root, otherRoot);
  }

  /** The other side's keys linked to each key of `side`, in insertion order (duplicates kept). */
  #bySide(table: LinkTable, side: 'left' | 'right'): ReadonlyMap<string, string[]> {
    const built = table.bySide?.[side];
    if (built !== undefined) return built;
    const index = new Map<string, string[]>();
    const other = side === 'left' ? 'right' : 'left';
    for (const entry of table.entries) {
      const list = index.get(entry[side]);
      if (list === undefined) index.set(entry[side], [entry[other]]);
      else list.push(entry[other]);
    }
    table.bySide = { ...table.bySide, [side]: index };
    return index;
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
