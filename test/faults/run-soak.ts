/**
 * Runs soak lanes side by side (each its own client and its own server or rows), then checks every
 * lane against a fault-free read, prints the violations and, as its last line, the summary:
 * operations by kind, faults injected by kind, invariant checks made and violations.
 */
import { firstValueFrom, timeout } from 'rxjs';
import { enabledKinds, type FaultKind } from './fault-kinds.js';
import { checkLane, readServer } from './invariants.js';
import { Lane, type ModelName } from './lane.js';
import { Prng } from './prng.js';
import type { SoakServer } from './soak-server.js';
import { settlePromise } from './settle.js';
import { Tally } from './tally.js';

export interface SoakOptions {
  readonly seed: number;
  /** One server per lane (lanes may share one when their rows are disjoint). */
  readonly servers: readonly SoakServer[];
  readonly operationsPerLane: number;
  readonly kinds?: readonly FaultKind[];
  readonly faultRate?: number;
  readonly timeoutMs?: number;
  readonly deadlineMs?: number;
  /** Operations left out (see LaneOptions.exclude). */
  readonly exclude?: readonly string[];
  /** Where the report goes (default console.log). */
  readonly print?: (text: string) => void;
}

const MODELS: readonly ModelName[] = ['Person', 'Computer', 'Article', 'Tag'];

export async function runSoak(options: SoakOptions): Promise<Tally> {
  const started = performance.now();
  const tally = new Tally();
  const kinds = options.kinds ?? enabledKinds();
  const deadlineMs = options.deadlineMs ?? 3000;
  const lanes = options.servers.map(
    (server, index) =>
      new Lane({
        lane: index,
        seed: options.seed,
        prng: new Prng(options.seed * 1000 + index),
        server,
        tally,
        kinds,
        faultRate: options.faultRate ?? 0.3,
        timeoutMs: options.timeoutMs ?? 150,
        deadlineMs,
        maxHangs: 4,
        ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
      }),
  );
  await Promise.all(lanes.map((lane) => lane.start()));
  await Promise.all(lanes.map((lane) => lane.run(options.operationsPerLane)));
  for (const lane of lanes) {
    lane.options.server.disarm();
    if (lane.abandoned) tally.check(false, () => ({ invariant: 'lane-abandoned', lane: lane.options.lane, subject: 'the lane', detail: `stopped after ${lane.options.maxHangs} hangs, ${lane.log.length} operations in`, history: lane.log.slice(-6) }));
  }
  for (const lane of lanes) {
    checkLane(lane, await readServer(lane.options.server.cleanUrl, deadlineMs, lane.options.server.credentials), false);
    // The lane's own client reads every row again (no faults now): rows other clients changed must
    // then agree too.
    const reread = await settlePromise(Promise.all(MODELS.map((model) => firstValueFrom(lane.client.models[model]!.all().pipe(timeout(deadlineMs))))), deadlineMs * 2);
    for (const list of reread.kind === 'ok' ? (reread.value ?? []) : []) for (const entity of list) lane.seen.add(entity);
    tally.check(reread.kind === 'ok', () => ({ invariant: 'reread-failed', lane: lane.options.lane, subject: 'all()', detail: reread.kind === 'error' ? String(reread.error) : 'hang', history: [] }));
    checkLane(lane, await readServer(lane.options.server.cleanUrl, deadlineMs, lane.options.server.credentials), true);
    lane.stop();
  }
  const print = options.print ?? ((text: string) => console.log(text));
  print(tally.report());
  print(tally.summary(options.seed, (performance.now() - started) / 1000));
  return tally;
}
