/**
 * `npm run bench`: runs every benchmark script in its own process (so one's heap and JIT state do not
 * bias the next), shows what each prints, and ends with one table of the figures they report through
 * bench/result.ts. `BENCH_ONLY=name,name` runs a subset (file names without .ts).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RESULT_PREFIX, type BenchResult } from './result.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** In the order they run; `gc`: the script measures heap and needs node --expose-gc. */
const SCRIPTS: ReadonlyArray<{ readonly name: string; readonly gc?: boolean }> = [
  { name: 'run' },
  { name: 'plan' },
  { name: 'live-lists' },
  { name: 'tanstack-db' },
  { name: 'save' },
  { name: 'nested-save' },
  { name: 'codec' },
  { name: 'bundle' },
  { name: 'emulator' },
  { name: 'jsonapi-emulator' },
  { name: 'memory', gc: true },
  { name: 'entity-memory', gc: true },
  { name: 'jsonapi-normalize' },
  { name: 'stream-memory', gc: true },
];

const only = process.env['BENCH_ONLY']?.split(',').map((name) => name.trim());
const rows: Array<BenchResult & { readonly script: string }> = [];
let failed = 0;

for (const script of SCRIPTS) {
  if (only && !only.includes(script.name)) continue;
  console.log(`\n== bench/${script.name}.ts`);
  const args = [...(script.gc ? ['--expose-gc'] : []), '--import', 'tsx', join(HERE, `${script.name}.ts`)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line.startsWith(RESULT_PREFIX)) rows.push({ script: script.name, ...(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult) });
    else console.log(line);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) {
    failed += 1;
    console.log(`bench/${script.name}.ts exited with ${String(code)}`);
  }
}

console.log('\n== Summary (each ratio measured side by side in one run; printed, never asserted)\n');
console.log('| bench | measure | result | target |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.script} | ${row.measure} | ${row.result} | ${row.target ?? ''} |`);
if (failed > 0) process.exitCode = 1;
