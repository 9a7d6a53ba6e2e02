/**
 * Installs each framework example's own dependencies (`npm ci` in examples/<name>) when they are
 * missing or older than its lock file; the browser tests build the examples. Run by
 * `npm run test:browser`, after `npm run build` (the examples use the library's dist via file:../..).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

for (const name of ['svelte', 'angular']) {
  const dir = join(EXAMPLES, name);
  const lock = join(dir, 'package-lock.json');
  if (!existsSync(lock)) continue;
  const installed = join(dir, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) continue;
  console.log(`== npm ci in examples/${name}`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
}
