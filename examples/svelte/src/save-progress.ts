import type { Observable } from 'rxjs';
import type { SaveEvent } from 'flask-restless-rx';

/** What a save's events say so far: steps done of steps planned, and how it ended. */
export interface SaveProgress {
  readonly done: number;
  readonly total: number;
  readonly state: 'saving' | 'saved' | 'failed';
}

/** Runs a save, reporting its progress from its events; resolves when it completes. */
export function runSave(events: Observable<SaveEvent>, report: (progress: SaveProgress) => void): Promise<void> {
  let done = 0;
  let total = 0;
  return new Promise((resolve, reject) => {
    events.subscribe({
      next(event) {
        if (event.type === 'planned') total = event.levels.reduce((sum, level) => sum + level.length, 0);
        if (event.type === 'created' || event.type === 'updated' || event.type === 'failed' || event.type === 'skipped') done += 1;
        report({ done, total, state: event.type === 'completed' ? (event.failed > 0 ? 'failed' : 'saved') : 'saving' });
      },
      complete: () => resolve(),
      error(error: unknown) {
        report({ done, total, state: 'failed' });
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    });
  });
}
