// The plan of commit c23c72e (before in-degree counters), kept as the bench's baseline. Do not use elsewhere.
import type { Operation } from '../../src/save/operation.js';
import { createId, type Pending } from '../../src/save/collect.js';

/** A save's operations in levels: each level's operations depend only on earlier levels. */
interface Plan {
  readonly levels: ReadonlyArray<ReadonlyArray<Operation>>;
  /** For each operation, the operations it waits for (within this plan). */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
}

/**
 * Sorts operations into levels (Kahn's algorithm, a level at a time). A reference cycle among
 * new entities (A refers to B and B to A) is broken: one to-one of the cycle is left out of its
 * entity's POST and sent by an update once both exist (create-then-update). Dependencies on
 * operations outside the plan (saved by an overlapping save) are the caller's to wait for.
 */
export function planByRescan(pending: readonly Pending[]): Plan {
  const nodes = new Map(pending.map((entry) => [entry.operation.id, { operation: entry.operation, dependsOn: [...entry.dependsOn] }]));
  const levels: Operation[][] = [];
  const done = new Set<string>();
  while (done.size < nodes.size) {
    const ready = [...nodes.values()].filter((node) => !done.has(node.operation.id) && node.dependsOn.every((dep) => done.has(dep.on) || !nodes.has(dep.on)));
    if (ready.length === 0) {
      breakCycle(nodes, done);
      continue;
    }
    levels.push(ready.map((node) => node.operation));
    for (const node of ready) done.add(node.operation.id);
  }
  const dependencies = new Map([...nodes.values()].map((node) => [node.operation.id, node.dependsOn.map((dep) => dep.on).filter((id) => nodes.has(id))]));
  return { levels, dependencies };
}

type Node = { operation: Operation; dependsOn: Pending['dependsOn'] };

function breakCycle(nodes: Map<string, Node>, done: ReadonlySet<string>): void {
  for (const node of nodes.values()) {
    const operation = node.operation;
    if (done.has(operation.id) || operation.kind !== 'create') continue;
    const edge = node.dependsOn.find((dep) => dep.relation !== undefined && !done.has(dep.on) && nodes.has(dep.on));
    if (!edge || edge.relation === undefined) continue;
    const relation = edge.relation;
    node.operation = { ...operation, fields: operation.fields.filter((field) => field !== relation), deferred: [...operation.deferred, relation] };
    node.dependsOn = node.dependsOn.filter((dep) => dep !== edge);
    const fixId = `fix:${operation.state.lid}:${relation}`;
    nodes.set(fixId, {
      operation: { kind: 'update', id: fixId, state: operation.state, fields: [relation] },
      dependsOn: [{ on: createId(operation.state) }, { on: edge.on }],
    });
    return;
  }
  // Only to-one references can be deferred; anything else is a bug in collecting.
  throw new RangeError(`The save plan has a cycle that no to-one reference breaks: ${[...nodes.keys()].filter((id) => !done.has(id)).join(', ')}`);
}
