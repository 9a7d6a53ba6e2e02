/**
 * A progress bar on stderr, so that stdout stays the data: redrawn in place on a terminal, one
 * line per whole percent otherwise (a log file, a CI job, a test).
 */
const WIDTH = 30;

export interface ProgressBar {
  update(done: number, total: number): void;
  /** The last state, and the line ended. */
  finish(message: string): void;
}

export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr): ProgressBar {
  let lastPercent = -1;
  const line = (done: number, total: number) => {
    // A total can move while the read runs (rows inserted or deleted meanwhile): never past 100%.
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * WIDTH);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total}`;
  };
  return {
    update(done, total) {
      const percent = total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : 100;
      if (out.isTTY) out.write(`\r${line(done, total)}`);
      else if (percent !== lastPercent) out.write(`${line(done, total)}\n`);
      lastPercent = percent;
    },
    finish(message) {
      out.write(`${out.isTTY ? '\n' : ''}${label}: ${message}\n`);
    },
  };
}
