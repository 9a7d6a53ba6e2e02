/**
 * What a soak run counts and found: operations by kind, faults injected (served) by kind, checks
 * made, and violations with the entity and the operation/fault history behind each. `summary()` is
 * the run's last line.
 */

export interface Violation {
  /** The invariant broken, e.g. `duplicate-row`, `lost-edit`, `hang`. */
  readonly invariant: string;
  readonly lane: number;
  /** The entity, as `Model token` or `Model #id`. */
  readonly subject: string;
  readonly detail: string;
  /** The operations (and their faults) that touched the subject, oldest first. */
  readonly history: readonly string[];
}

export class Tally {
  readonly operations = new Map<string, number>();
  readonly faults = new Map<string, number>();
  readonly violations: Violation[] = [];
  checks = 0;

  operation(kind: string): void {
    bump(this.operations, kind);
  }

  fault(kind: string, served: number): void {
    if (served > 0) bump(this.faults, kind, served);
  }

  /** One invariant check; records the violation when `ok` is false. */
  check(ok: boolean, violation: () => Violation): void {
    this.checks += 1;
    if (!ok) this.violations.push(violation());
  }

  get operationCount(): number {
    return [...this.operations.values()].reduce((sum, count) => sum + count, 0);
  }

  /** One line per violation, for a test to compare with []. */
  lines(): string[] {
    return this.violations.map((violation) => `${violation.invariant}: ${violation.subject}: ${violation.detail}`);
  }

  /** The violations, grouped by invariant, with the first few in full. */
  report(shown = 12): string {
    if (this.violations.length === 0) return 'no violations';
    const byInvariant = new Map<string, number>();
    for (const violation of this.violations) bump(byInvariant, violation.invariant);
    const lines = [`${this.violations.length} violations: ${format(byInvariant)}`];
    const seen = new Set<string>();
    for (const violation of this.violations) {
      // The first example of each invariant, then more up to `shown`.
      if (seen.has(violation.invariant) && lines.length > shown) continue;
      seen.add(violation.invariant);
      lines.push(`- [${violation.invariant}] lane ${violation.lane}, ${violation.subject}: ${violation.detail}`);
      for (const step of violation.history.slice(-8)) lines.push(`    ${step}`);
    }
    return lines.join('\n');
  }

  /** The last line of a run. */
  summary(seed: number, seconds: number): string {
    const violations = new Map<string, number>();
    for (const violation of this.violations) bump(violations, violation.invariant);
    return (
      `fault soak seed=${seed} in ${seconds.toFixed(1)} s | operations ${this.operationCount}: ${format(this.operations)} | ` +
      `faults injected ${sum(this.faults)}: ${format(this.faults)} | invariant checks ${this.checks}, violations ${this.violations.length}` +
      (violations.size === 0 ? '' : `: ${format(violations)}`)
    );
  }
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function sum(map: Map<string, number>): number {
  return [...map.values()].reduce((total, count) => total + count, 0);
}

function format(map: Map<string, number>): string {
  return [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key}=${count}`)
    .join(' ');
}
