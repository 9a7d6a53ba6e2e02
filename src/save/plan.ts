import type { Operation } from './operation.js';
import { createId, type Pending } from './collect.js';

/** A save's operations in levels: each level's operations depend only on earlier levels. */
export interface Plan {
  readonly levels: ReadonlyArray<ReadonlyArray<Operation>>;
  /** For each operation, the operations it waits for (within this plan). */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
}

/**
 * Sorts operations into levels (Kahn's algorithm with in-degree counters, a level at a time: each
 * edge is looked at once, so a dependency chain of thousands plans in milliseconds). Within a
 * level, operations keep the order they were given in (fixes made by cycle breaking come last).
 * A reference cycle among new entities (A refers to B and B to A) is broken: one to-one of the
 * cycle is left out of its entity's POST and sent by an update once both exist (create-then-update).
 * Dependencies on operations outside the plan (saved by an overlapping save) are the caller's to wait for.
 */
export function plan(pending: readonly Pending[]): Plan {
  const nodes = new Map<string, Node>();
  for (const entry of pending) nodes.set(entry.operation.id, { operation: entry.operation, dependsOn: [...entry.dependsOn], index: nodes.size, waiting: 0, dependents: [] });
  for (const node of nodes.values()) for (const dep of node.dependsOn) link(nodes, node, dep.on);
  const levels: Operation[][] = [];
  const done = new Set<string>();
  let ready = [...nodes.values()].filter((node) => node.waiting === 0);
  while (done.size < nodes.size) {
    if (ready.length === 0) {
      ready = breakCycle(nodes, done);
      continue;
    }
    levels.push(ready.map((node) => node.operation));
    const next: Node[] = [];
    for (const node of ready) done.add(node.operation.id);
    for (const node of ready) {
      for (const dependent of node.dependents) {
        dependent.waiting -= 1;
        if (dependent.waiting === 0) next.push(dependent);
      }
    }
    // The order of the operations given (a level's order decides the order of its requests).
    ready = next.sort((a, b) => a.index - b.index);
  }
  const dependencies = new Map([...nodes.values()].map((node) => [node.operation.id, node.dependsOn.map((dep) => dep.on).filter((id) => nodes.has(id))]));
  return { levels, dependencies };
}

interface Node {
  operation: Operation;
  dependsOn: Pending['dependsOn'];
  /** Position in the plan's input (fixes: after every input). */
  readonly index: number;
  /** How many of its dependencies (edges, within the plan) are not done yet. */
  waiting: number;
  /** The nodes that depend on this one, once per edge. */
  readonly dependents: Node[];
}

function link(nodes: ReadonlyMap<string, Node>, node: Node, on: string): void {
  const target = nodes.get(on);
  if (!target) return;
  node.waiting += 1;
  target.dependents.push(node);
}

/** Breaks one cycle; returns the nodes that became ready by it (the node whose edge was dropped, if nothing else holds it). */
function breakCycle(nodes: Map<string, Node>, done: ReadonlySet<string>): Node[] {
  for (const node of nodes.values()) {
    const operation = node.operation;
    if (done.has(operation.id) || operation.kind !== 'create') continue;
    const edge = node.dependsOn.find((dep) => dep.relation !== undefined && !done.has(dep.on) && nodes.has(dep.on));
    if (!edge || edge.relation === undefined) continue;
    const relation = edge.relation;
    node.operation = { ...operation, fields: operation.fields.filter((field) => field !== relation), deferred: [...operation.deferred, relation] };
    node.dependsOn = node.dependsOn.filter((dep) => dep !== edge);
    const target = nodes.get(edge.on) as Node;
    target.dependents.splice(target.dependents.indexOf(node), 1);
    node.waiting -= 1;
    const fixId = `fix:${operation.state.lid}:${relation}`;
    const fix: Node = {
      operation: { kind: 'update', id: fixId, state: operation.state, fields: [relation] },
      dependsOn: [{ on: createId(operation.state) }, { on: edge.on }],
      index: nodes.size,
      waiting: 0,
      dependents: [],
    };
    nodes.set(fixId, fix);
    for (const dep of fix.dependsOn) link(nodes, fix, dep.on);
    return node.waiting === 0 ? [node] : [];
  }
  // Only to-one references can be deferred; anything else is a bug in collecting.
  throw new RangeError(`The save plan has a cycle that no to-one reference breaks: ${[...nodes.keys()].filter((id) => !done.has(id)).join(', ')}`);
}
