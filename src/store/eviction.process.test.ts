/**
 * The eviction timer must never keep a process alive: a Node script that loaded rows ends when
 * its work ends, not gcTimeMs later. Checked in a real child process (a fake clock cannot tell).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('gcTimeMs in a Node script', () => {
  it('the pending eviction timer does not keep the process alive', async () => {
    const started = performance.now();
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'test/support/exit-probe.ts'], { cwd: root, timeout: 15_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
    // The sweep timer was set (gcTimeMs / 2 of the default 5 minutes), and still the process ended.
    expect(JSON.parse(output)).toEqual({ people: 3, delays: expect.arrayContaining([150_000]) as unknown });
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
