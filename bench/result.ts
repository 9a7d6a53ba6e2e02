/**
 * One figure of a benchmark for the summary table that `npm run bench` (bench/all.ts) prints after
 * every script ran. A script prints its own details as it goes and calls `result` once per figure
 * that answers a target (issue 11's and the others'): what was measured, the result as a ratio or a
 * time measured side by side in the same run, and the target when there is one.
 */
export interface BenchResult {
  readonly measure: string;
  readonly result: string;
  readonly target?: string;
}

export const RESULT_PREFIX = '@@bench ';

export function result(row: BenchResult): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify(row)}`);
}
